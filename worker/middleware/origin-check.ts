// Refuses unsafe cross-site requests: an Origin (or, without one, a Referer) from another site is a 403.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { SAFE_METHODS } from '../lib/http-methods';

/** Applies to cookie-carrying requests; API-key calls are not browser-driven and are not affected. */
export function originCheck(): MiddlewareHandler<AppEnv> {
  return async function originCheck(c, next) {
    // The widget API (/embed/) never reads cookies and checks Origin itself against each key's allowed origins;
    // webhooks (/hooks/) never read cookies either: their signature is the credential.
    const cookieless = c.req.path.startsWith('/embed/') || c.req.path.startsWith('/hooks/');
    if (!SAFE_METHODS.has(c.req.method) && !c.req.header('authorization') && !cookieless) {
      const self = new URL(c.req.url).origin;
      const origin = c.req.header('origin');
      const referer = c.req.header('referer');
      const from = origin && origin !== 'null' ? origin : referer ? safeOrigin(referer) : undefined;
      if (origin === 'null' || (from !== undefined && from !== self)) {
        throw new AppError('csrf_failed', 'Cross-site request refused');
      }
    }
    await next();
  };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid';
  }
}
