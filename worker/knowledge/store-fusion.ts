// Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009) of the KnowledgeBase object's two ranked lists.
// Each list contributes 1 / (k + rank) for every item it holds; k = 60 is the paper's constant: it damps the head of
// each list so one half's first place does not outvote agreement between both halves, and needs no score
// calibration (cosine and bm25 live on different scales, which is why scores are not mixed directly).

export const RRF_K = 60;

export type Ranked = { id: number; score: number };
export type Fused = { id: number; score: number; vector: { rank: number; score: number } | null; keyword: { rank: number; score: number } | null };

/** Fuses the two lists (each best first) and answers the best `topK`; ties go to the better vector score. */
export function fuseRanks(vector: Ranked[], keyword: Ranked[], topK: number, k = RRF_K): Fused[] {
  const byId = new Map<number, Fused>();
  const entry = (id: number) => {
    let f = byId.get(id);
    if (!f) byId.set(id, (f = { id, score: 0, vector: null, keyword: null }));
    return f;
  };
  vector.forEach((r, i) => {
    const f = entry(r.id);
    f.vector = { rank: i + 1, score: r.score };
    f.score += 1 / (k + i + 1);
  });
  keyword.forEach((r, i) => {
    const f = entry(r.id);
    f.keyword = { rank: i + 1, score: r.score };
    f.score += 1 / (k + i + 1);
  });
  return [...byId.values()].sort((a, b) => b.score - a.score || (b.vector?.score ?? -2) - (a.vector?.score ?? -2) || a.id - b.id).slice(0, topK);
}
