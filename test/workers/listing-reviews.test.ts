// Reviews of marketplace listings (issue 18 §4; worker/routes/api/marketplace-reviews.ts, services/listing-reviews.ts):
// who may review (installed AND chatted, never the creator, once per organization), the creator's one reply, exact
// ratings (listings.rating_sum / rating_count in the same batch, also on edit and delete), public newest-first pages
// with a cursor, two tenants.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { type Account, api, createAgent, createSession, expectError, signup } from './helpers';
import { addPerson } from './helpers/people';
import { seedListing } from './helpers/marketplace';

const json = async (res: Response) => (await res.json()) as any;
const reviews = (slug: string) => `/api/v1/marketplace/listings/${slug}/reviews`;

/** What installing will do (mkt-publish's API): an agent in the installer's org and its listing_installs row. */
async function install(installer: Account, listingId: string) {
  const agent = await createAgent(installer, { name: 'Installed copy' });
  await env.DB.prepare(
    `insert into listing_installs (id, tenant_id, listing_id, agent_id, listing_version, status, created_at, updated_at)
     values (?1, ?2, ?3, ?4, 1, 'active', ?5, ?5)`,
  )
    .bind(`ins_t${crypto.randomUUID().replace(/-/g, '').slice(0, 22)}`, installer.tenant.id, listingId, agent.id, Date.now())
    .run();
  return agent;
}

/** One conversation with a message on the installed copy; waits until D1 counts it (the queue writes the count). */
async function chat(who: Account, agentId: string) {
  const s = await createSession(who, agentId);
  const res = await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'Hello there' }, as: who });
  expect(res.status).toBe(200);
  await res.text();
  await vi.waitFor(
    async () => {
      const row = await env.DB.prepare('select message_count from chat_sessions where id = ?').bind(s.id).first<{ message_count: number }>();
      expect(row!.message_count).toBeGreaterThan(0);
    },
    { timeout: 10_000, interval: 100 },
  );
}

async function rating(listingId: string) {
  return env.DB.prepare('select rating_sum as sum, rating_count as count from listings where id = ?').bind(listingId).first<{ sum: number; count: number }>();
}

describe('POST /api/v1/marketplace/listings/:slug/reviews', () => {
  it('needs an install, then a conversation; then 201 once (409 after); the creator may not review', async () => {
    const creator = await signup('Creator Co');
    const listing = await seedListing(creator);
    const b = await signup('Reviewer <Org>');
    const body = { rating: 4, text: 'Useful <script>alert(1)</script>' };

    await expectError(await api(reviews(listing.slug), { body }), 401, 'unauthorized');
    let err = await expectError(await api(reviews(listing.slug), { body, as: b }), 403, 'forbidden');
    expect(err.message).toMatch(/Install this agent/);
    const copy = await install(b, listing.id);
    err = await expectError(await api(reviews(listing.slug), { body, as: b }), 403, 'forbidden');
    expect(err.message).toMatch(/Chat with your installed copy/);
    await chat(b, copy.id);

    const res = await api(reviews(listing.slug), { body, as: b });
    expect(res.status).toBe(201);
    const review = await json(res);
    expect(review).toMatchObject({ rating: 4, text: body.text, author: 'Reviewer <Org>', reply: null, replied_at: null });
    expect(review.id).toMatch(/^rev_/);
    expect(await rating(listing.id)).toEqual({ sum: 4, count: 1 });
    await expectError(await api(reviews(listing.slug), { body: { rating: 1 }, as: b }), 409, 'conflict');
    expect(await rating(listing.id)).toEqual({ sum: 4, count: 1 });

    err = await expectError(await api(reviews(listing.slug), { body, as: creator }), 403, 'forbidden');
    expect(err.message).toMatch(/your own listing/);
    // bad input: 400 with the error shape, never 5xx
    const c = await signup('Third');
    await expectError(await api(reviews(listing.slug), { body: { rating: 9 }, as: c }), 400, 'validation_failed');
    await expectError(await api(reviews('no-such-listing'), { body, as: c }), 404, 'not_found');
  });

  it('keeps the rating exact through edits and deletes, across organizations', async () => {
    const creator = await signup('Creator Co');
    const listing = await seedListing(creator);
    const [b, c] = [await signup('B Org'), await signup('C Org')];
    await chat(b, (await install(b, listing.id)).id);
    await chat(c, (await install(c, listing.id)).id);
    expect((await api(reviews(listing.slug), { body: { rating: 5 }, as: b })).status).toBe(201);
    expect((await api(reviews(listing.slug), { body: { rating: 2, text: 'meh' }, as: c })).status).toBe(201);
    expect(await rating(listing.id)).toEqual({ sum: 7, count: 2 });
    const changed = await api(`${reviews(listing.slug)}/mine`, { method: 'PUT', body: { rating: 3, text: 'better' }, as: c });
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({ rating: 3, text: 'better', author: 'C Org' });
    expect(await rating(listing.id)).toEqual({ sum: 8, count: 2 });
    expect((await api(`${reviews(listing.slug)}/mine`, { method: 'DELETE', as: b })).status).toBe(204);
    expect(await rating(listing.id)).toEqual({ sum: 3, count: 1 });
    await expectError(await api(`${reviews(listing.slug)}/mine`, { method: 'DELETE', as: b }), 404, 'not_found');
    // the detail API's average follows (mkt-discovery reads rating_sum / rating_count)
    const page = await json(await api(reviews(listing.slug)));
    expect(page.data.map((r: any) => [r.author, r.rating])).toEqual([['C Org', 3]]);
  });

  it('a viewer (no reviews:write) is refused; a member may review', async () => {
    const creator = await signup('Creator Co');
    const listing = await seedListing(creator);
    const b = await signup('B Org');
    await chat(b, (await install(b, listing.id)).id);
    const viewer = await addPerson(b, 'viewer');
    await expectError(await api(reviews(listing.slug), { body: { rating: 5 }, as: viewer }), 403, 'forbidden');
    const member = await addPerson(b, 'member');
    expect((await api(reviews(listing.slug), { body: { rating: 5 }, as: member })).status).toBe(201);
  });

  it("another organization's install does not count, and an unpublished listing has no reviews API", async () => {
    const creator = await signup('Creator Co');
    const listing = await seedListing(creator);
    const [b, c] = [await signup('B Org'), await signup('C Org')];
    await chat(b, (await install(b, listing.id)).id);
    await expectError(await api(reviews(listing.slug), { body: { rating: 5 }, as: c }), 403, 'forbidden');
    const hidden = await seedListing(creator, { status: 'unpublished' });
    await expectError(await api(reviews(hidden.slug)), 404, 'not_found');
    await expectError(await api(reviews(hidden.slug), { body: { rating: 5 }, as: b }), 404, 'not_found');
  });
});

describe('GET /api/v1/marketplace/listings/:slug/reviews', () => {
  it('is public, newest first, with a cursor', async () => {
    const creator = await signup('Creator Co');
    const listing = await seedListing(creator);
    for (const [i, org] of ['One', 'Two', 'Three'].entries()) {
      const x = await signup(org);
      await chat(x, (await install(x, listing.id)).id);
      expect((await api(reviews(listing.slug), { body: { rating: i + 1, text: org }, as: x })).status).toBe(201);
    }
    const first = await json(await api(`${reviews(listing.slug)}?limit=2`));
    expect(first.data.map((r: any) => r.author)).toEqual(['Three', 'Two']);
    expect(first.next_cursor).toBeTypeOf('string');
    const second = await json(await api(`${reviews(listing.slug)}?limit=2&cursor=${first.next_cursor}`));
    expect(second.data.map((r: any) => r.author)).toEqual(['One']);
    expect(second.next_cursor).toBeNull();
    await expectError(await api(`${reviews(listing.slug)}?limit=0`), 400, 'validation_failed');
  });
});

describe('POST /api/v1/marketplace/listings/:slug/reviews/:review_id/reply', () => {
  it('the creator replies once (409 after); others 403; an unknown review 404', async () => {
    const creator = await signup('Creator Co');
    const listing = await seedListing(creator);
    const b = await signup('B Org');
    await chat(b, (await install(b, listing.id)).id);
    const review = await json(await api(reviews(listing.slug), { body: { rating: 2, text: 'Slow' }, as: b }));
    const reply = `${reviews(listing.slug)}/${review.id}/reply`;
    await expectError(await api(reply, { body: { text: 'Not yours' }, as: b }), 403, 'forbidden');
    await expectError(await api(reply, { body: { text: '' }, as: creator }), 400, 'validation_failed');
    const res = await api(reply, { body: { text: 'Thanks, <b>fixed</b> in v2' }, as: creator });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: review.id, reply: 'Thanks, <b>fixed</b> in v2', author: 'B Org' });
    await expectError(await api(reply, { body: { text: 'Again' }, as: creator }), 409, 'conflict');
    await expectError(await api(`${reviews(listing.slug)}/rev_000000000000000000000000/reply`, { body: { text: 'x' }, as: creator }), 404, 'not_found');
    // a member of the creator's org lacks listings:write
    const member = await addPerson(creator, 'member');
    await expectError(await api(reply, { body: { text: 'x' }, as: member }), 403, 'forbidden');
    const list = await json(await api(reviews(listing.slug)));
    expect(list.data[0]).toMatchObject({ reply: 'Thanks, <b>fixed</b> in v2' });
    expect(list.data[0].replied_at).toBeTypeOf('string');
  });
});
