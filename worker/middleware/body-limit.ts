// Refuses bodies over the limit with 413 in the API error shape (checked on Content-Length and while streaming).
// Knowledge-base document uploads (API and pages) may be as large as the largest plan's file plus the form's overhead;
// the plan's own file limit is checked by the documents service.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_UPLOAD_BYTES = 51 * 1024 * 1024;
const UPLOAD_PATH = /^\/(?:api\/v1|app)\/knowledge(?:-bases)?\/[^/]+\/documents\/?$/;

export function bodyLimit(maxSize = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  const limit = (size: number) =>
    honoBodyLimit({
      maxSize: size,
      onError: () => {
        throw new AppError('payload_too_large', `The request body is larger than ${Math.round(size / 1024)} KB`);
      },
    });
  const normal = limit(maxSize);
  const upload = limit(MAX_UPLOAD_BYTES);
  return (c, next) => (c.req.method === 'POST' && UPLOAD_PATH.test(c.req.path) ? upload : normal)(c, next);
}
