// Paid listings (issue 18 §5; worker/routes/api/creator-payouts.ts, services/listing-billing.ts) against the Stripe fixture with the real `stripe` SDK: a creator onboards on Connect
// (the hosted account link visited → account.updated → active); an installer without a subscription gets a Checkout
// URL from the install gate whose subscription carries the platform's fee and transfers to the creator's account;
// paying (webhooks delivered in order, each once) lets the install through and records the payment (amount, fee,
// net) in the creator's earnings; at the end of the period (customer.subscription.deleted) the installed copy is
// stopped and its turns are refused with 402 subscription_required naming the listing page; resubscribing reactivates
// it. The installer's own plan never changes. Two tenants: earnings and onboarding of one are invisible to the other.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { tenantDb } from '../../worker/db/tenant-db';
import type { Bindings } from '../../worker/env';
import { assertCanSell } from '../../worker/services/creator-payouts';
import { type Account, BASE, api, createSession, expectError, signup } from './helpers';
import { seedListing } from './helpers/marketplace';
import { accountOf, gate, onboard, paidListing, pay, stripeSdk } from './helpers/paid-listings';
import { billingOf, control, deliverAll, eventsOf, stripeUrl } from './helpers/stripe';

const say = (a: Account, sessionId: string, content: string) => api(`/api/v1/sessions/${sessionId}/messages`, { body: { content }, as: a });
const earningsOf = async (a: Account) => {
  const r = await api('/api/v1/creator/earnings', { as: a });
  expect(r.status).toBe(200);
  return (await r.json()) as any;
};
const requests = async () => ((await (await fetch(`${stripeUrl()}/_control/requests`)).json()) as { data: any[] }).data;

describe('Connect onboarding', () => {
  it('creates the Express account once, links to onboarding, and account.updated makes it active', async () => {
    const creator = await signup('Paid Creator One');
    const before = await api('/api/v1/creator/connect', { as: creator });
    expect(await before.json()).toMatchObject({ status: 'none', account: false, charges_enabled: false, fee_percent: 20 });
    const first = await api('/api/v1/creator/connect', { method: 'POST', as: creator });
    expect(first.status).toBe(200);
    const second = await api('/api/v1/creator/connect', { method: 'POST', as: creator });
    const { url } = (await second.json()) as { url: string };
    expect(url.startsWith(`${stripeUrl()}/connect/onboarding/`)).toBe(true);
    const acct = await accountOf(creator);
    expect(acct).toMatchObject({ status: 'pending' });
    expect(acct.id).toMatch(/^acct_/);
    const made = (await requests()).filter((r) => r.path === '/v1/accounts' && r.method === 'POST' && r.body.metadata?.tenant_id === creator.tenant.id);
    expect(made).toHaveLength(1);
    expect(made[0].body.type).toBe('express');
    const links = (await requests()).filter((r) => r.path === '/v1/account_links' && r.body.account === acct.id);
    expect(links).toHaveLength(2);
    expect(links[0].body).toMatchObject({
      type: 'account_onboarding',
      return_url: `${BASE}/app/earnings?connect=return`,
      refresh_url: `${BASE}/app/earnings?connect=refresh`,
    });
    // Visiting the link finishes onboarding at the fixture; the webhook sets the status.
    const visit = await fetch(url, { redirect: 'manual' });
    expect(visit.headers.get('location')).toBe(`${BASE}/app/earnings?connect=return`);
    const events = await eventsOf(acct.id!);
    expect(events.map((e) => e.type)).toEqual(['account.updated']);
    expect(await deliverAll(events)).toEqual([{ received: true }]);
    expect((await accountOf(creator)).status).toBe('active');
    expect(await deliverAll(events)).toEqual([{ received: true, duplicate: true }]);
    const state = (await (await api('/api/v1/creator/connect', { as: creator })).json()) as any;
    expect(state).toEqual({ status: 'active', account: true, charges_enabled: true, payouts_enabled: true, details_submitted: true, fee_percent: 20 });
    expect(JSON.stringify(state)).not.toContain('acct_');
  });

  it('a restricted account (payouts not enabled) is restricted; owners only; another organization sees its own state', async () => {
    const creator = await signup('Paid Creator Two');
    await api('/api/v1/creator/connect', { method: 'POST', as: creator });
    const acct = await accountOf(creator);
    await control(`accounts/${acct.id}/complete`, { payouts_enabled: false });
    await deliverAll(await eventsOf(acct.id!));
    expect((await accountOf(creator)).status).toBe('restricted');
    const other = await signup('Paid Other Org');
    expect(await (await api('/api/v1/creator/connect', { as: other })).json()).toMatchObject({ status: 'none', account: false });
    expect((await earningsOf(other)).total_gross).toBe(0);
  });
});

describe('a paid listing', () => {
  it('gates the install behind Checkout with the fee and the transfer, then installs, earns, stops at period end and resubscribes', async () => {
    const creator = await signup('Paid Seller');
    const acct = await onboard(creator);
    expect((await accountOf(creator)).status).toBe('active');
    const listing = await paidListing(creator, 9, 'Invoice Wizard');
    const installer = await signup('Paid Buyer');

    // Free listings and the creator's own organization pass.
    const free = await seedListing(creator, { title: 'Free one' });
    expect(await gate(installer, free.slug)).toEqual({ ok: true, subscriptionId: null });
    expect(await gate(creator, listing.slug)).toEqual({ ok: true, subscriptionId: null });

    // The install API answers 402 subscription_required with the Checkout URL.
    const refusedInstall = await api(`/api/v1/marketplace/listings/${listing.slug}/install`, { method: 'POST', as: installer, body: {} });
    expect(refusedInstall.status).toBe(402);
    const refusedBody = (await refusedInstall.json()) as { error: { code: string }; url: string };
    expect(refusedBody.error.code).toBe('subscription_required');
    expect(refusedBody.url.startsWith(`${stripeUrl()}/checkout/cs_test_`)).toBe(true);
    const g = await gate(installer, listing.slug);
    expect(g.ok).toBe(false);
    const url = (g as { url: string }).url;
    expect(url.startsWith(`${stripeUrl()}/checkout/cs_test_`)).toBe(true);
    // Product and monthly price made lazily and kept on the listing; the session's fee, transfer and metadata.
    const row = await env.DB.prepare('select stripe_product_id as product, stripe_price_id as price from listings where id = ?').bind(listing.id).first<any>();
    expect(row.product).toMatch(/^prod_/);
    expect(row.price).toMatch(/^price_/);
    const sdk = stripeSdk();
    const price = await sdk.prices.retrieve(row.price);
    expect(price).toMatchObject({ unit_amount: 900, currency: 'usd', recurring: { interval: 'month' } });
    const made = (await requests())
      .filter((r) => r.path === '/v1/checkout/sessions' && r.body.metadata?.listing_id === listing.id && r.body.success_url.includes(BASE))
      .slice(-1);
    expect(made).toHaveLength(1);
    expect(made[0].body).toMatchObject({
      mode: 'subscription',
      line_items: [{ price: row.price, quantity: '1' }],
      metadata: { kind: 'listing', listing_id: listing.id, tenant_id: installer.tenant.id },
      subscription_data: { application_fee_percent: '20', transfer_data: { destination: acct }, metadata: { kind: 'listing' } },
      cancel_url: `${BASE}/marketplace/${listing.slug}`,
    });
    expect(made[0].body.success_url).toContain(`/marketplace/${listing.slug}?installed=1`);
    // The installer's own billing customer.
    const billingRow = await env.DB.prepare('select stripe_customer_id as c from billing_accounts where tenant_id = ?').bind(installer.tenant.id).first<any>();
    expect(made[0].body.customer).toBe(billingRow.c);

    const paid = await pay(url);
    expect(paid.events.map((e) => e.type)).toEqual([
      'checkout.session.completed',
      'customer.subscription.created',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
    expect(paid.answers).toEqual([{ received: true }, { received: true }, { received: true }, { received: true }]);
    const sub = await sdk.subscriptions.retrieve(paid.subscription);
    expect(sub.application_fee_percent).toBe(20);
    expect(sub.transfer_data?.destination).toBe(acct);
    // The installer's plan is untouched.
    expect(await billingOf(installer)).toMatchObject({ plan: 'free', status: 'none' });

    // Installed by the webhook (no second click), carrying the subscription.
    const rows = await env.DB.prepare('select id, agent_id, stripe_subscription_id as sub, status from listing_installs where tenant_id = ? and listing_id = ?')
      .bind(installer.tenant.id, listing.id)
      .all<any>();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]).toMatchObject({ sub: paid.subscription, status: 'active' });
    const installed = { id: rows.results[0].id as string, agent: { id: rows.results[0].agent_id as string } };
    // The gate passes now; a second copy through the API is allowed too (the subscription stays on the first row).
    expect(await gate(installer, listing.slug)).toEqual({ ok: true, subscriptionId: null });
    const second = await api(`/api/v1/marketplace/listings/${listing.slug}/install`, { method: 'POST', as: installer, body: {} });
    expect(second.status, await second.clone().text()).toBe(201);

    // Earnings: $9.00, fee 20 %, net; each invoice once.
    let e = await earningsOf(creator);
    expect(e).toMatchObject({ currency: 'usd', total_gross: 900, total_fee: 180, total_net: 720, payments_count: 1 });
    expect(e.this_month).toMatchObject({ gross: 900, fee: 180, net: 720, payments: 1 });
    expect(e.by_listing).toEqual([
      expect.objectContaining({ listing_id: listing.id, title: 'Invoice Wizard', gross: 900, fee: 180, net: 720, subscribers: 1 }),
    ]);
    expect(e.payments[0]).toMatchObject({ listing_id: listing.id, amount: 900, fee: 180, net: 720 });
    expect(await deliverAll(paid.events)).toEqual(paid.events.map(() => ({ received: true, duplicate: true })));
    expect((await earningsOf(creator)).payments_count).toBe(1);
    expect((await earningsOf(installer)).payments_count).toBe(0);

    // The installed copy answers.
    const session = await createSession(installer, installed.agent.id);
    expect((await say(installer, session.id, 'hello while subscribed')).status).toBe(200);

    // A renewal pays again.
    const renewed = await control(`subscriptions/${paid.subscription}/renew`);
    expect(renewed.invoice.application_fee_amount).toBe(180);
    await deliverAll((await eventsOf(paid.customer)).slice(paid.events.length));
    e = await earningsOf(creator);
    expect(e).toMatchObject({ total_gross: 1800, total_fee: 360, total_net: 1440, payments_count: 2 });

    // Cancelled at period end: nothing changes until the period ends.
    let seen = (await eventsOf(paid.customer)).length;
    await sdk.subscriptions.update(paid.subscription, { cancel_at_period_end: true });
    await deliverAll((await eventsOf(paid.customer)).slice(seen));
    expect((await say(installer, session.id, 'still within the period')).status).toBe(200);
    seen = (await eventsOf(paid.customer)).length;
    await control(`subscriptions/${paid.subscription}/renew`); // the period ends: customer.subscription.deleted
    const ended = (await eventsOf(paid.customer)).slice(seen);
    expect(ended.map((x) => x.type)).toEqual(['customer.subscription.deleted']);
    await deliverAll(ended);
    const stopped = await env.DB.prepare('select status, subscription_status as s from listing_installs where id = ?').bind(installed.id).first<any>();
    expect(stopped).toEqual({ status: 'stopped', s: 'canceled' });
    const refused = await expectError(await say(installer, session.id, 'after the end'), 402, 'subscription_required');
    expect(refused.message).toContain(`/marketplace/${listing.slug}`);
    expect(await billingOf(installer)).toMatchObject({ plan: 'free' });

    // Resubscribing: a new Checkout, paid → the copy works again.
    const again = await gate(installer, listing.slug);
    expect(again.ok).toBe(false);
    const before = (await eventsOf(paid.customer)).length;
    const repaid = await pay((again as { url: string }).url, before);
    expect(repaid.customer).toBe(paid.customer);
    expect((await env.DB.prepare('select status from listing_installs where id = ?').bind(installed.id).first<any>()).status).toBe('active');
    // Reactivated, not installed again.
    expect(
      (
        await env.DB.prepare('select count(*) as n from listing_installs where tenant_id = ? and listing_id = ?')
          .bind(installer.tenant.id, listing.id)
          .first<any>()
      ).n,
    ).toBe(2);
    expect((await say(installer, session.id, 'back again')).status).toBe(200);
    expect((await earningsOf(creator)).payments_count).toBe(3);
    // A late replay of the old subscription's deletion changes nothing.
    expect(await deliverAll(ended)).toEqual([{ received: true, duplicate: true }]);
  });

  it('a creator without an active Connect account cannot sell (assertCanSell 409 naming /app/earnings) nor be paid', async () => {
    const creator = await signup('Unconnected Seller');
    const db = tenantDb(env, creator.tenant.id);
    const refused = await assertCanSell(env as unknown as Bindings, db).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'conflict', status: 409 });
    expect((refused as Error).message).toContain('/app/earnings');
    const listing = await paidListing(creator, 5, 'Not yet sellable');
    const installer = await signup('Eager Buyer');
    await expect(gate(installer, listing.slug)).rejects.toMatchObject({ code: 'conflict' });
    await onboard(creator);
    await expect(assertCanSell(env as unknown as Bindings, db)).resolves.toBeUndefined();
  });

  it('a changed price makes a new monthly price on the same product; the same price is reused', async () => {
    const creator = await signup('Repricing Seller');
    await onboard(creator);
    const listing = await paidListing(creator, 5, 'Repriced');
    const installer = await signup('Repricing Buyer');
    await gate(installer, listing.slug);
    const row = () => env.DB.prepare('select stripe_product_id as product, stripe_price_id as price from listings where id = ?').bind(listing.id).first<any>();
    const first = await row();
    await gate(installer, listing.slug);
    expect(await row()).toEqual(first);
    await env.DB.prepare('update listings set price_cents = 700 where id = ?').bind(listing.id).run();
    await gate(installer, listing.slug);
    const second = await row();
    expect(second.product).toBe(first.product);
    expect(second.price).not.toBe(first.price);
    expect((await stripeSdk().prices.retrieve(second.price)).unit_amount).toBe(700);
  });
});
