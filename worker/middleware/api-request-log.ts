// Records every API-key request (method, path, status, latency) for the developer portal's log, after the answer
// has been produced and without awaiting anything: the event is batched to the EVENTS queue (queues/api-request-events.ts).
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Auth } from '../env';
import { recordApiRequest } from '../queues/api-request-events';

export function apiRequestLog(): MiddlewareHandler<AppEnv> {
  return async function apiRequestLog(c, next) {
    const started = Date.now();
    await next();
    // Set by the route's auth middleware; requests that never authenticated with a key have no tenant to log to.
    const auth = c.get('auth') as Auth | undefined;
    if (auth?.kind !== 'api_key') return;
    recordApiRequest(c.env, (p) => c.executionCtx.waitUntil(p), {
      tenant_id: auth.tenantId,
      key_id: auth.keyId,
      method: c.req.method,
      path: c.req.path.slice(0, 300),
      status: c.res.status,
      latency_ms: Date.now() - started,
      request_id: c.var.requestId,
      at: started,
    });
  };
}
