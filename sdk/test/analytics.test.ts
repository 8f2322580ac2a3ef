// @edgent/sdk analytics and model prices against the real Worker (the SDK's fetch is SELF.fetch): usage rows with
// every day of the range, a price set and removed for a model whose name holds `/` and `@`.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, apiKey, signup } from '../../test/workers/helpers';
import { Edgent, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

describe('@edgent/sdk analytics', () => {
  it('reads usage and sets, lists and removes a model price', async () => {
    const a = await signup('SDK Analytics');
    const edgent = new Edgent({ apiKey: await apiKey(a), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    const rows = await edgent.analytics.usage({ from: '2026-03-01', to: '2026-03-03', interval: 'day' });
    expect(rows.map((r) => r.bucket)).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z']);
    expect(rows.every((r) => r.turns === 0 && r.cost_usd === null)).toBe(true);
    const model = '@cf/meta/llama-3.2-3b-instruct';
    expect(await edgent.modelPrices.set(model, { input_per_mtok_usd: 0.1, output_per_mtok_usd: 0.2 })).toMatchObject({ model, source: 'override' });
    expect((await edgent.modelPrices.list()).data.find((p) => p.model === model)).toMatchObject({ input_per_mtok_usd: 0.1, source: 'override' });
    await edgent.modelPrices.delete(model);
    expect((await edgent.modelPrices.list()).data.find((p) => p.model === model)?.source).toBe('default');
  });
});
