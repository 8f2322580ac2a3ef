// The KnowledgeBase object's parts on their own: the safe FTS5 query builder, reciprocal rank fusion, and the
// in-memory vector index (order, filters, deletes and compaction).
import { describe, expect, it } from 'vitest';
import { ftsQuery } from '../../durable-objects/knowledge-keyword';
import { MemoryVectorIndex, normalize } from '../../durable-objects/knowledge-vector-index';
import { fuseRanks, RRF_K } from '../../worker/knowledge/store-fusion';

describe('ftsQuery', () => {
  it('quotes every term and ORs them, with adjacent pairs as phrases', () => {
    expect(ftsQuery('Error E-4512 at checkout')).toBe('"error e" OR "e 4512" OR "error" OR "4512" OR "checkout"');
  });

  it('leaves nothing of FTS syntax but quoted words', () => {
    for (const text of ['AND OR NEAR( "*', 'text:secret NOT x', '^start* "open', 'a:b (c) {d} [e] -f +g', 'NEAR(a b, 3)']) {
      const q = ftsQuery(text);
      if (q !== null) expect(q, text).toMatch(/^"[\p{L}\p{N}\p{M} ]+"( OR "[\p{L}\p{N}\p{M} ]+")*$/u);
    }
    expect(ftsQuery('"*(:^')).toBeNull();
    expect(ftsQuery('')).toBeNull();
  });

  it('drops stop words unless nothing else is left, and folds diacritics', () => {
    expect(ftsQuery('how do I reset the café password')).toBe('"cafe password" OR "reset" OR "cafe" OR "password"');
    expect(ftsQuery('to be or not')).toBe('"to" OR "be" OR "or" OR "not"');
  });
});

describe('fuseRanks', () => {
  it('adds 1/(60 + rank) from each list, so agreement beats one first place', () => {
    const fused = fuseRanks(
      [
        { id: 1, score: 0.9 },
        { id: 2, score: 0.8 },
      ],
      [
        { id: 3, score: 12 },
        { id: 2, score: 9 },
      ],
      3,
    );
    expect(fused.map((f) => f.id)).toEqual([2, 1, 3]);
    expect(fused[0]).toEqual({ id: 2, score: 2 / (RRF_K + 2), vector: { rank: 2, score: 0.8 }, keyword: { rank: 2, score: 9 } });
    expect(fused[1]).toMatchObject({ score: 1 / (RRF_K + 1), keyword: null });
    expect(fused[2]).toMatchObject({ score: 1 / (RRF_K + 1), vector: null });
  });
});

describe('MemoryVectorIndex', () => {
  const vec = (...xs: number[]) => normalize(xs);
  it('answers the best first, honours filters, forgets deleted ids and survives compaction', () => {
    let stored = [
      { id: 1, vector: vec(1, 0, 0) },
      { id: 2, vector: vec(1, 1, 0) },
      { id: 3, vector: vec(0, 1, 0) },
    ];
    const index = new MemoryVectorIndex(
      () => 3,
      () => stored,
    );
    expect(index.query(vec(1, 0.1, 0), 2).map((h) => h.id)).toEqual([1, 2]);
    expect(index.query(vec(1, 0.1, 0), 5, new Set([3])).map((h) => h.id)).toEqual([3]);
    expect(index.query(vec(0, 0, 1), 5)).toEqual([]); // no positive similarity: no evidence
    index.delete([1]);
    expect(index.query(vec(1, 0, 0), 5).map((h) => h.id)).toEqual([2]);
    const many = Array.from({ length: 200 }, (_, i) => ({ id: 100 + i, vector: vec(1, i / 200, 0) }));
    index.upsert(many);
    stored = [...stored.filter((s) => s.id !== 1), ...many];
    // Storage changes first (the object's transaction), then the index hears of it; most rows dead: it reloads.
    stored = stored.filter((s) => s.id < 100 || s.id >= 250);
    index.delete(many.slice(0, 150).map((m) => m.id));
    expect(index.query(vec(1, 0, 0), 100).length).toBe(51); // 50 left of the 200, and id 2 (id 3 is orthogonal)
    expect(index.query(vec(1, 0, 0), 1)[0]!.id).toBe(250);
  });
});
