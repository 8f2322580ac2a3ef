/**
 * Rows for set-wise writes: the EVENTS consumer's writers send a queue batch's rows to D1 as one JSON parameter per
 * statement (`json_each(?1)`), in chunks that keep each parameter well under D1's 2 MB limit on a value.
 */

/** A non-negative whole number from an event field (anything else is 0), so a NOT NULL column never refuses a batch. */
export const int = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0);

/** One statement's worth: the rows, and the same rows as the JSON array text to bind. */
export type JsonChunk<T> = { rows: T[]; json: string };

/** `rows` in chunks of at most `maxRows`, each at most `maxBytes` of JSON text (but for a single larger row). */
export function jsonChunks<T>(rows: Iterable<T>, maxRows: number, maxBytes: number): JsonChunk<T>[] {
  const chunks: JsonChunk<T>[] = [];
  let cur: T[] = [];
  let texts: string[] = [];
  let bytes = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (cur.length && (cur.length >= maxRows || bytes + text.length + 1 > maxBytes)) {
      chunks.push({ rows: cur, json: `[${texts.join(',')}]` });
      cur = [];
      texts = [];
      bytes = 2;
    }
    cur.push(row);
    texts.push(text);
    bytes += text.length + 1;
  }
  if (cur.length) chunks.push({ rows: cur, json: `[${texts.join(',')}]` });
  return chunks;
}
