/**
 * The widget API's gate (routes/protocols/embed.ts): resolves the public key in the path (per-isolate cache, no D1 when warm),
 * checks the browser's Origin against the key's allowed origins on every request, preflight included, and only
 * then answers with CORS headers. A refused origin gets only a readable 403 naming it (so the widget can say which
 * origin to add), and is recorded for the Embed page.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { AppError, notFound } from '../errors';
import { type ResolvedEmbedKey, resolveEmbedKey } from '../services/embed-key-cache';
import { isPublicKey, originAllowed } from '../services/embed-keys';
import { recordRefusedOrigin } from '../queues/refused-origin-events';

export type EmbedEnv = {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & { embed: { key: ResolvedEmbedKey; origin: string } };
};

const PREFLIGHT = {
  'Access-Control-Allow-Methods': 'GET, POST, DELETE',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Max-Age': '600',
};

export function embedGuard(): MiddlewareHandler<EmbedEnv> {
  return async function embedGuard(c, next) {
    c.header('Vary', 'Origin');
    const self = new URL(c.req.url).origin;
    // Browsers leave Origin out of same-origin GETs: the platform's own pages (the settings preview) are always
    // allowed, since nothing but our own code runs on this origin.
    const origin = c.req.header('origin') ?? (c.req.header('sec-fetch-site') === 'same-origin' ? self : undefined);
    if (!origin) throw new AppError('forbidden', 'The embed API answers web pages on allowed origins only (no Origin header)');
    const pk = c.req.param('pk') ?? '';
    const key = isPublicKey(pk) ? await resolveEmbedKey(c.env, pk) : undefined;
    if (!key) throw notFound('Embed key');
    if (origin !== self && !originAllowed(origin, key.allowedOrigins)) {
      recordRefusedOrigin(c.env, (p) => c.executionCtx.waitUntil(p), { tenant_id: key.tenantId, key_id: key.id, origin, at: Date.now() });
      // This answer (never a preflight's) carries CORS headers for the refused origin, so the widget can read it and
      // tell the site owner exactly which origin to add; it holds nothing but that.
      const cors = c.req.method === 'OPTIONS' ? undefined : { 'Access-Control-Allow-Origin': origin };
      throw new AppError(
        'forbidden',
        `This site (${origin}) is not allowed for key ${pk}: add it in Agents → Embed`,
        [{ path: 'origin', message: origin }],
        cors,
      );
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    if (c.req.method === 'OPTIONS') return c.body(null, 204, PREFLIGHT);
    c.set('embed', { key, origin });
    await next();
  };
}
