// Fixed log-scale latency histograms (ARCHITECTURE.md, "Analytics and cost"): rollups keep a count per bin, so
// p50/p95 over any range come from summed bins, never from raw rows. Bin i (0 < i < BINS - 1) holds values in
// [BASE_MS·√2^(i-1), BASE_MS·√2^i); bin 0 everything below BASE_MS, the last bin everything from its lower edge up.
// With BASE_MS 8 and 32 bins the open top starts near 370 s. A percentile is reported as the geometric middle of its
// bin, so it is within one bin (a factor √2) of the exact value.

export const BINS = 32;
export const BASE_MS = 8;
const STEP = Math.SQRT2;

/** The lower edge of bin i (0 for bin 0). */
export function binLow(i: number): number {
  return i <= 0 ? 0 : BASE_MS * STEP ** (i - 1);
}

/** The upper edge of bin i (Infinity for the last). */
export function binHigh(i: number): number {
  return i >= BINS - 1 ? Infinity : BASE_MS * STEP ** i;
}

/** Which bin a value (ms) falls in. */
export function binOf(ms: number): number {
  if (!(ms >= BASE_MS)) return 0;
  // Floating point may put an exact edge one bin low; the loop settles it.
  let i = Math.min(BINS - 1, Math.floor(Math.log(ms / BASE_MS) / Math.log(STEP)) + 1);
  while (i < BINS - 1 && ms >= binHigh(i)) i++;
  while (i > 0 && ms < binLow(i)) i--;
  return i;
}

/** An empty histogram. */
export const emptyHistogram = (): number[] => new Array<number>(BINS).fill(0);

/** Adds `b` into `a` (same length) and returns `a`. */
export function mergeInto(a: number[], b: readonly number[]): number[] {
  for (let i = 0; i < BINS; i++) a[i]! += b[i] ?? 0;
  return a;
}

/** The value reported for bin i: the geometric middle of its edges (bin 0: half its upper edge; top bin: its low). */
export function binValue(i: number): number {
  if (i <= 0) return BASE_MS / 2;
  if (i >= BINS - 1) return binLow(i);
  return Math.round(Math.sqrt(binLow(i) * binHigh(i)));
}

/** The p-th percentile (0 < p ≤ 100) of a histogram, or null when it is empty. */
export function percentile(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((s, n) => s + n, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < BINS; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank) return binValue(i);
  }
  return binValue(BINS - 1);
}

/** The SQL column names of a histogram's bins in the rollup table: `${prefix}_00` … `${prefix}_31`. */
export const binColumns = (prefix: 'lat' | 'ttft'): string[] => Array.from({ length: BINS }, (_, i) => `${prefix}_${String(i).padStart(2, '0')}`);
