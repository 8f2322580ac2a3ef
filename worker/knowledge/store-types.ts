// The KnowledgeBase object's RPC shapes (durable-objects/knowledge-base.ts), shared by its callers: the ingestion
// consumer (upsertDocument/deleteDocument), the query API and the search_knowledge tool (query), the pages (stats).

/** One chunk as the ingestion pipeline hands it over: chunkDocument's output plus its embedding. */
export type ChunkInput = {
  position: number;
  headings: string[];
  text: string;
  tokens: number;
  embedding: Float32Array | number[];
  /** Per-chunk facts (e.g. `page`), merged over the document's metadata for filters. */
  metadata?: Record<string, string>;
};

export type UpsertResult = {
  /** `unchanged`: same content hash as stored, nothing written. */
  status: 'created' | 'replaced' | 'unchanged';
  chunk_count: number;
};

export type QueryFilter = {
  /** Only chunks of these documents. */
  docIds?: string[];
  /** Only chunks whose metadata has every one of these key/value pairs. */
  metadata?: Record<string, string>;
};

export type QueryInput = {
  /** The user's words, for the keyword half (FTS syntax in it is inert). */
  text: string;
  /** The query's embedding, for the vector half (same model and dimensions as the chunks); absent: keyword only. */
  embedding?: Float32Array | number[] | null;
  topK?: number;
  filter?: QueryFilter;
};

/** A half's view of a result: its 1-based rank in that half's list and the half's own score. */
export type HalfRank = { rank: number; score: number } | null;

export type QueryResult = {
  doc_id: string;
  position: number;
  headings: string[];
  text: string;
  /** The document's title when its metadata holds one (`title`, given by ingestion). */
  title?: string;
  /** Reciprocal-rank-fusion score: Σ 1 / (60 + rank) over the halves that found it. */
  score: number;
  /** Cosine similarity and rank among the vector half's candidates; null when that half did not return it. */
  vector: HalfRank;
  /** bm25 (sign flipped: higher is better) and rank among the keyword half's candidates; null likewise. */
  keyword: HalfRank;
};

/**
 * `timings` come from the runtime's clock, which on Workers advances only at I/O (a Spectre mitigation): the
 * in-memory scan and the synchronous SQLite search read 0 there. The figure for a trace is the caller's wall time
 * around the RPC; these are kept for runtimes with a live clock and for a Vectorize-backed vector half (I/O).
 */
export type QueryAnswer = { results: QueryResult[]; timings: { vector_ms: number; keyword_ms: number } };

export type StoreStats = { docs: number; chunks: number; bytes: number; dimensions: number | null };

/** A stored passage as the document page shows it (documentChunks). */
export type StoredChunk = { position: number; headings: string[]; text: string; tokens: number; metadata: Record<string, string> };
