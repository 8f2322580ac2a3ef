// Gives every request an id (kept from a sane incoming X-Request-Id) and echoes it on every response.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

const SANE = /^[A-Za-z0-9._:-]{8,64}$/;

export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    const incoming = c.req.header('x-request-id');
    const id = incoming && SANE.test(incoming) ? incoming : `req_${crypto.randomUUID().replace(/-/g, '')}`;
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
    // On the answer itself: c.header() on a finalized answer copies the whole Response to change one header, on every
    // request (CPU before the first byte of a stream). An answer with immutable headers (a fetched one) is copied once.
    if (c.res.headers.get('X-Request-Id') === id) return;
    try {
      c.res.headers.set('X-Request-Id', id);
    } catch {
      c.header('X-Request-Id', id);
    }
  };
}
