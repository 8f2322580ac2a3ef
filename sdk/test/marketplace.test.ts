// @edgent/sdk marketplace against the real Worker (the SDK's fetch is SELF.fetch): list with search and filters,
// get a listing in full (a paid one without instructions), categories with counts, and 404 as an EdgentError.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, apiKey, signup } from '../../test/workers/helpers';
import { seedListing } from '../../test/workers/helpers/marketplace';
import { Edgent, EdgentError, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

describe('@edgent/sdk marketplace', () => {
  it('lists, searches, gets and counts published listings', async () => {
    const a = await signup('SDK Marketplace');
    const word = `narwhal${crypto.randomUUID().slice(0, 6)}`;
    const free = await seedListing(a, { title: `Free ${word}`, category: 'research', instructions: 'Free prompt' });
    const paid = await seedListing(a, {
      title: `Paid ${word}`,
      category: 'research',
      pricing: { type: 'subscription', monthly_usd: 5 },
      instructions: 'Paid prompt',
    });
    const edgent = new Edgent({ apiKey: await apiKey(a), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    const found = await edgent.marketplace.list({ q: word.slice(0, 6), pricing: 'paid' });
    expect(found.data.map((l) => l.slug)).toEqual([paid.slug]);
    expect(found.data[0]!.snippet).toContain('<mark>');
    expect((await edgent.marketplace.list({ q: word, limit: 1 })).next_cursor).not.toBeNull();
    expect(await edgent.marketplace.get(free.slug)).toMatchObject({ slug: free.slug, instructions: 'Free prompt' });
    expect(await edgent.marketplace.get(paid.slug)).not.toHaveProperty('instructions');
    const categories = (await edgent.marketplace.categories()).data;
    expect(categories.find((c) => c.slug === 'research')!.count).toBeGreaterThanOrEqual(2);
    const err = await edgent.marketplace.get('no-such-listing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EdgentError);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
  });
});
