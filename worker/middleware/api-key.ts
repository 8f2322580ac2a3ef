// Routes for integrators' code only (the OpenAI-compatible API, MCP): an `Authorization: Bearer <api key>` header
// is required, so a browser's cookie never reaches them, then the usual authentication runs (auth.ts).
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { requireAuth } from './auth';

export function requireApiKey(): MiddlewareHandler<AppEnv> {
  const auth = requireAuth();
  return async function requireApiKey(c, next) {
    if (!c.req.header('authorization')) {
      throw new AppError('unauthorized', 'Send your API key as Authorization: Bearer <api key>', undefined, { 'WWW-Authenticate': 'Bearer' });
    }
    try {
      return await auth(c, next);
    } catch (e) {
      // A key that is malformed, unknown or revoked: say so the way Bearer clients (MCP, OAuth libraries) look for.
      if (e instanceof AppError && e.code === 'unauthorized' && !e.headers) {
        throw new AppError('unauthorized', e.message, e.details, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      }
      throw e;
    }
  };
}
