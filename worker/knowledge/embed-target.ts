// Where a knowledge base's embeddings come from: the base's model connection (OpenAI or any OpenAI-compatible base
// URL, under the SSRF guard), else the operator default (OPENAI_BASE_URL / OPENAI_API_KEY), or Workers AI when the
// model starts with `@cf/` (e.g. `@cf/baai/bge-base-en-v1.5`, 768 dimensions). Same resolution as chat models
// (worker/llm/providers.ts), with a time limit per request, which streaming chat cannot have.
import type { Bindings } from '../env';
import { outboundFetch } from '../lib/outbound';
import { resolveProvider } from '../llm/providers';
import type { ConnectionRef } from '../llm/snapshot';
import { EmbeddingError } from './embed-error';

export type OpenAiEmbeddingEndpoint = {
  baseURL: string;
  apiKey: string;
  headers: Record<string, string>;
  query?: Record<string, string>;
  /** The guarded fetch (worker/lib/outbound.ts). */
  fetch: typeof fetch;
};

export type EmbeddingTarget =
  { kind: 'openai'; endpoint: OpenAiEmbeddingEndpoint; model: string; dimensions?: number } | { kind: 'workers_ai'; ai: Ai; model: string };

const TIMEOUT_MS = 60_000;
/** 2,048 inputs × 3,072 floats as JSON text is about 100 MB; batches of 64 stay far below this. */
const MAX_BYTES = 64 * 1024 * 1024;

/** `secret` is the decrypted credential of `connection` (looked up by the caller). */
export function embeddingTarget(env: Bindings, model: string, connection: ConnectionRef | null, secret: string | null, dimensions?: number): EmbeddingTarget {
  if (model.startsWith('@cf/')) {
    if (!env.AI) throw new EmbeddingError('no_provider', `Workers AI is not available here, so ${model} cannot embed.`);
    return { kind: 'workers_ai', ai: env.AI, model };
  }
  const provider = resolveProvider(env, model, connection, secret);
  if (!provider || provider.kind !== 'openai') throw new EmbeddingError('no_provider', 'No embedding provider: add a model connection to the knowledge base.');
  const tenantUrl = !!connection && (connection.kind === 'openai' || connection.kind === 'openai_compatible');
  const fetch = outboundFetch(env, { timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, operatorConfigured: !tenantUrl });
  const { baseURL, apiKey, headers, query } = provider.endpoint;
  return { kind: 'openai', endpoint: { baseURL, apiKey, headers, query, fetch }, model, ...(dimensions ? { dimensions } : {}) };
}
