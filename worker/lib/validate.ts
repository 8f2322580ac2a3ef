// Request parsing: content type (415), JSON syntax (400 invalid_json) and zod validation with per-field details.
import type { Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors';

export function zodDetails(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('validation_failed', 'The request is not valid', zodDetails(r.error));
  return r.data;
}

/** Reads a JSON body. An empty body counts as `{}` so routes whose fields are all optional accept a bare POST. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  if (text.trim() === '') return validate(schema, {});
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', 'The body is not valid JSON');
  }
  return validate(schema, value);
}

/** Validates a form post (pages); returns field errors instead of throwing so the form can be re-rendered. */
export function formValues<S extends z.ZodType>(schema: S, value: unknown) {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true as const, data: r.data as z.infer<S> };
  const errors: Record<string, string> = {};
  for (const i of r.error.issues) {
    const key = String(i.path[0] ?? 'form');
    errors[key] ??= i.message;
  }
  return { ok: false as const, errors };
}

/** A `?flag=true|false` query parameter (absent is false); anything else is a 400 naming the parameter. */
export function boolQuery(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new AppError('validation_failed', `${name} must be true or false`, [{ path: name, message: 'must be true or false' }]);
}
