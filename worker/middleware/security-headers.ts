// Security headers on every answer; pages get a strict CSP (all scripts and styles are served by the Worker).
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeaders(c, next) {
    await next();
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    // A page may ask for less (pages holding a token in their URL send no Referer to other sites: same-origin).
    if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (!h.has('Content-Security-Policy') && (h.get('content-type') ?? '').startsWith('text/html')) {
      h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      h.set('X-Frame-Options', 'DENY');
    }
    if (new URL(c.req.url).protocol === 'https:') h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}
