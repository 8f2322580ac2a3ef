// Errors of the OpenAI-compatible API (/v1/*) in OpenAI's shape `{error: {message, type, param, code}}`, so the
// OpenAI SDKs raise their usual classes (AuthenticationError, NotFoundError, RateLimitError…). The status is ours.
import { type AppError, ERROR_STATUS, type ErrorCode } from '../errors';

const TYPE_BY_STATUS: Record<number, string> = {
  401: 'authentication_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** OpenAI's names where they differ from ours; every other code passes through. */
const OPENAI_CODE: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'invalid_api_key',
  rate_limited: 'rate_limit_exceeded',
  validation_failed: 'invalid_request',
};

export function openAiErrorBody(code: ErrorCode, message: string, param: string | null, openAiCode?: string) {
  const status = ERROR_STATUS[code];
  const type = TYPE_BY_STATUS[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
  return { error: { message, type, param, code: openAiCode ?? OPENAI_CODE[code] ?? code } };
}

/** For onError: the app's error as OpenAI would word it; an unknown model is `model_not_found` on `model`. */
export function openAiError(e: AppError) {
  const param = e.details?.[0]?.path ?? null;
  const modelMissing = e.code === 'not_found' && param === 'model';
  const detail = e.details?.length ? `: ${e.details.map((d) => `${d.path}: ${d.message}`).join('; ')}` : '';
  return openAiErrorBody(e.code, e.message + (e.code === 'validation_failed' ? detail : ''), param, modelMissing ? 'model_not_found' : undefined);
}

/** A failed turn's code (model-error.ts) as an HTTP error: the provider's failures are 502/504, setup problems 400. */
export function turnErrorCode(code: string): ErrorCode {
  if (code === 'no_provider' || code === 'missing_variable') return 'bad_request';
  if (code === 'upstream_timeout') return 'upstream_timeout';
  if (code === 'cancelled') return 'conflict';
  return 'upstream_error';
}
