// A chat message's body on every surface that sends one (sessions API, widget, share links): JSON as before, or
// multipart/form-data with the same fields plus `file` (files in chat, services/chat-files.ts reads the file).
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors';
import { jsonBody, validate } from './validate';

/** Stands in for the text of a message that is only a file while the schema checks the other fields. */
const FILE_ONLY = 'file';

/** A file field that carries nothing (a form whose file input was left empty) counts as no file. */
export const fileOf = (v: unknown): File | null => (v instanceof File && (v.size > 0 || v.name !== '') ? v : null);

/**
 * The message fields, validated by `schema`, and the attached file (null without one). In multipart bodies,
 * `stream` is the text `true` or `false`; a message with a file may have no text.
 */
export async function messageBody<S extends z.ZodType<{ content: string }>>(c: Context, schema: S): Promise<{ input: z.infer<S>; file: File | null }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) return { input: await jsonBody(c, schema), file: null };
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new AppError('validation_failed', 'The request is not valid', [{ path: '(body)', message: 'is not a readable multipart/form-data body' }]);
  }
  const files = form
    .getAll('file')
    .map(fileOf)
    .filter((f): f is File => f !== null);
  if (files.length > 1) throw new AppError('validation_failed', 'Attach one file per message', [{ path: 'file', message: 'only one file per message' }]);
  const file = files[0] ?? null;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) {
    if (k === 'file') continue;
    if (typeof v !== 'string') throw new AppError('validation_failed', 'The request is not valid', [{ path: k, message: 'must be text' }]);
    fields[k] = k === 'stream' && (v === 'true' || v === 'false') ? v === 'true' : v;
  }
  const content = typeof fields.content === 'string' ? fields.content : '';
  const onlyFile = file !== null && !content.trim();
  const input = validate(schema, { ...fields, content: onlyFile ? FILE_ONLY : content });
  return { input: onlyFile ? { ...input, content: '' } : input, file };
}
