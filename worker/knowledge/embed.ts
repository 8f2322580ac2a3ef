/**
 * Embeddings for knowledge bases: `embedTexts(target, texts)` → one Float32Array per text, in order, through any
 * OpenAI-compatible `/embeddings` endpoint or Workers AI (`@cf/` models). Callers: the ingestion consumer (chunks,
 * before KnowledgeBase.upsertDocument; an EmbeddingError marks the document failed with `message` as the reason)
 * and the query path (the query text). Build the target with `embeddingTarget` (embed-target.ts).
 * Batches of `batchSize`; 408/409/429/5xx and network failures are retried with exponential backoff (Retry-After
 * honoured, capped), at most `attempts` tries per batch. The API key never appears in an error or a log line.
 */
import { OutboundError } from '../lib/outbound';
import type { EmbeddingTarget } from './embed-target';
import { EmbeddingError } from './embed-error';

export { EmbeddingError } from './embed-error';
export { embeddingTarget, type EmbeddingTarget } from './embed-target';

export type EmbedOptions = {
  batchSize?: number;
  /** Tries per batch, the first included. */
  attempts?: number;
  /** First retry waits about this long, then twice as long each time (capped at 8 s). */
  retryBaseMs?: number;
  signal?: AbortSignal;
};

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);
const MAX_DELAY_MS = 8_000;
/** Workers AI takes at most 100 texts a call. */
const WORKERS_AI_MAX_BATCH = 100;

export async function embedTexts(target: EmbeddingTarget, texts: string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
  const { attempts = 4, retryBaseMs = 250, signal } = options;
  let batchSize = Math.max(1, Math.floor(options.batchSize ?? 64));
  if (target.kind === 'workers_ai') batchSize = Math.min(batchSize, WORKERS_AI_MAX_BATCH);
  const empty = texts.findIndex((t) => typeof t !== 'string' || t.trim() === '');
  if (empty >= 0) throw new EmbeddingError('bad_request', `Text ${empty + 1} is empty; nothing to embed.`);
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += batchSize) {
    const batch = texts.slice(i, i + batchSize);
    const vectors = await withRetries(() => embedBatch(target, batch, signal), attempts, retryBaseMs, signal);
    const dims = out[0]?.length ?? vectors[0]?.length;
    if (vectors.some((v) => v.length !== dims || v.length === 0))
      throw new EmbeddingError('bad_response', 'The embedding provider answered vectors of different sizes.');
    out.push(...vectors);
  }
  return out;
}

async function embedBatch(target: EmbeddingTarget, batch: string[], signal?: AbortSignal): Promise<Float32Array[]> {
  if (target.kind === 'workers_ai') {
    // The binding's model-name union is closed; tenant-chosen `@cf/` names are checked by the platform.
    const run = target.ai.run.bind(target.ai) as unknown as (model: string, input: unknown) => Promise<{ data?: number[][] }>;
    let answer: { data?: number[][] };
    try {
      answer = await run(target.model, { text: batch });
    } catch (err) {
      throw new EmbeddingError('upstream', `Workers AI could not embed: ${err instanceof Error ? err.message : String(err)}`, undefined, true);
    }
    return vectorsOf(answer?.data, batch.length);
  }
  const e = target.endpoint;
  const url = new URL(`${e.baseURL.replace(/\/+$/, '')}/embeddings`);
  for (const [k, v] of Object.entries(e.query ?? {})) url.searchParams.set(k, v);
  const body: Record<string, unknown> = { model: target.model, input: batch, encoding_format: 'float' };
  if (target.dimensions) body.dimensions = target.dimensions;
  let res: Response;
  try {
    res = await e.fetch(url.toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${e.apiKey}`, ...e.headers },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err instanceof OutboundError) {
      const retry = err.code === 'timeout' || err.code === 'unreachable' || err.code === 'dns';
      throw new EmbeddingError(err.code === 'blocked' || err.code === 'bad_url' ? 'blocked' : 'unreachable', redact(err.message, e.apiKey), undefined, retry);
    }
    if (signal?.aborted) throw err;
    throw new EmbeddingError(
      'unreachable',
      `The embedding provider could not be reached: ${redact(String((err as Error)?.message ?? err), e.apiKey)}`,
      undefined,
      true,
    );
  }
  if (!res.ok) throw await httpError(res, e.apiKey);
  let json: { data?: { index?: number; embedding?: unknown }[] };
  try {
    json = await res.json();
  } catch {
    throw new EmbeddingError('bad_response', 'The embedding provider answered something other than JSON.');
  }
  const data = Array.isArray(json?.data) ? [...json.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)) : undefined;
  return vectorsOf(
    data?.map((d) => d.embedding),
    batch.length,
  );
}

function vectorsOf(data: unknown[] | undefined, expected: number): Float32Array[] {
  if (!Array.isArray(data) || data.length !== expected) {
    throw new EmbeddingError('bad_response', `The embedding provider answered ${Array.isArray(data) ? data.length : 'no'} vectors for ${expected} texts.`);
  }
  return data.map((v) => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new EmbeddingError('bad_response', 'The embedding provider answered a vector that is not a list of numbers.');
    }
    return Float32Array.from(v as number[]);
  });
}

async function httpError(res: Response, apiKey: string): Promise<EmbeddingError> {
  let detail = '';
  try {
    const text = (await res.text()).slice(0, 4096);
    try {
      detail = String((JSON.parse(text) as { error?: { message?: unknown } })?.error?.message ?? text);
    } catch {
      detail = text;
    }
  } catch {
    // the body could not be read; the status says enough
  }
  const says = detail ? `: ${redact(detail, apiKey).slice(0, 300)}` : '';
  const s = res.status;
  const retryAfter = Number(res.headers.get('retry-after'));
  if (s === 401 || s === 403) return new EmbeddingError('auth', `The embedding provider refused the credentials (${s})${says}`, s);
  if (s === 429) return new EmbeddingError('rate_limited', `The embedding provider is rate limiting (429)${says}`, s, true, retryAfter);
  if (RETRYABLE.has(s)) return new EmbeddingError('upstream', `The embedding provider failed (${s})${says}`, s, true, retryAfter);
  return new EmbeddingError('bad_request', `The embedding provider refused the request (${s})${says}`, s);
}

/** Keys can be echoed by providers ("Incorrect API key provided: sk-…"): never pass them on. */
function redact(text: string, apiKey: string): string {
  let out = apiKey && apiKey !== 'none' && apiKey.length >= 4 ? text.split(apiKey).join('***') : text;
  out = out.replace(/\b(sk|rk|pk)-[A-Za-z0-9_-]{8,}/g, '$1-***');
  return out;
}

async function withRetries<T>(run: () => Promise<T>, attempts: number, baseMs: number, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof EmbeddingError) || !err.retryable || attempt >= attempts || signal?.aborted) throw err;
      const backoff = Math.min(MAX_DELAY_MS, baseMs * 2 ** (attempt - 1));
      const wait = err.retryAfterS && err.retryAfterS > 0 ? Math.min(MAX_DELAY_MS, err.retryAfterS * 1000) : backoff * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
