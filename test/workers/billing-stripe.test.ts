// Billing with Stripe (issue 17 §1): Checkout → verified webhooks → the plan changes; the Customer Portal; invoices;
// every handled event replayed and out of order; bad signatures; payment failure → grace → Free's limits → paid again;
// two tenants apart; owners only. Against the Stripe-compatible fixture with the real `stripe` SDK. The webhook route,
// worker/routes/protocols/stripe-webhooks.ts (POST /webhooks/stripe): its happy path (Checkout's events → Pro), its
// errors (missing, forged or tampered signature → 400, no change; unknown events → 200) and two tenants (a webhook
// naming A never changes B, a forged reference to another organization is refused) are the cases below.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { recordEvent } from '../../worker/db/billing-store';
import { tenantDb } from '../../worker/db/tenant-db';
import type { Bindings } from '../../worker/env';
import { openPortal, startCheckout } from '../../worker/services/billing';
import { type Account, api, apiKey, expectError, signup } from './helpers';
import { addPerson } from './helpers/people';
import { billingOf, checkout, control, deliverAll, eventsOf, postEvent, signatureOf, stripeUrl, subscribe } from './helpers/stripe';

const account = (a: Account) => tenantDb(env, a.tenant.id).billing.account();

describe('Checkout and webhooks', () => {
  it('upgrades to Pro: Checkout on the organization’s customer, then the webhooks in order', async () => {
    const a = await signup('Stripe Upgrade');
    expect((await billingOf(a)).plan).toBe('free');
    const c = await checkout(a);
    expect(c.url.startsWith(stripeUrl())).toBe(true);
    // Before the webhooks nothing changed.
    expect((await billingOf(a)).plan).toBe('free');
    const events = await eventsOf(c.customer);
    expect(events.map((e) => e.type)).toEqual(['checkout.session.completed', 'customer.subscription.created', 'invoice.paid', 'invoice.payment_succeeded']);
    const answers = await deliverAll(events);
    expect(answers.at(-1)).toEqual({ received: true, ignored: true });
    const b = await billingOf(a);
    expect(b).toMatchObject({ plan: 'pro', status: 'active', grace_until: null });
    const row = await account(a);
    expect(row).toMatchObject({ stripeCustomerId: c.customer, stripeSubscriptionId: c.subscription, plan: 'pro', priceId: 'price_pro_test' });
    // The fixture saw the session made for the organization: its customer, price, reference and return URLs.
    const reqs = ((await (await fetch(`${stripeUrl()}/_control/requests`)).json()) as { data: any[] }).data;
    const made = reqs.filter((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST' && r.body.client_reference_id === a.tenant.id);
    expect(made).toHaveLength(1);
    expect(made[0].body).toMatchObject({ mode: 'subscription', customer: c.customer, line_items: [{ price: 'price_pro_test' }] });
    expect(made[0].body.success_url).toMatch(/\/app\/billing\?checkout=success/);
    expect(made[0].headers['idempotency-key']).toBeTruthy();
    // Already subscribed: plan changes go through the portal.
    await expectError(await api('/api/v1/billing/checkout', { method: 'POST', as: a, body: { plan: 'team' } }), 409, 'conflict');
  });

  it('creates the Stripe customer once per organization and opens the portal for it', async () => {
    const a = await signup('Stripe Portal');
    await expectError(await api('/api/v1/billing/portal', { method: 'POST', as: a }), 409, 'conflict');
    const one = await api('/api/v1/billing/checkout', { method: 'POST', as: a, body: { plan: 'pro' } });
    const two = await api('/api/v1/billing/checkout', { method: 'POST', as: a, body: { plan: 'team' } });
    expect([one.status, two.status]).toEqual([200, 200]);
    const row = await account(a);
    expect(row?.stripeCustomerId).toMatch(/^cus_/);
    const customers = ((await (await fetch(`${stripeUrl()}/_control/requests`)).json()) as { data: any[] }).data.filter(
      (r) => r.path === '/v1/customers' && r.method === 'POST' && r.body.metadata?.tenant_id === a.tenant.id && r.status === 200,
    );
    expect(new Set(customers.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    const portal = await api('/api/v1/billing/portal', { method: 'POST', as: a });
    expect(portal.status).toBe(200);
    const { url } = (await portal.json()) as { url: string };
    const page = await (await fetch(url)).text();
    expect(page).toContain('/app/billing');
  });

  it('refuses unsold or unknown plans with a 400 naming plan', async () => {
    const a = await signup('Stripe Plans');
    for (const body of [{ plan: 'free' }, { plan: 'gold' }, {}]) {
      const res = await api('/api/v1/billing/checkout', { method: 'POST', as: a, body });
      const e = await expectError(res, 400);
      expect(JSON.stringify(e)).toContain('plan');
    }
  });

  it('lists invoices with their links', async () => {
    const a = await signup('Stripe Invoices');
    expect(await (await api('/api/v1/billing/invoices', { as: a })).json()).toEqual({ data: [], next_cursor: null });
    await subscribe(a);
    const { data } = (await (await api('/api/v1/billing/invoices', { as: a })).json()) as { data: any[] };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ status: 'paid', amount_paid: 2900, currency: 'usd' });
    expect(data[0].hosted_invoice_url).toMatch(/^http/);
    expect(data[0].invoice_pdf).toMatch(/^http/);
  });
});

describe('exactly once, never backwards', () => {
  it('ignores bad or missing signatures: 400 and no change', async () => {
    const a = await signup('Stripe Signatures');
    const c = await checkout(a);
    const [completed] = await eventsOf(c.customer);
    const payload = JSON.stringify(completed);
    await expectError(await postEvent(payload, null), 400);
    await expectError(await postEvent(payload, 't=1,v1=deadbeef'), 400);
    await expectError(await postEvent(payload, await signatureOf(payload, 'whsec_someone_else_0123456789')), 400);
    // A body changed after signing: the signature of the original does not match.
    const tampered = JSON.stringify({ ...completed, data: { object: { ...completed!.data.object, client_reference_id: 'ten_other' } } });
    await expectError(await postEvent(tampered, await signatureOf(payload)), 400);
    expect((await account(a))!.stripeSubscriptionId).toBeNull();
    expect((await billingOf(a)).plan).toBe('free');
    const seen = await env.DB.prepare('select count(*) as n from stripe_events where id = ?').bind(completed!.id).first<{ n: number }>();
    expect(seen?.n).toBe(0);
    // The genuine one still applies afterwards.
    expect((await postEvent(completed!)).status).toBe(200);
    expect((await account(a))!.stripeSubscriptionId).toBe(c.subscription);
  });

  it('processes each event once: replays answer duplicate and change nothing', async () => {
    const a = await signup('Stripe Replays');
    const s = await subscribe(a);
    const before = await account(a);
    for (const e of s.events) expect(await (await postEvent(e)).json()).toMatchObject({ received: true, duplicate: true });
    expect(await account(a)).toEqual(before);
    const n = await env.DB.prepare('select count(*) as n from stripe_events where tenant_id = ?').bind(a.tenant.id).first<{ n: number }>();
    expect(n?.n).toBe(s.events.length - 1); // payment_succeeded is not handled: recorded without a tenant
  });

  it('never moves a subscription backwards: an older update after a newer one changes nothing', async () => {
    const a = await signup('Stripe Order');
    const s = await subscribe(a);
    // Cancel at period end, then resume: two updates; delivered newest first.
    const sdkRes = await api('/api/v1/billing/portal', { method: 'POST', as: a });
    const portal = new URL(((await sdkRes.json()) as { url: string }).url);
    const id = portal.pathname.split('/').pop();
    const post = (what: string) => fetch(`${stripeUrl()}/portal/${id}/subscriptions/${s.subscription}/${what}`, { method: 'POST', redirect: 'manual' });
    await post('cancel_at_period_end');
    await post('resume');
    const updates = (await eventsOf(s.customer)).filter((e) => e.type === 'customer.subscription.updated');
    expect(updates.map((u) => u.data.object.cancel_at_period_end)).toEqual([true, false]);
    await deliverAll([updates[1]!]);
    expect((await billingOf(a)).cancel_at_period_end).toBe(false);
    const before = await account(a);
    await deliverAll([updates[0]!]); // the older one, late
    expect((await account(a))!.cancelAtPeriodEnd).toBe(false);
    expect((await account(a))!.plan).toBe(before!.plan);
    // A switch to Team, the subscription deleted, the events replayed in reverse: it ends canceled on Free.
    await fetch(`${stripeUrl()}/portal/${id}/subscriptions/${s.subscription}/switch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'price=price_team_test',
      redirect: 'manual',
    });
    await post('cancel_now');
    const later = (await eventsOf(s.customer)).slice(s.events.length + 2);
    expect(later.map((e) => e.type)).toEqual(['customer.subscription.updated', 'customer.subscription.deleted']);
    await deliverAll([...later].reverse());
    expect(await billingOf(a)).toMatchObject({ plan: 'free', status: 'canceled' });
    // And replaying everything from the start, in any order, leaves it there.
    const all = await eventsOf(s.customer);
    for (const e of [...all].reverse()) expect((await postEvent(e)).status).toBe(200);
    expect(await billingOf(a)).toMatchObject({ plan: 'free', status: 'canceled' });
  });

  it('payment failure: grace with the plan kept, then Free’s limits, then paid again restores Pro', async () => {
    const a = await signup('Stripe Grace');
    const s = await subscribe(a);
    const pro = await billingOf(a);
    await control(`subscriptions/${s.subscription}/fail_payment`);
    const failed = (await eventsOf(s.customer)).slice(s.events.length);
    expect(failed.map((e) => e.type)).toContain('invoice.payment_failed');
    await deliverAll(failed);
    const grace = await billingOf(a);
    expect(grace).toMatchObject({ plan: 'pro', status: 'past_due' });
    expect(Date.parse(grace.grace_until!)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(grace.limits).toEqual(pro.limits);
    // A retry that fails again does not extend the grace period.
    const n = (await eventsOf(s.customer)).length;
    await control(`subscriptions/${s.subscription}/fail_payment`);
    await deliverAll((await eventsOf(s.customer)).slice(n));
    expect((await billingOf(a)).grace_until).toBe(grace.grace_until);
    // Grace over (the row's grace_until moved into the past): Free's limits, the subscription untouched.
    await tenantDb(env, a.tenant.id).billing.upsert({ graceUntil: Date.now() - 1000 });
    const after = await billingOf(a);
    expect(after).toMatchObject({ plan: 'free', status: 'past_due', grace_until: null });
    expect((await account(a))!.stripeSubscriptionId).toBe(s.subscription);
    // Still one subscription: paying happens in the portal, not in a second Checkout.
    await expectError(await api('/api/v1/billing/checkout', { method: 'POST', as: a, body: { plan: 'pro' } }), 409, 'conflict');
    // Paid: back to Pro, grace cleared.
    const m = (await eventsOf(s.customer)).length;
    await control(`subscriptions/${s.subscription}/renew`);
    const paid = (await eventsOf(s.customer)).slice(m);
    expect(paid.map((e) => e.type)).toContain('invoice.paid');
    await deliverAll(paid);
    expect(await billingOf(a)).toMatchObject({ plan: 'pro', status: 'active', grace_until: null });
    expect((await account(a))!.graceUntil).toBeNull();
  });

  it('answers 200 to events it does not handle, and records them once', async () => {
    const res = await postEvent({ id: `evt_unknown_${crypto.randomUUID()}`, type: 'customer.created', created: 1, data: { object: { id: 'cus_x' } } } as never);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, ignored: true });
  });
});

describe('tenants and roles', () => {
  it('keeps two organizations apart: A’s webhooks never change B; B’s checkout never sees A’s customer', async () => {
    const a = await signup('Stripe Tenant A');
    const b = await signup('Stripe Tenant B');
    const s = await subscribe(a);
    expect((await billingOf(b)).plan).toBe('free');
    expect(await account(b)).toBeNull();
    const cb = await checkout(b);
    expect(cb.customer).not.toBe(s.customer);
    // A checkout event of A's naming B as its reference links nothing to B.
    const forged = {
      ...s.events[0]!,
      id: `evt_forged_${crypto.randomUUID()}`,
      data: { object: { ...s.events[0]!.data.object, client_reference_id: b.tenant.id } },
    };
    expect((await postEvent(forged)).status).toBe(200);
    expect((await account(b))!.stripeCustomerId).toBe(cb.customer);
    expect((await account(b))!.stripeSubscriptionId).toBeNull();
    expect((await account(a))!.stripeCustomerId).toBe(s.customer);
    expect((await billingOf(b)).plan).toBe('free');
    // B's portal is B's customer.
    const portal = (await (await api('/api/v1/billing/portal', { method: 'POST', as: b })).json()) as { url: string };
    expect(await (await fetch(portal.url)).text()).not.toContain(s.subscription);
  });

  it('lets only owners start Checkout or open the portal', async () => {
    const a = await signup('Stripe Roles');
    for (const role of ['admin', 'member', 'viewer'] as const) {
      const p = await addPerson(a, role);
      await expectError(await api('/api/v1/billing/checkout', { method: 'POST', as: p, body: { plan: 'pro' } }), 403);
      await expectError(await api('/api/v1/billing/portal', { method: 'POST', as: p }), 403);
      await expectError(await api('/api/v1/billing/invoices', { as: p }), 403);
    }
    await expectError(await api('/api/v1/billing/checkout', { method: 'POST', as: { key: await apiKey(a, ['agents:write']) }, body: { plan: 'pro' } }), 403);
    expect((await api('/api/v1/billing/checkout', { method: 'POST', body: { plan: 'pro' } })).status).toBe(401);
  });
});

describe('failures', () => {
  it('applies a concurrent duplicate once: the batch that did not record the event changes nothing', async () => {
    const a = await signup('Stripe Concurrent');
    const state = {
      stripeCustomerId: `cus_dup_${crypto.randomUUID()}`,
      stripeSubscriptionId: 'sub_dup',
      plan: 'pro',
      status: 'active',
      priceId: 'price_pro_test',
      currentPeriodStart: 1,
      currentPeriodEnd: 2,
      cancelAtPeriodEnd: false,
      graceUntil: null,
    };
    const ev = { id: `evt_dup_${crypto.randomUUID()}`, type: 'customer.subscription.updated', created: 1, tenantId: a.tenant.id };
    const [one, two] = await Promise.all([
      recordEvent(env, ev, { tenantId: a.tenant.id, state, stateAt: 10 }),
      recordEvent(env, ev, { tenantId: a.tenant.id, state: { ...state, status: 'canceled', plan: 'free' }, stateAt: 20 }),
    ]);
    expect([one, two].filter((r) => r.fresh)).toHaveLength(1);
    const row = await account(a);
    expect(row!.status).toBe(one.fresh ? 'active' : 'canceled');
    // A state read before the one held is never written, even for a new event.
    const older = await recordEvent(env, { ...ev, id: `${ev.id}_2` }, { tenantId: a.tenant.id, state: { ...state, status: 'incomplete' }, stateAt: 5 });
    expect(older).toEqual({ fresh: true, applied: false });
    expect((await account(a))!.status).toBe(row!.status);
  });

  it('answers Stripe failures with a 502 upstream_error that never shows the key', async () => {
    const a = await signup('Stripe Failures');
    const db = tenantDb(env, a.tenant.id);
    const who = { tenantId: a.tenant.id, origin: 'http://edgent.test' };
    const missingPrice = { ...env, STRIPE_PRICE_PRO: 'price_missing' } as unknown as Bindings;
    await expect(startCheckout(missingPrice, db, 'pro', who)).rejects.toMatchObject({ code: 'upstream_error', status: 502 });
    const badKey = { ...env, STRIPE_SECRET_KEY: 'sk_live_secret_do_not_show_1234' } as unknown as Bindings;
    const err = (await startCheckout(badKey, tenantDb(env, (await signup('Stripe Bad Key')).tenant.id), 'pro', who).catch((e) => e)) as Error;
    expect(err).toMatchObject({ code: 'upstream_error', status: 502 });
    expect(err.message).not.toContain('do_not_show');
    const off = { ...env, STRIPE_SECRET_KEY: undefined } as unknown as Bindings;
    await expect(startCheckout(off, db, 'pro', who)).rejects.toMatchObject({ code: 'conflict', status: 409 });
    await expect(openPortal(off, db, 'http://edgent.test')).rejects.toMatchObject({ code: 'conflict' });
  });
});
