// The error body every API error has (API.md): its codes are the keys of the code table in worker/errors.ts, and
// what each status means (the OpenAPI document's error responses and the errors guide list both).
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../errors';

export const errorCode = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const errorBody = z.object({
  error: z.object({
    code: errorCode,
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export type ErrorBodyJson = z.infer<typeof errorBody>;

/** What an error status means, in the words of the docs (its codes come from the table). */
export const ERROR_STATUS_TEXT: Record<number, string> = {
  400: 'Bad input; `details` names each field',
  401: 'No valid credential: no key, or a wrong or revoked one',
  402: 'A plan quota or budget is reached, or (subscription_required) an installed paid listing’s subscription ended',
  403: 'Your role or the key’s scopes do not allow this (`insufficient_scope` names the missing scope), or a browser request without its CSRF token',
  404: 'Not found, also for another organization’s resource',
  405: 'This method is not offered on this path',
  409: 'A taken name, a reply still being generated, or a resource in use',
  410: 'The link was used, expired or revoked (invitations): ask for a new one',
  413: 'The body is larger than 1 MB',
  415: 'Send JSON with Content-Type: application/json',
  429: 'Too many requests: wait Retry-After seconds',
  500: 'Something failed on our side; quote X-Request-Id',
  502: 'The model provider failed',
  503: 'Unavailable for a moment; try again',
  504: 'The model provider timed out',
};

/** Each status of the code table with its codes, in status order. */
export function errorCodesByStatus(): { status: number; codes: ErrorCode[] }[] {
  const by = new Map<number, ErrorCode[]>();
  for (const [code, status] of Object.entries(ERROR_STATUS) as [ErrorCode, number][]) by.set(status, [...(by.get(status) ?? []), code]);
  return [...by].sort(([a], [b]) => a - b).map(([status, codes]) => ({ status, codes }));
}
