// Model prices and turn cost: family resolution of dated names, overrides winning, exact decimal cost to 1e-9 USD.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, costUsd, defaultPrice, modelFamily, resolvePrice } from '../../worker/services/prices';

describe('model families', () => {
  it('resolves dated and -latest variants to their family', () => {
    expect(modelFamily('gpt-4o-2024-08-06')).toBe('gpt-4o');
    expect(modelFamily('gpt-4o-mini-2024-07-18')).toBe('gpt-4o-mini');
    expect(modelFamily('gpt-4.1-2025-04-14')).toBe('gpt-4.1');
    expect(modelFamily('claude-3-5-sonnet-20241022')).toBe('claude-3-5-sonnet');
    expect(modelFamily('claude-3-5-sonnet-latest')).toBe('claude-3-5-sonnet');
    expect(modelFamily('anthropic/claude-sonnet-4-20250514')).toBe('claude-sonnet-4');
    expect(modelFamily('@cf/meta/llama-3.1-8b-instruct')).toBe('@cf/meta/llama-3.1-8b-instruct');
    expect(defaultPrice('gpt-4o-2024-08-06')).toEqual(DEFAULT_PRICES['gpt-4o']);
    expect(defaultPrice('GPT-4o-mini')).toEqual({ input: 0.15, output: 0.6 });
    expect(defaultPrice('my-local-model')).toBeNull();
  });

  it('lets an override (own name or family) win over the default', () => {
    const o = new Map([
      ['gpt-4o', { input: 1, output: 2 }],
      ['@cf/meta/llama-3.1-8b-instruct', { input: 0, output: 0 }],
    ]);
    expect(resolvePrice(o, 'gpt-4o-2024-08-06')).toEqual({ price: { input: 1, output: 2 }, source: 'override' });
    expect(resolvePrice(o, 'gpt-4o-mini')).toEqual({ price: DEFAULT_PRICES['gpt-4o-mini'], source: 'default' });
    expect(resolvePrice(o, '@cf/meta/llama-3.1-8b-instruct')?.price).toEqual({ input: 0, output: 0 });
    expect(resolvePrice(o, 'unknown')).toBeNull();
  });
});

describe('costUsd', () => {
  it('is null without a price and exact to 1e-9 USD with one', () => {
    expect(costUsd(null, 100, 100)).toBeNull();
    // 1,000 × 0.15 / 1e6 + 500 × 0.6 / 1e6 = 0.00015 + 0.0003
    expect(costUsd({ input: 0.15, output: 0.6 }, 1000, 500)).toBe(0.00045);
    // Float arithmetic gives 0.30000000000000004 for 0.1 + 0.2; the cost does not drift.
    expect(costUsd({ input: 0.1, output: 0.2 }, 1_000_000, 1_000_000)).toBe(0.3);
    expect(costUsd({ input: 2.5, output: 10 }, 123_456_789, 987_654)).toBe(318.5185125);
    expect(costUsd({ input: 0, output: 0 }, 5, 5)).toBe(0);
  });

  it('rounds half up at 1e-9 USD', () => {
    // 1 token at 0.0015 USD/Mtok = 1.5e-9 → 2e-9; at 0.0014 → 1e-9; at 0.0004 → 0.
    expect(costUsd({ input: 0.0015, output: 0 }, 1, 0)).toBe(2e-9);
    expect(costUsd({ input: 0.0014, output: 0 }, 1, 0)).toBe(1e-9);
    expect(costUsd({ input: 0.0004, output: 0 }, 1, 0)).toBe(0);
    expect(costUsd({ input: 0.282, output: 0.827 }, 7, 3)).toBe(0.000004455);
  });

  it('matches a decimal reference on random inputs', () => {
    for (let i = 0; i < 500; i++) {
      const pin = Math.round(Math.random() * 100_000) / 1000;
      const pout = Math.round(Math.random() * 100_000) / 1000;
      const a = Math.floor(Math.random() * 5_000_000);
      const b = Math.floor(Math.random() * 5_000_000);
      // Reference in integer thousandths-of-a-cent-per-Mtok arithmetic: prices have 3 decimals here.
      const milli = BigInt(a) * BigInt(Math.round(pin * 1000)) + BigInt(b) * BigInt(Math.round(pout * 1000));
      // milli / 1e3 USD per Mtok-token → USD = milli / 1e9 exactly (no rounding needed).
      const want = Number(milli) / 1e9;
      expect(costUsd({ input: pin, output: pout }, a, b)).toBe(want);
    }
  });
});
