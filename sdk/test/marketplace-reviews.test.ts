// @edgent/sdk marketplace reviews against the real Worker (SELF.fetch): list (public), create (403 until installed and
// chatted, then 201, 409 after), the creator's reply.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { BASE, api, apiKey, createAgent, createSession, signup } from '../../test/workers/helpers';
import { seedListing } from '../../test/workers/helpers/marketplace';
import { Edgent, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

describe('@edgent/sdk marketplace.reviews', () => {
  it('creates a review after install + chat, lists it, and the creator replies', async () => {
    const creator = await signup('SDK Creator');
    const listing = await seedListing(creator);
    const b = await signup('SDK Reviewer');
    const edgent = new Edgent({ apiKey: await apiKey(b), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    await expect(edgent.marketplace.reviews.create(listing.slug, { rating: 5 })).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    const copy = await createAgent(b, { name: 'Installed copy' });
    await env.DB.prepare(
      `insert into listing_installs (id, tenant_id, listing_id, agent_id, listing_version, status, created_at, updated_at) values (?1, ?2, ?3, ?4, 1, 'active', ?5, ?5)`,
    )
      .bind(`ins_sdk${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`, b.tenant.id, listing.id, copy.id, Date.now())
      .run();
    const s = await createSession(b, copy.id);
    await (await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'hi' }, as: b })).text();
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare('select message_count from chat_sessions where id = ?').bind(s.id).first<{ message_count: number }>();
        expect(row!.message_count).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 100 },
    );
    const review = await edgent.marketplace.reviews.create(listing.slug, { rating: 4, text: 'Good' });
    expect(review).toMatchObject({ rating: 4, text: 'Good', author: 'SDK Reviewer', reply: null });
    await expect(edgent.marketplace.reviews.create(listing.slug, { rating: 1 })).rejects.toMatchObject({ status: 409 });
    const mine = new Edgent({ apiKey: await apiKey(creator), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    expect(await mine.marketplace.reviews.reply(listing.slug, review.id, 'Thanks')).toMatchObject({ reply: 'Thanks' });
    const page = await mine.marketplace.reviews.list(listing.slug);
    expect(page.data.map((r) => [r.author, r.rating, r.reply])).toEqual([['SDK Reviewer', 4, 'Thanks']]);
  });
});
