// Refuses bodies over the limit with 413 in the API error shape (checked on Content-Length and while streaming).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

export const MAX_BODY_BYTES = 1024 * 1024;

export function bodyLimit(maxSize = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  return honoBodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('payload_too_large', `The request body is larger than ${Math.round(maxSize / 1024)} KB`);
    },
  });
}
