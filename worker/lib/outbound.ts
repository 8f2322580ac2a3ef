/**
 * The guarded fetch for every outbound call to a tenant-chosen URL (model base URLs, tools, connection tests, MCP,
 * fetch_url): each URL and each redirect hop passes the SSRF policy (lib/ssrf.ts), redirects are followed by hand
 * (at most 5), and the response has a time limit and a size limit.
 */
import type { Bindings } from '../env';
import { checkOutboundUrl } from './ssrf';

export type OutboundErrorCode = 'blocked' | 'bad_url' | 'timeout' | 'too_large' | 'redirects' | 'tls' | 'dns' | 'unreachable';

/** A failure a user can act on; `message` says what happened in plain words. */
export class OutboundError extends Error {
  override name = 'OutboundError';
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type OutboundOptions = {
  /** Whole request, redirects and body included; null for none (the model client keeps its own timers). */
  timeoutMs?: number | null;
  /** The response body errors past this many bytes; null for no limit. */
  maxBytes?: number | null;
  maxRedirects?: number;
  /** The fetch that makes each hop; tests substitute one to check hops under the production policy. */
  transport?: typeof fetch;
  /**
   * The operator's own endpoint (OPENAI_BASE_URL), which is trusted configuration: private addresses are allowed
   * whatever ALLOW_PRIVATE_NETWORK says (a gateway on the operator's network). Never set for a tenant's URL;
   * link-local and metadata addresses stay refused even then.
   */
  operatorConfigured?: boolean;
};

export const OUTBOUND_DEFAULTS = { timeoutMs: 30_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 5 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers kept when a redirect leaves the origin: credentials must not follow a redirect to another host. */
const CROSS_ORIGIN_SAFE = new Set(['accept', 'accept-language', 'content-type', 'user-agent', 'mcp-protocol-version']);

export const privateNetworkAllowed = (env: Pick<Bindings, 'ALLOW_PRIVATE_NETWORK'>) => env.ALLOW_PRIVATE_NETWORK === 'true';

export function outboundFetch(env: Pick<Bindings, 'ALLOW_PRIVATE_NETWORK'>, options: OutboundOptions = {}): typeof fetch {
  const o = { ...OUTBOUND_DEFAULTS, ...options };
  const transport = options.transport ?? fetch;
  const allowPrivate = options.operatorConfigured === true || privateNetworkAllowed(env);
  return async (input, init) => {
    const req = await normalize(input, init);
    const timeout = o.timeoutMs ? AbortSignal.timeout(o.timeoutMs) : null;
    const signal = timeout ? AbortSignal.any([req.signal, timeout]) : req.signal;
    let { method, headers, body, url } = req;
    try {
      for (let hop = 0; ; hop++) {
        const verdict = checkOutboundUrl(url, allowPrivate);
        if (!verdict.ok) throw new OutboundError('blocked', verdict.reason);
        const res = await transport(url, { method, headers, body, redirect: 'manual', signal });
        const location = res.headers.get('location');
        if (!REDIRECTS.has(res.status) || !location) return o.maxBytes ? limitBody(res, o.maxBytes) : res;
        await res.body?.cancel().catch(() => {});
        if (hop >= o.maxRedirects) throw new OutboundError('redirects', `Stopped after ${o.maxRedirects} redirects (last to ${location.slice(0, 200)})`);
        const next = new URL(location, url);
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = null;
          headers.delete('content-type');
        }
        if (next.origin !== new URL(url).origin) headers = new Headers([...headers].filter(([k]) => CROSS_ORIGIN_SAFE.has(k)));
        url = next.href;
      }
    } catch (e) {
      if (timeout?.aborted && !req.signal.aborted)
        throw new OutboundError('timeout', `No complete answer within ${Math.round(o.timeoutMs! / 100) / 10} seconds`);
      throw e instanceof OutboundError || req.signal.aborted ? e : networkError(e, url);
    }
  };
}

type Outgoing = { url: string; method: string; headers: Headers; body: ArrayBuffer | string | null; signal: AbortSignal };

/**
 * The request as plain parts. The body is buffered once so a 307/308 can send it again (tool and model request
 * bodies are small); a string URL with a string body (the model calls) skips building a Request.
 */
async function normalize(input: RequestInfo | URL, init: RequestInit | undefined): Promise<Outgoing> {
  const badUrl = () => new OutboundError('bad_url', `"${String(input instanceof Request ? input.url : input).slice(0, 200)}" is not an absolute URL`);
  if (typeof input === 'string' && (init?.body === undefined || init.body === null || typeof init.body === 'string')) {
    let url: string;
    try {
      url = new URL(input).href;
    } catch {
      throw badUrl();
    }
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? null : (init?.body ?? null);
    return { url, method, headers: new Headers(init?.headers), body, signal: init?.signal ?? new AbortController().signal };
  }
  let req: Request;
  try {
    req = new Request(input, init);
  } catch {
    throw badUrl();
  }
  const body = req.method === 'GET' || req.method === 'HEAD' || !req.body ? null : await req.arrayBuffer();
  return { url: req.url, method: req.method, headers: new Headers(req.headers), body, signal: req.signal };
}

function limitBody(res: Response, maxBytes: number): Response {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    void res.body?.cancel().catch(() => {});
    throw new OutboundError('too_large', `The answer is ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  if (!res.body) return res;
  let seen = 0;
  const body = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, c) {
        seen += chunk.byteLength;
        if (seen > maxBytes) c.error(new OutboundError('too_large', `The answer is over the ${maxBytes}-byte limit`));
        else c.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Maps what fetch threw into a reason a user can act on; `url` is the request that failed, when known. */
export function networkError(e: unknown, url?: string): OutboundError {
  if (e instanceof OutboundError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  // workerd reports a failed TLS handshake only as an opaque "internal error": over https, that is the likely cause.
  if (url?.startsWith('https:') && /internal error/i.test(msg))
    return new OutboundError('tls', 'The https connection failed (TLS handshake or connection error)');
  if ((e as { name?: string })?.name === 'TimeoutError') return new OutboundError('timeout', 'The server did not answer in time');
  if (/certificate|tls|ssl|handshake/i.test(msg)) return new OutboundError('tls', `The TLS (https) handshake failed: ${msg.slice(0, 200)}`);
  if (/dns|resolve|getaddrinfo|ENOTFOUND|name not known|no such host/i.test(msg))
    return new OutboundError('dns', `The host name could not be resolved: ${msg.slice(0, 200)}`);
  return new OutboundError('unreachable', `Could not connect to the server: ${msg.slice(0, 200)}`);
}

/** Reads at most `maxBytes` of the body as text, cancelling the rest: `truncated` says whether it was cut. */
export async function readLimited(res: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (e) {
    if (!(e instanceof OutboundError && e.code === 'too_large')) throw e instanceof OutboundError ? e : networkError(e);
    truncated = true;
  } finally {
    void reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return { text: new TextDecoder().decode(all), truncated };
}
