/**
 * KnowledgeBase: one SQLite-backed Durable Object per knowledge base, named by the knowledge base's id (the server
 * picks the name, after its tenant check: worker/knowledge/store.ts). It holds the base's chunks, their embeddings
 * and an FTS5 index, and answers hybrid queries. Callers: the ingestion consumer (upsertDocument after parse, chunk
 * and embed; deleteDocument), the query API and the search_knowledge tool (query), the pages (stats).
 *
 * Retrieval: the vector half is cosine similarity over every stored vector (brute force over a Float32Array matrix
 * in memory, knowledge-vector-index.ts); the keyword half is FTS5 bm25 (knowledge-keyword.ts makes user text a safe
 * query); the two ranked lists are fused by reciprocal rank (k = 60, worker/knowledge/store-fusion.ts).
 *
 * Why this scales: each collection is its own object, so collections never contend and the platform spreads them
 * over machines; a query touches one object's memory and SQLite, no shared database. One object is single-threaded
 * with up to 10 GB of SQLite and 128 MB of memory: 10,000 chunks × 256 floats is 10 MB of matrix (×3 at 768-d) and
 * a brute-force scan of it a few milliseconds. Past ~100k chunks per collection (or for 1,536-d vectors), shard it:
 * N objects named `${kbId}:${shard}`, documents placed by hash(doc_id) mod N, a query fanned out to all shards in
 * parallel and their per-half lists fused by the same RRF; or keep the keyword half here and move the vector half to
 * Vectorize, which implements the same `VectorIndex` (upsert/delete/query) interface the object uses.
 *
 * Tokenizer: unicode61 with remove_diacritics 2 (café = cafe, any script) and no porter stemmer: porter is English-only
 * and mangles codes and names (the rare exact terms the keyword half is here for); the vector half covers inflections.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';
import { fuseRanks, type Ranked } from '../worker/knowledge/store-fusion';
import type { ChunkInput, QueryAnswer, QueryFilter, QueryInput, StoreStats, StoredChunk, UpsertResult } from '../worker/knowledge/store-types';
import { ftsQuery } from './knowledge-keyword';
import { MemoryVectorIndex, normalize, type VectorIndex } from './knowledge-vector-index';

/** How many candidates each half hands to the fusion: enough that a passage ranked low by one half still counts. */
const CANDIDATES = 50;
const MAX_TOP_K = 50;

const SCHEMA = [
  `create table if not exists documents (doc_id text primary key, content_hash text not null, chunk_count integer not null,
     metadata text not null default '{}', updated_at integer not null)`,
  `create table if not exists chunks (id integer primary key, doc_id text not null, position integer not null,
     headings text not null, text text not null, tokens integer not null, embedding blob not null, metadata text not null default '{}')`,
  `create index if not exists chunks_doc on chunks (doc_id, position)`,
  `create table if not exists meta (key text primary key, value text not null)`,
  // External content: the FTS index stores no second copy of the text; triggers keep it in step with `chunks`.
  `create virtual table if not exists chunks_fts using fts5(text, headings, content='chunks', content_rowid='id',
     tokenize='unicode61 remove_diacritics 2')`,
  `create trigger if not exists chunks_ai after insert on chunks begin
     insert into chunks_fts (rowid, text, headings) values (new.id, new.text, new.headings); end`,
  `create trigger if not exists chunks_ad after delete on chunks begin
     insert into chunks_fts (chunks_fts, rowid, text, headings) values ('delete', old.id, old.text, old.headings); end`,
];

export class KnowledgeBase extends DurableObject<Bindings> {
  private readonly sql: SqlStorage;
  private readonly vectors: VectorIndex;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    for (const statement of SCHEMA) this.sql.exec(statement);
    this.vectors = new MemoryVectorIndex(
      () => this.dimensions(),
      () => this.readVectors(),
    );
  }

  /** Replaces the document's chunks in one transaction; the same `hash` as stored answers `unchanged` and writes nothing. */
  async upsertDocument(docId: string, hash: string, chunks: ChunkInput[], metadata: Record<string, string> = {}): Promise<UpsertResult> {
    if (typeof docId !== 'string' || !docId) throw new Error('upsertDocument: docId is required');
    const current = this.sql
      .exec<{ content_hash: string; chunk_count: number }>('select content_hash, chunk_count from documents where doc_id = ?', docId)
      .toArray()[0];
    if (current && current.content_hash === hash) return { status: 'unchanged', chunk_count: current.chunk_count };
    const vectors = chunks.map((c) => normalize(c.embedding));
    const dims = this.dimensionsFor(vectors, docId);
    const inserted: { id: number; vector: Float32Array }[] = [];
    let removed: number[] = [];
    this.ctx.storage.transactionSync(() => {
      removed = this.sql
        .exec<{ id: number }>('select id from chunks where doc_id = ?', docId)
        .toArray()
        .map((r) => r.id);
      this.sql.exec('delete from chunks where doc_id = ?', docId);
      chunks.forEach((c, i) => {
        const vector = vectors[i]!;
        const meta = JSON.stringify(asStrings({ ...metadata, ...(c.metadata ?? {}) }));
        const bytes = vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength);
        const row = this.sql
          .exec<{ id: number }>(
            'insert into chunks (doc_id, position, headings, text, tokens, embedding, metadata) values (?, ?, ?, ?, ?, ?, ?) returning id',
            docId,
            c.position,
            JSON.stringify(c.headings ?? []),
            String(c.text ?? ''),
            c.tokens ?? 0,
            bytes,
            meta,
          )
          .one();
        inserted.push({ id: row.id, vector });
      });
      this.sql.exec(
        `insert into documents (doc_id, content_hash, chunk_count, metadata, updated_at) values (?, ?, ?, ?, ?)
         on conflict (doc_id) do update set content_hash = excluded.content_hash, chunk_count = excluded.chunk_count,
         metadata = excluded.metadata, updated_at = excluded.updated_at`,
        docId,
        hash,
        chunks.length,
        JSON.stringify(asStrings(metadata)),
        Date.now(),
      );
      if (dims !== null) this.sql.exec("insert or replace into meta (key, value) values ('dimensions', ?)", String(dims));
    });
    await this.vectors.delete(removed);
    await this.vectors.upsert(inserted);
    return { status: current ? 'replaced' : 'created', chunk_count: chunks.length };
  }

  /** Removes the document and its chunks: they leave query results at once. */
  async deleteDocument(docId: string): Promise<{ deleted: boolean; chunk_count: number }> {
    let removed: number[] = [];
    let deleted = false;
    this.ctx.storage.transactionSync(() => {
      removed = this.sql
        .exec<{ id: number }>('select id from chunks where doc_id = ?', docId)
        .toArray()
        .map((r) => r.id);
      this.sql.exec('delete from chunks where doc_id = ?', docId);
      deleted = this.sql.exec('delete from documents where doc_id = ?', docId).rowsWritten > 0;
    });
    await this.vectors.delete(removed);
    return { deleted, chunk_count: removed.length };
  }

  /** Hybrid retrieval: vector and keyword halves, each up to 50 candidates, fused by reciprocal rank. */
  async query(input: QueryInput): Promise<QueryAnswer> {
    const topK = Math.min(MAX_TOP_K, Math.max(1, Math.floor(input.topK ?? 5)));
    const allow = this.allowed(input.filter);
    let t = performance.now();
    let vector: Ranked[] = [];
    if (input.embedding && input.embedding.length) {
      const dims = this.dimensions();
      if (dims !== null && input.embedding.length !== dims)
        throw new Error(`query: the embedding has ${input.embedding.length} dimensions, this knowledge base ${dims}`);
      vector = await this.vectors.query(Float32Array.from(input.embedding), CANDIDATES, allow);
    }
    const vectorMs = performance.now() - t;
    t = performance.now();
    const keyword = this.keywordSearch(String(input.text ?? ''), allow);
    const keywordMs = performance.now() - t;
    const fused = fuseRanks(vector, keyword, topK);
    const rows = this.rowsById(fused.map((f) => f.id));
    const results = fused.flatMap((f) => {
      const row = rows.get(f.id);
      if (!row) return [];
      return [
        {
          doc_id: row.doc_id,
          position: row.position,
          headings: JSON.parse(row.headings) as string[],
          text: row.text,
          ...(row.title ? { title: row.title } : {}),
          score: f.score,
          vector: f.vector,
          keyword: f.keyword,
        },
      ];
    });
    return { results, timings: { vector_ms: round(vectorMs), keyword_ms: round(keywordMs) } };
  }

  /** The document's passages in order (the document page; no embeddings). */
  async documentChunks(docId: string): Promise<StoredChunk[]> {
    return this.sql
      .exec<{ position: number; headings: string; text: string; tokens: number; metadata: string }>(
        'select position, headings, text, tokens, metadata from chunks where doc_id = ? order by position',
        docId,
      )
      .toArray()
      .map((r) => ({
        position: r.position,
        headings: JSON.parse(r.headings) as string[],
        text: r.text,
        tokens: r.tokens,
        metadata: JSON.parse(r.metadata) as Record<string, string>,
      }));
  }

  /** Empties the object (its knowledge base was deleted): every document, chunk, vector and index entry. */
  async destroy(): Promise<void> {
    const ids = this.sql
      .exec<{ id: number }>('select id from chunks')
      .toArray()
      .map((r) => r.id);
    await this.vectors.delete(ids);
    await this.ctx.storage.deleteAll();
    for (const statement of SCHEMA) this.sql.exec(statement);
  }

  async stats(): Promise<StoreStats> {
    const docs = this.sql.exec<{ n: number }>('select count(*) as n from documents').one().n;
    const chunks = this.sql.exec<{ n: number }>('select count(*) as n from chunks').one().n;
    return { docs, chunks, bytes: this.sql.databaseSize, dimensions: this.dimensions() };
  }

  private keywordSearch(text: string, allow: Set<number> | null): Ranked[] {
    const match = ftsQuery(text);
    if (!match) return [];
    // Headings weigh twice the body: a passage under "Refunds" is about refunds even when its text says it once.
    const only = allow ? 'and rowid in (select value from json_each(?))' : '';
    const params: unknown[] = allow ? [match, JSON.stringify([...allow]), CANDIDATES] : [match, CANDIDATES];
    const rows = this.sql
      .exec<{ id: number; s: number }>(
        `select rowid as id, bm25(chunks_fts, 1.0, 2.0) as s from chunks_fts where chunks_fts match ? ${only} order by s limit ?`,
        ...params,
      )
      .toArray();
    return rows.map((r) => ({ id: r.id, score: -r.s }));
  }

  /** The chunk ids a filter lets through, or null for no filter. */
  private allowed(filter: QueryFilter | undefined): Set<number> | null {
    const docIds = filter?.docIds;
    const meta = Object.entries(filter?.metadata ?? {});
    if (!docIds && !meta.length) return null;
    const where: string[] = [];
    const params: unknown[] = [];
    if (docIds) {
      where.push(`doc_id in (select value from json_each(?))`);
      params.push(JSON.stringify(docIds));
    }
    for (const [key, value] of meta) {
      where.push(`exists (select 1 from json_each(chunks.metadata) j where j.key = ? and j.value = ?)`);
      params.push(key, String(value));
    }
    const rows = this.sql.exec<{ id: number }>(`select id from chunks where ${where.join(' and ')}`, ...params).toArray();
    return new Set(rows.map((r) => r.id));
  }

  private rowsById(ids: number[]) {
    const out = new Map<number, { doc_id: string; position: number; headings: string; text: string; title: string | null }>();
    if (!ids.length) return out;
    // The document's title, when ingestion gave it in the metadata: a turn then names its citations without D1.
    const rows = this.sql
      .exec<{ id: number; doc_id: string; position: number; headings: string; text: string; title: string | null }>(
        `select c.id, c.doc_id, c.position, c.headings, c.text, json_extract(d.metadata, '$.title') as title
         from chunks c left join documents d on d.doc_id = c.doc_id where c.id in (select value from json_each(?))`,
        JSON.stringify(ids),
      )
      .toArray();
    for (const r of rows) out.set(r.id, r);
    return out;
  }

  private dimensions(): number | null {
    const row = this.sql.exec<{ value: string }>("select value from meta where key = 'dimensions'").toArray()[0];
    return row ? Number(row.value) : null;
  }

  /** The base's vector size: every chunk of every document must share it (one embedding model per base). */
  private dimensionsFor(vectors: Float32Array[], docId: string): number | null {
    if (!vectors.length) return null;
    const dims = vectors[0]!.length;
    if (!dims || vectors.some((v) => v.length !== dims)) throw new Error('upsertDocument: every embedding must have the same, non-zero length');
    const stored = this.dimensions();
    const others = this.sql.exec<{ n: number }>('select count(*) as n from chunks where doc_id != ?', docId).one().n;
    if (stored !== null && stored !== dims && others > 0) {
      throw new Error(`upsertDocument: embeddings have ${dims} dimensions, this knowledge base ${stored} (one embedding model per knowledge base)`);
    }
    if (stored !== dims && this.vectors instanceof MemoryVectorIndex) this.vectors.invalidate();
    return dims;
  }

  private *readVectors(): Iterable<{ id: number; vector: Float32Array }> {
    for (const row of this.sql.exec<{ id: number; embedding: ArrayBuffer }>('select id, embedding from chunks')) {
      yield { id: row.id, vector: new Float32Array(row.embedding) };
    }
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
/** Filters compare strings: a page number given as 3 must match the filter value "3". */
const asStrings = (m: Record<string, unknown>) => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, String(v)]));
