// The one error embedTexts throws: a code for the caller's branching and a message a person can act on (shown as a
// failed document's reason). Never carries the API key.

export type EmbeddingErrorCode = 'no_provider' | 'blocked' | 'unreachable' | 'auth' | 'rate_limited' | 'upstream' | 'bad_request' | 'bad_response';

export class EmbeddingError extends Error {
  override name = 'EmbeddingError';
  constructor(
    readonly code: EmbeddingErrorCode,
    message: string,
    /** The provider's HTTP status, when it answered. */
    readonly status?: number,
    /** Worth another try (rate limits, 5xx, timeouts, network). */
    readonly retryable = false,
    /** The provider's Retry-After, in seconds, when it sent one. */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}
