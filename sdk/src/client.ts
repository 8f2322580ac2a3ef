// The transport under every resource: JSON requests with the API key, typed errors, and retries with backoff that
// honours Retry-After. 429 and 503 (the server did nothing) are retried for every method; other 5xx answers and
// network failures only for reads and deletes, so a create or a chat turn is never run twice.
import { EdgentConnectionError, EdgentError } from './errors.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type ClientOptions = {
  /** An Edgent API key (`edg_…`). */
  apiKey: string;
  /** Where Edgent runs, e.g. `https://edgent.example.com`. */
  baseUrl: string;
  /** A fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** First backoff in ms, doubled each retry with jitter, at most 8 s (default 500). */
  retryDelayMs?: number;
  /** A Retry-After longer than this (seconds) is not waited for: the error is thrown (default 60). */
  maxRetryAfterS?: number;
  /** How often a dropped event stream is re-attached with Last-Event-ID before giving up (default 5). */
  maxReconnects?: number;
  /** Per attempt, until the answer's headers arrive (default 60 s). */
  timeoutMs?: number;
  headers?: Record<string, string>;
};

export type RequestOptions = {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

const IDEMPOTENT = new Set(['GET', 'HEAD', 'DELETE']);
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

export class Transport {
  private readonly fetch: FetchLike;
  private readonly base: string;

  constructor(private readonly options: ClientOptions) {
    if (!options.apiKey) throw new TypeError('Edgent: pass your API key as `apiKey`');
    if (!options.baseUrl) throw new TypeError('Edgent: pass where Edgent runs as `baseUrl`');
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  url(path: string, query?: RequestOptions['query']): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return `${this.base}${path}${s ? `?${s}` : ''}`;
  }

  private retryable(method: string, status: number | null): boolean {
    if (status === 429 || status === 503) return true;
    return IDEMPOTENT.has(method) && (status === null || status >= 500);
  }

  private backoff(attempt: number): number {
    const base = this.options.retryDelayMs ?? 500;
    return Math.min(8_000, base * 2 ** attempt) * (0.75 + Math.random() / 2);
  }

  /** Reconnections allowed for one event stream. */
  get maxReconnects(): number {
    return this.options.maxReconnects ?? 5;
  }

  /** Waits the backoff of retry number `attempt` (0-based). */
  wait(attempt: number, signal?: AbortSignal): Promise<void> {
    return sleep(this.backoff(attempt), signal);
  }

  /** Sends the request, retrying as described above; resolves with a 2xx answer or throws a typed error. */
  async raw(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const maxRetries = this.options.maxRetries ?? 2;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: 'application/json',
      ...this.options.headers,
      ...opts.headers,
    };
    // A FormData body (an upload) goes as multipart/form-data: fetch sets the type with its boundary.
    const form = typeof FormData !== 'undefined' && opts.body instanceof FormData;
    if (opts.body !== undefined && !form) headers['content-type'] = 'application/json';
    const body = opts.body === undefined ? undefined : form ? (opts.body as FormData) : JSON.stringify(opts.body);
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 60_000);
        const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
        res = await this.fetch(this.url(path, opts.query), { method, headers, body, signal });
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        if (attempt >= maxRetries || !this.retryable(method, null))
          throw new EdgentConnectionError(`${method} ${path} failed: ${e instanceof Error ? e.message : String(e)}`, e);
        await sleep(this.backoff(attempt), opts.signal);
        continue;
      }
      if (res.ok) return res;
      const error = await EdgentError.from(res);
      const wait = error.retryAfter;
      if (attempt >= maxRetries || !this.retryable(method, res.status) || (wait !== null && wait > (this.options.maxRetryAfterS ?? 60))) throw error;
      await sleep(wait !== null ? wait * 1000 : this.backoff(attempt), opts.signal);
    }
  }

  async json<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
    const res = await this.raw(method, path, opts);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
}
