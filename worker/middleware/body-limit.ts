// Refuses bodies over the limit with 413 in the API error shape (checked on Content-Length and while streaming).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { CHAT_FILE_MAX_BYTES } from '../knowledge/chat-file-settings';

export const MAX_BODY_BYTES = 1024 * 1024;

/** A message with a file (files in chat: services/chat-files.ts) may carry the platform's file cap and its fields. */
export const MESSAGE_WITH_FILE_BYTES = CHAT_FILE_MAX_BYTES + 64 * 1024;
const MESSAGE_PATH = /\/messages$/;

const limit = (maxSize: number) =>
  honoBodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('payload_too_large', `The request body is larger than ${Math.round(maxSize / 1024)} KB`);
    },
  });

export function bodyLimit(maxSize = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  const normal = limit(maxSize);
  if (maxSize !== MAX_BODY_BYTES) return normal;
  const withFile = limit(MESSAGE_WITH_FILE_BYTES);
  return function bodyLimit(c, next) {
    const upload = c.req.method === 'POST' && MESSAGE_PATH.test(c.req.path) && /^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '');
    return upload ? withFile(c, next) : normal(c, next);
  };
}
