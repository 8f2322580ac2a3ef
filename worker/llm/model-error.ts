// Model call failures, classified into codes with messages a user can act on.
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { OutboundError } from '../lib/outbound';

export type ModelErrorCode =
  | 'no_provider'
  | 'upstream_auth'
  | 'upstream_rate_limited'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'upstream_interrupted'
  | 'upstream_unreachable'
  | 'upstream_bad_request'
  | 'cancelled';

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    readonly retryable: boolean,
    /** Seconds the provider asked us to wait (429 Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export const NO_PROVIDER_MESSAGE =
  'No model provider is configured for this agent. Add an OpenAI or OpenAI-compatible connection under Connections ' +
  'and choose it in the agent settings, or ask your operator to set OPENAI_API_KEY.';

/** The host of a provider's base URL (its label), for messages; the label itself when it is not a URL. */
function hostOf(endpoint: string | undefined): string {
  if (!endpoint) return 'the model provider';
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/**
 * Maps whatever the SDK or the network threw into a ModelError. `timedOut` is set by our own timers; `endpoint` is
 * the provider's base URL, named when it cannot be reached.
 */
export function classify(e: unknown, ctx: { timedOut: boolean; cancelled: boolean; timeoutMs: number; model: string; endpoint?: string }): ModelError {
  if (e instanceof ModelError) return e;
  if (ctx.cancelled) return new ModelError('cancelled', 'The reply was stopped.', false);
  if (ctx.timedOut) return new ModelError('upstream_timeout', `The model did not answer within ${Math.round(ctx.timeoutMs / 1000)} seconds.`, true);
  if (e instanceof APIUserAbortError) return new ModelError('upstream_interrupted', 'The connection to the model was closed.', true);
  if (e instanceof APIError && typeof e.status === 'number') {
    const s = e.status;
    if (s === 401 || s === 403) {
      return new ModelError('upstream_auth', `The model provider refused the credentials (HTTP ${s}). Check the API key of this agent's connection.`, false);
    }
    if (s === 429) {
      const ra = Number(e.headers?.get?.('retry-after'));
      return new ModelError(
        'upstream_rate_limited',
        'The model provider is rate limiting requests (HTTP 429). Try again in a moment.',
        true,
        Number.isFinite(ra) ? ra : undefined,
      );
    }
    if (s === 404) return new ModelError('upstream_bad_request', `The model "${ctx.model}" was not found at the provider (HTTP 404).`, false);
    if (s >= 500) return new ModelError('upstream_error', `The model provider had an error (HTTP ${s}). Try again.`, true);
    if (s === 408) return new ModelError('upstream_timeout', 'The model provider timed out (HTTP 408).', true);
    return new ModelError('upstream_bad_request', `The model provider refused the request (HTTP ${s}): ${String(e.message).slice(0, 300)}`, false);
  }
  const cause = e instanceof APIConnectionError ? e.cause : e;
  if (cause instanceof OutboundError) {
    // Refused, unresolvable or failed TLS before any answer: the connection's address is wrong or the server is down.
    if (cause.code === 'unreachable' || cause.code === 'dns' || cause.code === 'tls') {
      return new ModelError(
        'upstream_unreachable',
        `Could not connect to ${hostOf(ctx.endpoint)}: ${cause.message.replace(/^Could not connect to the server: /, '').replace(/\.$/, '')}. Check the connection's base URL and that the server is running.`,
        true,
      );
    }
    const blocked = cause.code === 'blocked' || cause.code === 'bad_url';
    return new ModelError(blocked ? 'upstream_bad_request' : 'upstream_interrupted', `The model provider could not be reached: ${cause.message}`, !blocked);
  }
  // Anything else thrown while talking to the provider is the network: refused, reset, or cut mid-stream.
  const detail = e instanceof APIConnectionError ? '' : ` (${e instanceof Error ? e.message : String(e)})`.slice(0, 200);
  return new ModelError('upstream_interrupted', `The connection to the model provider failed or was cut${detail}.`, true);
}
