// Reports and operator moderation (issue 18 §4; worker/routes/api/marketplace-reviews.ts reports, the operator API in
// worker/routes/api/operator.ts, services/moderation.ts, db/marketplace-moderation.ts): anyone reports (rate-limited
// per IP), the operator removes (status removed + reason; out of search, the public lookup and try-it AT ONCE),
// restores and resolves; every action in the creator's audit log; token required, wrong token 401.
import { SELF, env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPORT_LIMITS } from '../../worker/services/listing-reports';
import { api, BASE, expectError, signup, uniqueIp } from './helpers';
import { seedListing } from './helpers/marketplace';

const TOKEN = (env as unknown as { OPERATOR_TOKEN: string }).OPERATOR_TOKEN;
const defaults = structuredClone(REPORT_LIMITS);
afterEach(() => Object.assign(REPORT_LIMITS, structuredClone(defaults)));

const json = async (res: Response) => (await res.json()) as any;
const op = (path: string, body?: unknown, token: string | null = TOKEN) =>
  SELF.fetch(`${BASE}/operator/v1${path}`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const report = (slug: string, body: unknown, ip = uniqueIp()) => api(`/api/v1/marketplace/listings/${slug}/reports`, { body, as: { ip } });

async function searchHits(term: string): Promise<number> {
  const r = await env.DB.prepare(`select count(*) as n from listings_fts where listings_fts match ?`).bind(term).first<{ n: number }>();
  return r!.n;
}

describe('POST /api/v1/marketplace/listings/:slug/reports', () => {
  it('anyone may report a published listing (201); bad input 400; unknown 404; signed-in reporter recorded', async () => {
    const creator = await signup('Creator Co');
    const listing = await seedListing(creator);
    const res = await report(listing.slug, { reason: 'spam', text: 'Buy <b>now</b>' });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ status: 'received' });
    expect(body.id).toMatch(/^rpt_/);
    const row = await env.DB.prepare('select * from listing_reports where id = ?').bind(body.id).first<any>();
    expect(row).toMatchObject({ listing_id: listing.id, reason: 'spam', text: 'Buy <b>now</b>', reporter_tenant_id: null, resolved_at: null });
    await expectError(await report(listing.slug, { reason: 'because' }), 400, 'validation_failed');
    await expectError(await report('no-such-listing', { reason: 'spam' }), 404, 'not_found');
    const b = await signup('Reporter Org');
    const signed = await api(`/api/v1/marketplace/listings/${listing.slug}/reports`, { body: { reason: 'other' }, as: b });
    expect(signed.status).toBe(201);
    const r2 = await env.DB.prepare('select reporter_tenant_id from listing_reports where id = ?')
      .bind((await json(signed)).id)
      .first<any>();
    expect(r2.reporter_tenant_id).toBe(b.tenant.id);
  });

  it('is limited per IP (429 with Retry-After); another network still may', async () => {
    REPORT_LIMITS.perIp.max = 2;
    const listing = await seedListing(await signup('Creator Co'));
    const ip = uniqueIp();
    for (let i = 0; i < 2; i++) expect((await report(listing.slug, { reason: 'spam' }, ip)).status).toBe(201);
    const refused = await report(listing.slug, { reason: 'spam' }, ip);
    await expectError(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await report(listing.slug, { reason: 'spam' })).status).toBe(201);
  });
});

describe('operator API: /operator/v1/listings/:id/remove and /restore, /operator/v1/reports/:id/resolve', () => {
  it('needs the operator token: none or wrong → 401, a tenant key too', async () => {
    const creator = await signup('Creator Co');
    const listing = await seedListing(creator);
    await expectError(await op(`/listings/${listing.id}/remove`, { reason: 'x' }, null), 401, 'unauthorized');
    await expectError(await op(`/listings/${listing.id}/remove`, { reason: 'x' }, 'wrong-token'), 401, 'unauthorized');
    await expectError(await op(`/listings/${listing.id}/restore`, undefined, 'wrong-token'), 401, 'unauthorized');
    const row = await env.DB.prepare('select status from listings where id = ?').bind(listing.id).first<any>();
    expect(row.status).toBe('published');
  });

  it('remove takes it out of search, the public lookup, reviews and try-it AT ONCE; restore brings it back; both audited for the creator', async () => {
    const creator = await signup('Creator Co');
    const word = `zebrafish${crypto
      .randomUUID()
      .slice(0, 6)
      .replace(/[^a-z]/g, 'q')}`;
    const listing = await seedListing(creator, { title: `The ${word} helper` });
    expect(await searchHits(word)).toBe(1);
    await expectError(await op(`/listings/${listing.id}/remove`, { reason: '' }), 400, 'validation_failed');
    const res = await op(`/listings/${listing.id}/remove`, { reason: 'Impersonates a bank' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ id: listing.id, slug: listing.slug, status: 'removed', removed_reason: 'Impersonates a bank' });
    expect(await searchHits(word)).toBe(0);
    await expectError(await api(`/api/v1/marketplace/listings/${listing.slug}/reviews`), 404, 'not_found');
    await expectError(await SELF.fetch(`${BASE}/marketplace/${listing.slug}/try/api/config`), 404, 'not_found');
    await expectError(await report(listing.slug, { reason: 'spam' }), 404, 'not_found');
    // restoring what is not removed: 404
    const other = await seedListing(creator);
    await expectError(await op(`/listings/${other.id}/restore`), 404, 'not_found');
    await expectError(await op(`/listings/lst_000000000000000000000000/remove`, { reason: 'x' }), 404, 'not_found');

    const back = await op(`/listings/${listing.id}/restore`);
    expect(back.status).toBe(200);
    expect(await json(back)).toMatchObject({ status: 'published', removed_reason: null });
    expect(await searchHits(word)).toBe(1);
    expect((await SELF.fetch(`${BASE}/marketplace/${listing.slug}/try/api/config`)).status).toBe(200);

    await vi.waitFor(
      async () => {
        const log = await json(await api('/api/v1/audit-log?resource_type=listing', { as: creator }));
        const actions = log.data.map((e: any) => e.action);
        expect(actions).toContain('listing.removed');
        expect(actions).toContain('listing.restored');
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('resolves a report once (404 after)', async () => {
    const listing = await seedListing(await signup('Creator Co'));
    const { id } = await json(await report(listing.slug, { reason: 'offensive' }));
    expect((await op(`/reports/${id}/resolve`, { resolution: 'Checked: fine' })).status).toBe(204);
    const row = await env.DB.prepare('select resolution, resolved_at from listing_reports where id = ?').bind(id).first<any>();
    expect(row.resolution).toBe('Checked: fine');
    expect(row.resolved_at).toBeGreaterThan(0);
    await expectError(await op(`/reports/${id}/resolve`, { resolution: 'again' }), 404, 'not_found');
  });
});
