// A listing's try-it chat (issue 18 §3; worker/routes/protocols/try-it.ts, services/try-it.ts): an anonymous chat with
// the PUBLISHED (frozen) version in the creator's organization, visitor tokens bound to the listing and version,
// limits (per visitor, per IP, the daily cap per listing → 429 with Retry-After), unpublish → 404 at once, and a
// creator over quota → the visitor's kind refusal.
import { SELF, env } from 'cloudflare:test';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { EMBED_LIMITS } from '../../worker/services/embed-limits';
import { api, BASE, expectError, readSse, signup, uniqueIp } from './helpers';
import { seedListing } from './helpers/marketplace';

const defaults = structuredClone(EMBED_LIMITS);
afterEach(() => Object.assign(EMBED_LIMITS, structuredClone(defaults)));

const LLM_ORIGIN = new URL(inject('llmUrl')).origin;
const OPERATOR = { authorization: `Bearer ${(env as unknown as { OPERATOR_TOKEN: string }).OPERATOR_TOKEN}`, 'content-type': 'application/json' };
const json = async (res: Response) => (await res.json()) as any;

function visit(path: string, v: { token?: string; ip?: string } = {}, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'cf-connecting-ip': v.ip ?? '203.0.113.78' };
  if (v.token) headers.authorization = `Bearer ${v.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return SELF.fetch(BASE + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
}

const tryApi = (slug: string) => `/marketplace/${slug}/try/api`;

async function start(slug: string, ip = uniqueIp()) {
  const res = await visit(`${tryApi(slug)}/sessions`, { ip }, { method: 'POST' });
  expect(res.status).toBe(201);
  const body = await json(res);
  return { ip, token: body.token as string, session: body.session_id as string };
}

const say = (slug: string, v: { token: string; session: string; ip: string }, content: string) =>
  visit(`${tryApi(slug)}/sessions/${v.session}/messages`, v, { body: { content } });

const text = (events: { event: string; data: any }[]) =>
  events
    .filter((e) => e.event === 'message.delta')
    .map((e) => e.data.text)
    .join('');

async function upstream(marker: string): Promise<string[]> {
  const r = await fetch(`${LLM_ORIGIN}/_control/requests?contains=${encodeURIComponent(marker)}`);
  return ((await r.json()) as { data: { raw: string }[] }).data.map((d) => d.raw);
}

async function creatorWithListing(fields: Parameters<typeof seedListing>[1] = {}) {
  const creator = await signup('Creator Co');
  const listing = await seedListing(creator, { title: 'Tryable helper', ...fields });
  return { creator, listing };
}

describe('try-it: the anonymous chat with a listing', () => {
  it('answers from the model, streams, keeps history, and the conversation is in the creator org labelled marketplace_try', async () => {
    const { creator, listing } = await creatorWithListing();
    const config = await json(await visit(`${tryApi(listing.slug)}/config`));
    expect(config.agent).toEqual({ name: 'Tryable helper' });
    const v = await start(listing.slug);
    const res = await say(listing.slug, v, '[[reply:Hello from the listing]]');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = await readSse(res);
    expect(text(events)).toBe('Hello from the listing');
    expect(events.at(-1)!.event).toBe('message.completed');
    const history = await json(await visit(`${tryApi(listing.slug)}/sessions/${v.session}/messages`, v));
    expect(history.data.map((m: any) => m.role)).toEqual(['user', 'assistant']);
    const mine = await json(await api(`/api/v1/sessions?agent_id=${listing.agent.id}`, { as: creator }));
    expect(mine.data.map((s: any) => [s.id, s.metadata])).toEqual([[v.session, { via: 'marketplace_try', listing_id: listing.id }]]);
    // usage is the creator's, tagged marketplace
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare('select tenant_id, source from usage_events where session_id = ?').bind(v.session).first<any>();
        expect(row).toEqual({ tenant_id: creator.tenant.id, source: 'marketplace' });
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('runs the FROZEN version: changing the agent after publishing does not change try-it', async () => {
    const old = `OLD-${crypto.randomUUID().slice(0, 8)}`;
    const { creator, listing } = await creatorWithListing({ instructions: `You are the ${old} agent.` });
    const fresh = `NEW-${crypto.randomUUID().slice(0, 8)}`;
    const patched = await api(`/api/v1/agents/${listing.agent.id}`, { method: 'PATCH', body: { instructions: `You are the ${fresh} agent.` }, as: creator });
    expect(patched.status).toBe(200);
    const marker = `m${crypto.randomUUID().slice(0, 10)}`;
    const v = await start(listing.slug);
    await (await say(listing.slug, v, `${marker} hello`)).text();
    const calls = await upstream(marker);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0]).toContain(old);
    expect(calls[0]).not.toContain(fresh);
  });

  it('unpublish and removal stop it at once: config, new sessions and messages of open ones are 404', async () => {
    const { creator, listing } = await creatorWithListing();
    const v = await start(listing.slug);
    await env.DB.prepare(`update listings set status = 'unpublished' where id = ?`).bind(listing.id).run();
    await expectError(await visit(`${tryApi(listing.slug)}/config`), 404, 'not_found');
    await expectError(await visit(`${tryApi(listing.slug)}/sessions`, {}, { method: 'POST' }), 404, 'not_found');
    await expectError(await say(listing.slug, v, 'hi'), 404, 'not_found');
    // an operator's removal too
    const other = await seedListing(creator);
    const w = await start(other.slug);
    const removed = await SELF.fetch(`${BASE}/operator/v1/listings/${other.id}/remove`, {
      method: 'POST',
      headers: OPERATOR,
      body: JSON.stringify({ reason: 'Spam' }),
    });
    expect(removed.status).toBe(200);
    await expectError(await say(other.slug, w, 'hi'), 404, 'not_found');
    await expectError(await visit(`${tryApi('no-such-listing')}/config`), 404, 'not_found');
  });

  it('refuses tokens of another listing or conversation', async () => {
    const { creator, listing } = await creatorWithListing();
    const other = await seedListing(creator);
    const [v, w] = [await start(listing.slug), await start(other.slug)];
    await expectError(await say(listing.slug, { ...v, token: w.token }, 'hi'), 401, 'unauthorized');
    await expectError(await say(listing.slug, { ...v, token: 'junk' }, 'hi'), 401, 'unauthorized');
    // a token of the listing's previous version opens nothing once a new version is published
    await env.DB.prepare(`update listings set version = 2 where id = ?`).bind(listing.id).run();
    await expectError(await say(listing.slug, v, 'hi'), 401, 'unauthorized');
  });

  it('the daily cap per listing: over it → 429 with Retry-After until the next UTC day; other listings unaffected', async () => {
    const { creator, listing } = await creatorWithListing();
    const cap = Number((env as unknown as { TRY_IT_DAILY_CAP?: string }).TRY_IT_DAILY_CAP ?? 200);
    const day = Math.floor(Date.now() / 86_400_000);
    // the day's counter (RateLimiter DO `try:<listing>:<day>`) one message short of the cap
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`try:${listing.id}:${day}`));
    await stub.hit([{ bucket: 'try-it', n: cap - 1, max: cap, windowMs: 86_400_000 }]);
    const v = await start(listing.slug);
    expect((await say(listing.slug, v, '[[reply:last one]]')).status).toBe(200);
    const w = await start(listing.slug);
    const refused = await say(listing.slug, w, '[[reply:too many]]');
    const err = await expectError(refused, 429, 'rate_limited');
    expect(err.message).toMatch(/today/);
    const retry = Number(refused.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(86_400);
    const other = await seedListing(creator);
    expect((await say(other.slug, await start(other.slug), '[[reply:fine]]')).status).toBe(200);
  });

  it('per visitor and per IP limits → 429 with Retry-After', async () => {
    EMBED_LIMITS.messagesPerVisitor.max = 1;
    const { listing } = await creatorWithListing();
    const v = await start(listing.slug);
    await (await say(listing.slug, v, '[[reply:one]]')).text();
    const res = await say(listing.slug, v, '[[reply:two]]');
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);

    EMBED_LIMITS.messagesPerVisitor.max = 10;
    EMBED_LIMITS.messagesPerIp.max = 2;
    const ip = uniqueIp();
    const [a, b] = [await start(listing.slug, ip), await start(listing.slug, ip)];
    for (const x of [a, b]) await (await say(listing.slug, x, '[[reply:ok]]')).text();
    await expect.poll(async () => await say(listing.slug, a, '[[reply:x]]').then(async (r) => (await r.text(), r.status)), { timeout: 2000 }).toBe(429);
    expect((await say(listing.slug, await start(listing.slug, uniqueIp()), '[[reply:fine]]')).status).toBe(200);
  });

  it("a creator over its plan's quota: the visitor gets the kind refusal, never the creator's limits", async () => {
    const { creator, listing } = await creatorWithListing();
    const set = await SELF.fetch(`${BASE}/operator/v1/tenants/${creator.tenant.id}/limits`, {
      method: 'PUT',
      headers: OPERATOR,
      body: JSON.stringify({ limits: { messages: 0 } }),
    });
    expect(set.status).toBe(200);
    const v = await start(listing.slug);
    const res = await say(listing.slug, v, '[[reply:nope]]');
    const body = await res.text();
    expect(body).toContain('not available right now');
    expect(body).not.toMatch(/plan|upgrade|billing/i);
  });
});
