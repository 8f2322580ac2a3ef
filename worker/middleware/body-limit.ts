// Refuses bodies over the limit with 413 in the API error shape (checked on Content-Length and while streaming).
// Knowledge-base document uploads (API and pages) may be as large as the largest plan's file plus the form's overhead;
// the plan's own file limit is checked by the documents service. A message with a file in chat may carry 10 MB.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { CHAT_FILE_MAX_BYTES } from '../knowledge/chat-file-settings';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_UPLOAD_BYTES = 51 * 1024 * 1024;
const UPLOAD_PATH = /^\/(?:api\/v1|app)\/knowledge(?:-bases)?\/[^/]+\/documents\/?$/;

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

/**
 * The request body limit: MAX_BODY_BYTES, but a knowledge document upload may carry MAX_UPLOAD_BYTES and a
 * multipart message with a file MESSAGE_WITH_FILE_BYTES.
 */
export function bodyLimit(maxSize = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  const normal = limit(maxSize);
  if (maxSize !== MAX_BODY_BYTES) return normal;
  const upload = limit(MAX_UPLOAD_BYTES);
  const withFile = limit(MESSAGE_WITH_FILE_BYTES);
  return function bodyLimit(c, next) {
    if (c.req.method !== 'POST') return normal(c, next);
    if (UPLOAD_PATH.test(c.req.path)) return upload(c, next);
    const file = MESSAGE_PATH.test(c.req.path) && /^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '');
    return file ? withFile(c, next) : normal(c, next);
  };
}
