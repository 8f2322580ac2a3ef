// The rules every entry point that runs a turn shares: the message limit, how a turn's error code and a refusal become
// an AppError (HTTP status), and the SSE response headers. Pure values: the Durable Object imports them too.
import { AppError, type ErrorCode } from '../errors';

/** The longest message a person may send to a turn; a surface may set a lower limit (the widget: 4,000). */
export const MAX_MESSAGE_CHARS = 32_000;

/** Headers of every streamed turn (sessions API, pages, widget, OpenAI-compatible streams). */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
} as const;

/**
 * A message the object refused: its session does not exist (404), a turn is already running (409), or a blocking
 * budget of its organization or agent is spent (402 budget_exceeded, before any model call).
 */
export type ChatRefusal = {
  ok: false;
  status: 402 | 404 | 409;
  code: 'not_found' | 'conflict' | 'budget_exceeded' | 'quota_exceeded' | 'subscription_required';
  message: string;
  /** quota_exceeded: the plan limit reached; subscription_required: the listing page (the error's `details[0].path`). */
  limit?: string;
};

export const refusalError = (r: ChatRefusal) => new AppError(r.code, r.message, r.limit ? [{ path: r.limit, message: r.message }] : undefined);

/** What is wrong with a message, in words for a person, or null when it may be sent. */
export function messageProblem(content: string, max = MAX_MESSAGE_CHARS): string | null {
  if (!content.trim()) return 'Write a message first.';
  if (content.length > max) return `Keep a message under ${max.toLocaleString('en-US')} characters.`;
  return null;
}

/**
 * A failed turn's code (worker/llm/model-error.ts) as an app error: the provider rate limiting us is 429 (so the
 * caller's own retry logic waits), its other failures 502/504, setup problems 400.
 */
export function turnErrorCode(code: string): ErrorCode {
  if (code === 'no_provider' || code === 'missing_variable') return 'bad_request';
  if (code === 'upstream_rate_limited') return 'rate_limited';
  if (code === 'upstream_timeout') return 'upstream_timeout';
  if (code === 'cancelled') return 'conflict';
  return 'upstream_error';
}

/** The error of a finished turn as an AppError, or null when it answered (hitting max_steps still answers). */
export function turnFailure(error: { code: string; message: string; retry_after?: number } | null): AppError | null {
  if (!error || error.code === 'max_steps') return null;
  const code = turnErrorCode(error.code);
  const headers = code === 'rate_limited' ? { 'retry-after': String(Math.max(1, error.retry_after ?? 1)) } : undefined;
  return new AppError(code, error.message, [{ path: 'turn', message: error.code }], headers);
}

/**
 * A turn held until its first event (AgentSession.chatStream for API clients) that failed before it: the error is
 * answered as its HTTP status (turnFailure), so API clients and their retry logic see a 429/502/504, not a 200
 * whose body says it failed. After the first event a failure stays in the stream, after the text before it.
 */
export type TurnFailedEarly = { ok: false; failedEarly: { code: string; message: string; retry_after?: number } };
