/**
 * The vector half of a KnowledgeBase object behind `VectorIndex`: here brute-force cosine similarity over a
 * Float32Array matrix held in the object's memory, loaded lazily from its SQLite `chunks.embedding` column (the
 * source of truth) and kept current by appends and tombstones after writes, so a write never costs a reload.
 * Vectors are unit length (normalized on the way in), so cosine similarity is a dot product.
 */

export type VectorHit = { id: number; score: number };

/**
 * What the KnowledgeBase object needs from a vector store. Ids are the chunks' SQLite rowids. A deployment could
 * implement it over Vectorize (`env.VECTORIZE.upsert([{ id: String(id), values, metadata: { doc_id } }])`,
 * `deleteByIds`, `query(vector, { topK, filter: { doc_id: { $in } } })`) with the index named per knowledge base or
 * a `kb_id` metadata filter; the keyword half and the fusion stay in the object.
 */
export interface VectorIndex {
  upsert(items: { id: number; vector: Float32Array }[]): void | Promise<void>;
  delete(ids: number[]): void | Promise<void>;
  /** Best `topN` by cosine similarity, best first; `allow`, when given, limits the candidates (filters). */
  query(vector: Float32Array, topN: number, allow?: Set<number> | null): VectorHit[] | Promise<VectorHit[]>;
}

/** Scales `v` to unit length (a zero vector stays zero). */
export function normalize(v: Float32Array | number[]): Float32Array {
  const out = Float32Array.from(v);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i]! * out[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

export class MemoryVectorIndex implements VectorIndex {
  private ids = new Float64Array(0);
  private matrix = new Float32Array(0);
  private rows = 0;
  private live = 0;
  private readonly rowOf = new Map<number, number>();
  private loaded = false;

  /** `load` reads every (id, unit vector) from storage; called on the first query after the object starts. */
  constructor(
    private readonly dims: () => number | null,
    private readonly load: () => Iterable<{ id: number; vector: Float32Array }>,
  ) {}

  upsert(items: { id: number; vector: Float32Array }[]): void {
    if (!this.loaded) return; // the next query loads them from storage
    for (const { id, vector } of items) {
      this.delete([id]);
      this.append(id, vector);
    }
  }

  delete(ids: number[]): void {
    if (!this.loaded) return;
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      this.rowOf.delete(id);
      this.ids[row] = -1;
      this.live--;
    }
    // Tombstones past half the rows: compact so queries do not scan dead space.
    if (this.rows > 64 && this.live < this.rows / 2) this.reload();
  }

  query(vector: Float32Array, topN: number, allow?: Set<number> | null): VectorHit[] {
    if (!this.loaded) this.reload();
    const dims = this.dims();
    if (!dims || this.live === 0) return [];
    const q = normalize(vector);
    // A sorted (best first) list of at most topN hits, kept by insertion: topN is small next to the rows scanned.
    const best: VectorHit[] = [];
    const { matrix, ids } = this;
    for (let r = 0; r < this.rows; r++) {
      const id = ids[r]!;
      if (id < 0 || (allow && !allow.has(id))) continue;
      let dot = 0;
      const base = r * dims;
      for (let i = 0; i < dims; i++) dot += q[i]! * matrix[base + i]!;
      // Zero or negative similarity is no evidence under any embedding model: such chunks never enter the list.
      if (dot <= 0 || (best.length === topN && dot <= best[topN - 1]!.score)) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < dot) at--;
      best.splice(at, 0, { id, score: dot });
      if (best.length > topN) best.pop();
    }
    return best;
  }

  /** Forgets the matrix (dimensions changed, or the object's storage was cleared). */
  invalidate(): void {
    this.loaded = false;
  }

  private reload(): void {
    this.ids = new Float64Array(0);
    this.matrix = new Float32Array(0);
    this.rows = 0;
    this.live = 0;
    this.rowOf.clear();
    this.loaded = true;
    for (const { id, vector } of this.load()) this.append(id, vector);
  }

  private append(id: number, vector: Float32Array): void {
    const dims = vector.length;
    if (this.rows === this.ids.length) {
      const capacity = Math.max(64, this.rows * 2);
      const ids = new Float64Array(capacity);
      ids.set(this.ids);
      const matrix = new Float32Array(capacity * dims);
      matrix.set(this.matrix);
      this.ids = ids;
      this.matrix = matrix;
    }
    this.matrix.set(vector, this.rows * dims);
    this.ids[this.rows] = id;
    this.rowOf.set(id, this.rows);
    this.rows++;
    this.live++;
  }
}
