// Percentiles from the rollups' log-scale histograms (worker/lib/histogram.ts): on known distributions (uniform,
// log-normal, bimodal) p50 / p95 / p99 from the binned counts are within one bin (a factor √2) of the exact value, also
// after histograms are merged the way the usage API sums rollup rows.
import { describe, expect, it } from 'vitest';
import { BINS, binHigh, binLow, binOf, emptyHistogram, mergeInto, percentile } from '../../worker/lib/histogram';
import { mulberry32 } from '../../scripts/lib/prng.mjs';

const exact = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
};

function histogramOf(xs: number[]) {
  const h = emptyHistogram();
  for (const x of xs) h[binOf(x)]! += 1;
  return h;
}

/** Within one bin: the reported value lies no further than one bin edge away from the exact value's bin. */
function expectWithinOneBin(got: number | null, want: number) {
  expect(got).not.toBeNull();
  const b = binOf(want);
  expect(got!).toBeGreaterThanOrEqual(binLow(Math.max(0, b - 1)));
  expect(got!).toBeLessThanOrEqual(b + 1 >= BINS ? Infinity : binHigh(b + 1));
  // And the ratio is at most √2 either way for values inside the open-ended bins' range.
  if (want >= 8 && want < binLow(BINS - 1)) {
    expect(got! / want).toBeLessThanOrEqual(Math.SQRT2 + 1e-9);
    expect(want / got!).toBeLessThanOrEqual(Math.SQRT2 + 1e-9);
  }
}

const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

const DISTRIBUTIONS: Record<string, (r: () => number) => number> = {
  uniform: (r) => 10 + r() * 5000,
  'log-normal': (r) => 800 * Math.exp(0.9 * normal(r)),
  bimodal: (r) => (r() < 0.7 ? 120 * Math.exp(0.2 * normal(r)) : 9000 * Math.exp(0.3 * normal(r))),
};

describe('percentiles from histograms', () => {
  for (const [name, draw] of Object.entries(DISTRIBUTIONS)) {
    it(`${name}: p50, p95 and p99 are within one bin of the exact value`, () => {
      const r = mulberry32(name.length * 7919);
      const xs = Array.from({ length: 20_000 }, () => draw(r));
      const h = histogramOf(xs);
      for (const p of [50, 95, 99]) expectWithinOneBin(percentile(h, p), exact(xs, p));
    });

    it(`${name}: merging per-bucket histograms gives the same percentiles as one histogram`, () => {
      const r = mulberry32(name.length * 104729);
      const xs = Array.from({ length: 10_000 }, () => draw(r));
      const parts = Array.from({ length: 24 }, (_, i) => histogramOf(xs.filter((_, j) => j % 24 === i)));
      const merged = parts.reduce((acc, h) => mergeInto(acc, h), emptyHistogram());
      expect(merged).toEqual(histogramOf(xs));
      for (const p of [50, 95]) expectWithinOneBin(percentile(merged, p), exact(xs, p));
    });
  }

  it('is null for an empty histogram and exact-bin for a single value', () => {
    expect(percentile(emptyHistogram(), 50)).toBeNull();
    const h = histogramOf([1234]);
    expectWithinOneBin(percentile(h, 50), 1234);
    expect(percentile(h, 50)).toBe(percentile(h, 99));
  });
});
