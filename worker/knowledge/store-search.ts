// One retrieval for the query API, the search_knowledge tool and the retrieval test page: embed the query text with
// the knowledge base's embedding target, then ask its KnowledgeBase object (worker/knowledge/store.ts) for the hybrid
// top-k. When the embedding provider fails, the search still answers from the keyword half (`degraded` says so and
// why) rather than failing the agent's turn. Wall times are measured here, around I/O, where Workers clocks move.
import type { Bindings } from '../env';
import { EmbeddingError, embedTexts, type EmbeddingTarget } from './embed';
import { knowledgeStore } from './store';
import type { QueryFilter, QueryResult } from './store-types';

export type SearchAnswer = {
  results: QueryResult[];
  /** Set when the vector half could not run: the results come from the keyword half alone. */
  degraded: { reason: string } | null;
  timings: { embed_ms: number; query_ms: number };
};

/** The text a chunk is embedded as: its heading path, then its text (the same for ingestion and tests). */
export const embeddingText = (c: { headings: string[]; text: string }) => (c.headings.length ? `${c.headings.join(' / ')}\n${c.text}` : c.text);

export async function searchKnowledgeBase(
  env: Pick<Bindings, 'KNOWLEDGE_BASE'>,
  kbId: string,
  target: EmbeddingTarget | null,
  text: string,
  options: { topK?: number; filter?: QueryFilter } = {},
): Promise<SearchAnswer> {
  let t = Date.now();
  let embedding: Float32Array | null = null;
  let degraded: SearchAnswer['degraded'] = null;
  if (!target) degraded = { reason: 'No embedding model is configured for this knowledge base.' };
  else if (text.trim()) {
    try {
      [embedding] = (await embedTexts(target, [text], { attempts: 2 })) as [Float32Array];
    } catch (err) {
      if (!(err instanceof EmbeddingError)) throw err;
      degraded = { reason: err.message };
    }
  }
  const embedMs = Date.now() - t;
  t = Date.now();
  const answer = await knowledgeStore(env, kbId).query({ text, embedding, topK: options.topK, filter: options.filter });
  return { results: answer.results, degraded, timings: { embed_ms: embedMs, query_ms: Date.now() - t } };
}
