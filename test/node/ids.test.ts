// Ids (worker/db/ids.ts): prefixed, time-sortable, 14 random base32 characters each, drawn from a pooled CSPRNG block
// with no byte used twice.
import { describe, expect, it } from 'vitest';
import { idFloor, isId, newId } from '../../worker/db/ids';

describe('newId', () => {
  it('makes distinct, well-formed ids in time order, across many refills of the random pool', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 20_000 }, (_, i) => newId('session', t0 + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => isId('session', id))).toBe(true);
    const times = ids.map((id) => id.slice(4, 14));
    expect([...times].sort()).toEqual(times);
    expect(ids[0]! >= idFloor('session', t0)).toBe(true);
    // No two ids share their random tail, not even in part: a reused pool slice would repeat 14 characters.
    expect(new Set(ids.map((id) => id.slice(14))).size).toBe(ids.length);
  });

  it('spreads the random characters evenly over the alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) for (const ch of newId('agent').slice(14)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (10_000 * 14) / 32;
    // Chi-square with 31 degrees of freedom: above 70 would happen by chance about once in 10,000 runs.
    const chi = [...counts.values()].reduce((s, n) => s + (n - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(70);
  });
});
