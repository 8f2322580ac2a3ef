// WeightedGate (worker/lib/weighted-gate.ts), the bound on what the knowledge ingestion consumer holds in memory:
// work runs side by side while its weights fit, a weight over the capacity runs alone, order is first come first
// served (a large one is not starved by small ones behind it), and a failure frees its weight.
import { describe, expect, it } from 'vitest';
import { WeightedGate } from '../../worker/lib/weighted-gate';

/** Runs `weights` through a gate of `capacity`, each job taking one tick; returns the log of starts and ends. */
async function trace(capacity: number, weights: number[]) {
  const gate = new WeightedGate(capacity);
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  const releases: (() => void)[] = [];
  const jobs = weights.map((w, i) =>
    gate.run(w, async () => {
      running += w;
      peak = Math.max(peak, running);
      log.push(`start ${i}`);
      await new Promise<void>((r) => releases.push(r));
      running -= w;
      log.push(`end ${i}`);
    }),
  );
  // Release whatever runs, one at a time, until everything has ended.
  while (log.filter((l) => l.startsWith('end')).length < weights.length) {
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()?.();
  }
  await Promise.all(jobs);
  return { log, peak };
}

describe('WeightedGate', () => {
  it('runs jobs side by side while their weights fit under the capacity', async () => {
    const { log, peak } = await trace(10, [4, 4, 4]);
    expect(log.slice(0, 2)).toEqual(['start 0', 'start 1']);
    expect(log.indexOf('start 2')).toBeGreaterThan(log.indexOf('end 0'));
    expect(peak).toBe(8);
  });
  it('runs a weight above the capacity alone, and keeps arrival order', async () => {
    const { log } = await trace(10, [2, 50, 1]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });
  it('a failing job frees its weight', async () => {
    const gate = new WeightedGate(5);
    await expect(gate.run(5, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(5, async () => 'next')).toBe('next');
  });
});
