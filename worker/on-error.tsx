// The one place errors become responses: JSON in the API.md shape for the API, an HTML page or fragment otherwise.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorPage } from '../views/pages/error-page';
import type { AppEnv } from './env';
import { AppError } from './errors';
import { openAiError } from './openai-compat/errors';

const isApi = (path: string) =>
  path.startsWith('/api/') ||
  path.startsWith('/v1/') ||
  path.startsWith('/operator/') ||
  path.startsWith('/embed/') ||
  path === '/mcp' ||
  /^\/s\/[^/]+\/api\//.test(path) ||
  /^\/marketplace\/[^/]+\/try\/api\//.test(path);

/** A share link's token is a credential: logged paths never carry it. */
export const loggablePath = (path: string) => path.replace(/^\/s\/[^/]+/, '/s/[token]');

function toAppError(err: unknown, c: Context<AppEnv>): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 404 ? 'not_found' : err.status === 413 ? 'payload_too_large' : err.status === 401 ? 'unauthorized' : 'bad_request';
    return new AppError(code, err.message || 'Bad request');
  }
  console.error(
    JSON.stringify({
      level: 'error',
      request_id: c.var.requestId,
      path: loggablePath(new URL(c.req.url).pathname),
      error: String(err),
      stack: err instanceof Error ? err.stack : undefined,
    }),
  );
  return new AppError('internal_error', 'Something went wrong on our side. Quote the request id if you contact support.');
}

export function onError(err: unknown, c: Context<AppEnv>): Response | Promise<Response> {
  const e = toAppError(err, c);
  for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
  const path = new URL(c.req.url).pathname;
  // The OpenAI-compatible API answers in OpenAI's error shape, so its SDKs raise their usual errors.
  if (path.startsWith('/v1/')) return c.json(openAiError(e), e.status);
  if (isApi(new URL(c.req.url).pathname) || !(c.req.header('accept') ?? '').includes('text/html')) {
    return c.json(e.toJSON(), e.status);
  }
  const title = e.status === 404 ? 'Page not found' : e.status >= 500 ? 'Something went wrong' : 'That did not work';
  const page = <ErrorPage status={e.status} title={title} message={e.message} requestId={c.var.requestId} />;
  return c.html(page, e.status);
}

export function notFoundHandler(c: Context<AppEnv>): Response | Promise<Response> {
  return onError(new AppError('not_found', isApi(new URL(c.req.url).pathname) ? 'No such route' : 'There is nothing at this address.'), c);
}
