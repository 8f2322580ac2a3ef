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

// A high surrogate not followed by a low one, or a low one not preceded by a high one (code units, no `u` flag).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The path of the first string (value or key) in `value` holding a lone UTF-16 surrogate (`"\ud800"` in JSON), or
 * null. Such a string is not Unicode text: stored in D1 or sent on as UTF-8 it silently becomes U+FFFD.
 */
export function loneSurrogatePath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path.join('.') || '(body)' : null;
  if (!value || typeof value !== 'object') return null;
  for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const at = [...path, String(k)];
    if (typeof k === 'string' && LONE_SURROGATE.test(k)) return at.join('.');
    const found = loneSurrogatePath(v, at);
    if (found) return found;
  }
  return null;
}

/** JSON text → value: 400 invalid_json for bad syntax, 400 validation_failed for text that is not valid Unicode. */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', 'The body is not valid JSON');
  }
  const bad = loneSurrogatePath(value);
  if (bad)
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: bad, message: 'contains a lone UTF-16 surrogate (e.g. \\ud800): send valid Unicode text' },
    ]);
  return value;
}

/** Reads a JSON body. An empty body counts as `{}` so routes whose fields are all optional accept a bare POST. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    // Fatal decoding: invalid UTF-8 (e.g. a surrogate encoded as bytes) is refused instead of turning into U+FFFD.
    text = strictUtf8.decode(await c.req.arrayBuffer());
  } catch (e) {
    if (e instanceof TypeError) throw new AppError('validation_failed', 'The request is not valid', [{ path: '(body)', message: 'is not valid UTF-8' }]);
    throw e;
  }
  if (text.trim() === '') return validate(schema, {});
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
  }
  return validate(schema, parseJsonText(text));
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
