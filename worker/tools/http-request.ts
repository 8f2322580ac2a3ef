// The `http` tool kind's configuration (API.md: {method, url, headers?, query?, body?}) and how arguments become a
// request: `{param}` placeholders in the URL and header values, `query` arguments, and a JSON body.
import { z } from 'zod';
import { joinUrl } from './connection-auth';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
/** Headers a tool's static config may not set: transport headers, and credentials (they belong in a connection). */
const FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'cookie', 'authorization', 'proxy-authorization']);

export const httpConfigSchema = z.strictObject({
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(HTTP_METHODS)),
  url: z.string().trim().min(1, 'Give the URL (absolute, or a path relative to the connection base_url)').max(2000),
  headers: z
    .record(
      z
        .string()
        .max(100)
        .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'Use valid HTTP header names')
        .refine((h) => !FORBIDDEN_HEADERS.has(h.toLowerCase()), 'This header cannot be set here; credentials belong in a connection'),
      z
        .string()
        .max(2000)
        .regex(/^[^\x00-\x1f\x7f]*$/, 'Header values must not contain line breaks or control characters'),
    )
    .optional(),
  query: z.array(z.string().min(1).max(100)).max(50).optional(),
  body: z.literal('json').optional(),
  /** Extension for imported operations whose JSON body is not an object: the body is this one argument. */
  body_param: z.string().min(1).max(100).optional(),
});
export type HttpConfig = z.infer<typeof httpConfigSchema>;

const PLACEHOLDER = /\{([^{}\s]{1,100})\}/g;

/** The argument names a template uses. */
export const placeholders = (template: string) => [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);

export type BuiltRequest = { url: URL; method: string; headers: Headers; body: string | null };

function scalar(name: string, v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`Argument "${name}" must be a string, number or boolean`);
}

/** Builds the request, or throws an Error whose message the model can act on. */
export function buildHttpRequest(config: HttpConfig, args: Record<string, unknown>, baseUrl: string | null): BuiltRequest {
  const used = new Set<string>();
  const fill = (template: string, encode: boolean) =>
    template.replace(PLACEHOLDER, (_m, name: string) => {
      if (args[name] === undefined || args[name] === null) throw new Error(`Missing argument "${name}"`);
      used.add(name);
      const value = scalar(name, args[name]);
      // An encoded ".." is still a path segment the server resolves: refuse it rather than let it climb the path.
      if (encode && (value === '.' || value === '..')) throw new Error(`Argument "${name}" cannot be "${value}"`);
      return encode ? encodeURIComponent(value) : value;
    });
  const path = fill(config.url, true);
  let url: URL;
  if (/^https?:\/\//i.test(path)) url = new URL(path);
  else if (baseUrl) url = new URL(joinUrl(baseUrl, path));
  else throw new Error('This tool has a relative URL but no connection with a base_url');
  for (const name of config.query ?? []) {
    const v = args[name];
    if (v === undefined || v === null) continue;
    used.add(name);
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(name, scalar(name, item));
  }
  const headers = new Headers({ accept: 'application/json, text/plain;q=0.9, */*;q=0.5' });
  for (const [k, v] of Object.entries(config.headers ?? {})) {
    const value = fill(v, false);
    if (/[\x00-\x1f\x7f]/.test(value)) throw new Error(`The value for header ${k} contains control characters`);
    headers.set(k, value);
  }
  let body: string | null = null;
  if (config.body_param !== undefined) {
    used.add(config.body_param);
    if (args[config.body_param] !== undefined) body = JSON.stringify(args[config.body_param]);
  } else if (config.body === 'json') {
    body = JSON.stringify(Object.fromEntries(Object.entries(args).filter(([k]) => !used.has(k))));
  }
  if (body !== null) headers.set('content-type', 'application/json');
  return { url, method: config.method, headers, body: config.method === 'GET' || config.method === 'HEAD' ? null : body };
}
