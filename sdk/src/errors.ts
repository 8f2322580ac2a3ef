// The SDK's errors: EdgentError for every answer the API refused (status, code, details, request id), and
// EdgentConnectionError when no answer came (network failure, timeout).

export type ErrorDetail = { path: string; message: string };

export class EdgentError extends Error {
  override readonly name = 'EdgentError';
  constructor(
    /** HTTP status: 400 bad input, 401 bad key, 403 role or scope, 404, 409, 429, 5xx… */
    readonly status: number,
    /** The API's stable code: `validation_failed`, `insufficient_scope`, `not_found`, `rate_limited`… */
    readonly code: string,
    message: string,
    /** Per-field problems (validation errors). */
    readonly details: ErrorDetail[] = [],
    /** The X-Request-Id of the answer: quote it to support. */
    readonly requestId: string | null = null,
    /** Seconds the server asked to wait (429). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }

  /** Builds the error from a refused answer (reads its JSON body when there is one). */
  static async from(res: Response): Promise<EdgentError> {
    const requestId = res.headers.get('x-request-id');
    // The OpenAI-compatible routes (/v1/*) answer OpenAI's shape: `param` instead of `details`.
    type Body = { error?: { code?: string; message?: string; details?: ErrorDetail[]; param?: string | null } };
    let body: Body | null = null;
    try {
      body = (await res.json()) as Body;
    } catch {
      // not JSON (a proxy's page): the status says enough
    }
    const e = body?.error;
    return new EdgentError(
      res.status,
      e?.code ?? `http_${res.status}`,
      e?.message ?? `HTTP ${res.status}`,
      e?.details ?? (e?.param ? [{ path: e.param, message: e.message ?? '' }] : []),
      requestId,
      parseRetryAfter(res.headers.get('retry-after')),
    );
  }
}

export class EdgentConnectionError extends Error {
  override readonly name = 'EdgentConnectionError';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/** Retry-After as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, (at - now) / 1000);
}
