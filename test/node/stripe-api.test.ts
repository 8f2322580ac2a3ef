// Drives the Stripe fixture (test/fixtures/stripe-api.mjs) with the real `stripe` SDK (fetch client), so the fixture is
// held to Stripe's wire protocol; webhooks are received by a local server that verifies them with the SDK's async
// (SubtleCrypto) verification, as the Worker does.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStripeApi, type StripeApi } from '../fixtures/stripe-api.mjs';

const SECRET = 'whsec_fixture_test_secret';
const crypto = Stripe.createSubtleCryptoProvider();

type Received = { event: Stripe.Event; raw: string; signature: string };
let api: StripeApi;
let stripe: Stripe;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let receiverStatus = 200;

function client(key = 'sk_test_fixture_key', port = api.port) {
  return new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', httpClient: Stripe.createFetchHttpClient(), maxNetworkRetries: 0 });
}

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    const signature = String(req.headers['stripe-signature']);
    try {
      const event = await stripe.webhooks.constructEventAsync(raw, signature, SECRET, undefined, crypto);
      received.push({ event, raw, signature });
      res.writeHead(receiverStatus).end();
    } catch (e) {
      res.writeHead(400).end(String(e));
    }
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
  api = await startStripeApi({ webhookUrl: receiverUrl, webhookSecret: SECRET });
  stripe = client();
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  api.reset();
  api.webhook.url = receiverUrl;
  api.webhook.secret = SECRET;
  api.webhook.deliver = true;
  received.length = 0;
  receiverStatus = 200;
});

const types = () => received.map((r) => r.event.type);
const control = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
  const res = await fetch(`${api.url}/_control/${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json' },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: res.status, body: (await res.json()) as any };
};

async function checkout(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  const customer = await stripe.customers.create({ email: 'owner@acme.test', metadata: { tenant_id: 't_1' } });
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price: 'price_pro_test', quantity: 1 }],
    client_reference_id: 't_1',
    metadata: { tenant_id: 't_1' },
    subscription_data: { metadata: { tenant_id: 't_1', plan: 'pro' } },
    success_url: 'http://app.test/billing?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://app.test/billing?canceled=1',
    ...extra,
  });
  return { customer, session };
}

async function subscribed() {
  const { customer, session } = await checkout();
  const { body } = await control(`checkout/${session.id}/complete`, { json: {} });
  received.length = 0;
  return { customer, session, subscription: body as Stripe.Subscription };
}

describe('wire protocol', () => {
  it('needs a Bearer sk_test_ key: 401 in Stripe error shape with a Request-Id; the SDK maps it', async () => {
    const res = await fetch(`${api.url}/v1/customers`);
    expect(res.status).toBe(401);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const body = (await res.json()) as any;
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/did not provide an API key/);
    await expect(client('sk_live_nope').customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(client('rk_test_nope').customers.list()).rejects.toMatchObject({ statusCode: 401 });
  });

  it('400 names the param, 404 is resource_missing; unknown parameters are refused; the SDK maps each', async () => {
    const missing = await stripe.checkout.sessions.create({ line_items: [{ price: 'price_pro_test' }] } as any).catch((e) => e);
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'mode' });
    expect(missing.requestId).toMatch(/^req_/);
    const badPrice = await stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: 'price_nope' }] }).catch((e) => e);
    expect(badPrice).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'line_items[0][price]' });
    const notFound = await stripe.subscriptions.retrieve('sub_nope').catch((e) => e);
    expect(notFound).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(notFound).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such subscription: 'sub_nope'" });
    expect(notFound.raw.doc_url).toMatch(/^https:\/\/stripe.com\/docs\/error-codes\//);
    const unknown = await stripe.customers.create({ emial: 'x@y.z' } as any).catch((e) => e);
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'emial' });
    const both = await stripe.checkout.sessions
      .create({ mode: 'subscription', customer: 'cus_x', customer_email: 'a@b.c', line_items: [{ price: 'price_pro_test' }] })
      .catch((e) => e);
    expect(both).toMatchObject({ statusCode: 400 });
  });

  it('parses bracket notation in bodies and query strings', async () => {
    await checkout();
    const create = api.requests.find((r) => r.path === '/v1/checkout/sessions')!;
    expect(create.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(create.raw).toContain('line_items[0][price]=price_pro_test');
    expect(create.body).toMatchObject({
      line_items: [{ price: 'price_pro_test', quantity: '1' }],
      metadata: { tenant_id: 't_1' },
      subscription_data: { metadata: { plan: 'pro' } },
    });
    const res = await fetch(`${api.url}/v1/prices?lookup_keys[]=team&expand[]=data.product`, { headers: { authorization: 'Bearer sk_test_x' } });
    const prices = (await res.json()) as any;
    expect(prices.data.map((p: any) => p.id)).toEqual(['price_team_test']);
    expect(prices.data[0].product).toMatchObject({ object: 'product', name: 'Team' });
  });

  it('Idempotency-Key: same body replays the stored response; another body is an idempotency_error', async () => {
    const a = await stripe.customers.create({ email: 'same@acme.test' }, { idempotencyKey: 'idem-1' });
    const b = await stripe.customers.create({ email: 'same@acme.test' }, { idempotencyKey: 'idem-1' });
    expect(b.id).toBe(a.id);
    expect((b.lastResponse as any).headers.get('idempotent-replayed')).toBe('true');
    expect((await stripe.customers.list()).data).toHaveLength(1);
    const err = await stripe.customers.create({ email: 'other@acme.test' }, { idempotencyKey: 'idem-1' }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.rawType).toBe('idempotency_error');
    expect(err.statusCode).toBe(400);
  });
});

describe('customers and prices', () => {
  it('creates, retrieves, updates and lists customers by email', async () => {
    const c = await stripe.customers.create({ email: 'a@acme.test', name: 'A', metadata: { tenant_id: 't_a', keep: 'x' } });
    expect(c).toMatchObject({ object: 'customer', email: 'a@acme.test', livemode: false, metadata: { tenant_id: 't_a' } });
    expect(c.id).toMatch(/^cus_/);
    expect(Math.abs(c.created - Date.now() / 1000)).toBeLessThan(5);
    await stripe.customers.create({ email: 'b@acme.test' });
    const u = await stripe.customers.update(c.id, { name: 'Acme', metadata: { keep: '' } });
    expect(u.name).toBe('Acme');
    expect(u.metadata).toEqual({ tenant_id: 't_a' });
    expect((await stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ name: 'Acme' });
    const list = await stripe.customers.list({ email: 'a@acme.test' });
    expect(list).toMatchObject({ object: 'list', has_more: false, url: '/v1/customers' });
    expect(list.data.map((x) => x.id)).toEqual([c.id]);
    expect((await stripe.customers.list({ limit: 1 })).has_more).toBe(true);
    const page = await stripe.customers.list({ limit: 1, ending_before: c.id });
    expect(page.data).toHaveLength(1);
    expect(page.has_more).toBe(false);
    expect((await stripe.customers.update(c.id, { metadata: '' as any })).metadata).toEqual({});
  });

  it('serves the seeded prices (defaults Pro $29 and Team $99 a month), or the ones given', async () => {
    const pro = await stripe.prices.retrieve('price_pro_test', { expand: ['product'] });
    expect(pro).toMatchObject({ object: 'price', unit_amount: 2900, currency: 'usd', type: 'recurring', recurring: { interval: 'month' } });
    expect((pro.product as Stripe.Product).name).toBe('Pro');
    expect((await stripe.prices.list()).data.map((p) => p.id).sort()).toEqual(['price_pro_test', 'price_team_test']);
    const other = await startStripeApi({
      prices: [{ id: 'price_x', product: 'prod_x', unit_amount: 500, currency: 'eur', recurring: { interval: 'year' }, lookup_key: 'x' }],
    });
    try {
      const list = await client('sk_test_k', other.port).prices.list({ lookup_keys: ['x'] });
      expect(list.data).toMatchObject([{ id: 'price_x', unit_amount: 500, currency: 'eur', recurring: { interval: 'year' }, lookup_key: 'x' }]);
    } finally {
      await other.close();
    }
  });
});

describe('checkout', () => {
  it('creates an open session on this server, completes it by control and delivers verified events in order', async () => {
    const { customer, session } = await checkout();
    expect(session).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      mode: 'subscription',
      customer: customer.id,
      client_reference_id: 't_1',
      amount_total: 2900,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${api.url}/checkout/${session.id}`);
    const { status, body: sub } = await control(`checkout/${session.id}/complete`, { json: {} });
    expect(status).toBe(200);
    expect(sub).toMatchObject({ object: 'subscription', status: 'active', customer: customer.id, metadata: { tenant_id: 't_1', plan: 'pro' } });
    expect(types()).toEqual(['checkout.session.completed', 'customer.subscription.created', 'invoice.paid', 'invoice.payment_succeeded']);
    const [completed, created, paid] = received.map((r) => r.event) as [Stripe.Event, Stripe.Event, Stripe.Event];
    expect(completed).toMatchObject({ object: 'event', livemode: false, api_version: Stripe.API_VERSION, request: { id: null, idempotency_key: null } });
    expect(completed.id).toMatch(/^evt_/);
    expect(completed.data.object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid', subscription: sub.id, customer: customer.id });
    const s = created.data.object as Stripe.Subscription;
    expect(s.items.data[0]).toMatchObject({ price: { id: 'price_pro_test' }, quantity: 1 });
    expect(s.items.data[0]!.id).toMatch(/^si_/);
    const item = s.items.data[0] as any;
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * 86400);
    expect((s as any).current_period_end).toBe(item.current_period_end);
    const inv = paid.data.object as any;
    expect(inv).toMatchObject({
      object: 'invoice',
      status: 'paid',
      amount_paid: 2900,
      subscription: sub.id,
      parent: { subscription_details: { subscription: sub.id } },
    });
    expect(s.latest_invoice).toBe(inv.id);
    expect(api.events.every((r) => r.deliveries.length === 1 && r.deliveries[0]?.status === 200)).toBe(true);
    const listed = await stripe.events.list({ type: 'invoice.*' });
    expect(listed.data.map((e) => e.type)).toEqual(['invoice.payment_succeeded', 'invoice.paid']);
    expect((await stripe.events.retrieve(completed.id)).data.object).toEqual(completed.data.object);

    const again = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
    expect(again.status).toBe('complete');
    expect((again.subscription as Stripe.Subscription).id).toBe(sub.id);
    expect((await control(`checkout/${session.id}/complete`, { json: {} })).status).toBe(400);
  });

  it('hosted page: Pay creates the customer from customer_email, delivers the events, then 303 to success_url', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'new@acme.test',
      line_items: [{ price: 'price_team_test' }],
      success_url: 'http://app.test/ok?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.test/cancel',
    });
    const page = await (await fetch(session.url!)).text();
    expect(page).toContain('Team');
    expect(page).toContain('99.00 USD');
    expect(page).toContain(`action="/checkout/${session.id}/pay"`);
    expect(page).toContain('href="http://app.test/cancel"');
    const res = await fetch(`${session.url}/pay`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`http://app.test/ok?session_id=${session.id}`);
    expect(types()).toEqual(['checkout.session.completed', 'customer.subscription.created', 'invoice.paid', 'invoice.payment_succeeded']);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    const customer = (await stripe.customers.retrieve(done.customer as string)) as Stripe.Customer;
    expect(customer.email).toBe('new@acme.test');
    expect(await (await fetch(session.url!)).text()).toContain('no longer active');
  });
  it('expire closes an open session (checkout.session.expired); it can no longer be paid', async () => {
    const { session } = await checkout();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    await expect.poll(() => types()).toEqual(['checkout.session.expired']);
    const res = await fetch(`${api.url}/checkout/${session.id}/pay`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/checkout/${session.id}`);
    expect((await control(`checkout/${session.id}/complete`, { json: {} })).status).toBe(400);
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('portal', () => {
  it('lists the subscription; switch, cancel at period end, resume and cancel now send events and come back', async () => {
    const { customer, subscription } = await subscribed();
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://app.test/billing' });
    expect(portal).toMatchObject({
      object: 'billing_portal.session',
      customer: customer.id,
      return_url: 'http://app.test/billing',
      url: `${api.url}/portal/${portal.id}`,
    });
    expect(portal.id).toMatch(/^bps_/);
    const html = await (await fetch(portal.url)).text();
    expect(html).toContain('Switch to Team');
    expect(html).toContain('Cancel at period end');
    expect(html).toContain('href="http://app.test/billing"');
    const act = async (action: string, body = '') => {
      const res = await fetch(`${portal.url}/subscriptions/${subscription.id}/${action}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/portal/${portal.id}`);
    };
    await act('switch', 'price=price_team_test');
    const switched = received.at(-1)!.event;
    expect(switched.type).toBe('customer.subscription.updated');
    expect((switched.data.object as Stripe.Subscription).items.data[0]!.price.id).toBe('price_team_test');
    expect((switched.data.previous_attributes as any).items.data[0]!.price.id).toBe('price_pro_test');
    await act('cancel_at_period_end');
    expect(received.at(-1)!.event.data).toMatchObject({ object: { cancel_at_period_end: true }, previous_attributes: { cancel_at_period_end: false } });
    expect(await (await fetch(portal.url)).text()).toContain('Keep subscription');
    await act('resume');
    expect(received.at(-1)!.event.data).toMatchObject({ object: { cancel_at_period_end: false }, previous_attributes: { cancel_at_period_end: true } });
    await act('cancel_now');
    expect(received.at(-1)!.event).toMatchObject({ type: 'customer.subscription.deleted', data: { object: { status: 'canceled' } } });
    expect(types()).toEqual([
      'customer.subscription.updated',
      'customer.subscription.updated',
      'customer.subscription.updated',
      'customer.subscription.deleted',
    ]);
    expect(await (await fetch(portal.url)).text()).toContain('No subscriptions');
  });

  it('needs an existing customer', async () => {
    const err = await stripe.billingPortal.sessions.create({ customer: 'cus_nope' }).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
  });
});

describe('subscriptions and invoices', () => {
  it('lists by customer and status, updates the price, cancel_at_period_end and metadata, cancels', async () => {
    const { customer, subscription } = await subscribed();
    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([subscription.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'past_due' })).data).toEqual([]);
    const updated = await stripe.subscriptions.update(
      subscription.id,
      { items: [{ id: subscription.items.data[0]!.id, price: 'price_team_test' }], cancel_at_period_end: true, metadata: { plan: 'team' } },
      { idempotencyKey: 'upd-1' },
    );
    expect(updated.items.data[0]!.price.id).toBe('price_team_test');
    expect(updated).toMatchObject({ cancel_at_period_end: true, metadata: { tenant_id: 't_1', plan: 'team' } });
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe('canceled');
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toHaveLength(1);
    await expect(stripe.subscriptions.cancel(subscription.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    // API changes send their events too (asynchronously, in order), with the request that caused them.
    await expect.poll(() => types()).toEqual(['customer.subscription.updated', 'customer.subscription.deleted']);
    const upd = received[0]!.event;
    expect(upd.request!.idempotency_key).toBe('upd-1');
    expect(upd.request!.id).toMatch(/^req_/);
    expect(upd.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, metadata: { tenant_id: 't_1', plan: 'pro' } });
  });

  it('renew: a new period and paid invoice; fail_payment: an open invoice and past_due; renew then pays it', async () => {
    const { customer, subscription } = await subscribed();
    const renewed = await control(`subscriptions/${subscription.id}/renew`, { json: {} });
    expect(renewed.body.subscription.current_period_start).toBe((subscription as any).current_period_end);
    expect(renewed.body.invoice).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle' });
    expect(types()).toEqual(['invoice.paid', 'invoice.payment_succeeded', 'customer.subscription.updated']);
    expect(received[2]!.event.data.previous_attributes).toMatchObject({ current_period_end: (subscription as any).current_period_end });
    received.length = 0;
    const failed = await control(`subscriptions/${subscription.id}/fail_payment`, { json: {} });
    expect(failed.body.subscription.status).toBe('past_due');
    expect(failed.body.invoice).toMatchObject({ status: 'open', amount_paid: 0, amount_due: 2900 });
    expect(types()).toEqual(['invoice.payment_failed', 'customer.subscription.updated']);
    expect(received[1]!.event.data).toMatchObject({ object: { status: 'past_due' }, previous_attributes: { status: 'active' } });
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'past_due' })).data).toHaveLength(1);
    received.length = 0;
    const retry = await control(`subscriptions/${subscription.id}/fail_payment`, { json: {} });
    expect(retry.body.invoice).toMatchObject({ id: failed.body.invoice.id, attempt_count: 2, status: 'open' });
    expect(retry.body.subscription.current_period_end).toBe(failed.body.subscription.current_period_end);
    expect(types()).toEqual(['invoice.payment_failed']);
    received.length = 0;
    const paid = await control(`subscriptions/${subscription.id}/renew`, { json: {} });
    expect(paid.body.invoice.id).toBe(failed.body.invoice.id);
    expect(paid.body).toMatchObject({ subscription: { status: 'active' }, invoice: { status: 'paid' } });

    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data).toHaveLength(3);
    expect((await stripe.invoices.list({ subscription: subscription.id, status: 'paid' })).data).toHaveLength(3);
    const inv = await stripe.invoices.retrieve(invoices.data[0]!.id);
    expect(inv.id).toMatch(/^in_/);
    expect(inv).toMatchObject({ object: 'invoice', customer: customer.id, parent: { subscription_details: { subscription: subscription.id } } });
    expect(inv.period_end).toBeGreaterThan(inv.period_start);
    expect(await (await fetch(inv.hosted_invoice_url!)).text()).toContain(inv.number!);
    const pdf = await fetch(inv.invoice_pdf!);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdf.text()).startsWith('%PDF-')).toBe(true);
  });
  it('renew at the end of a period set to cancel ends the subscription', async () => {
    const { subscription } = await subscribed();
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await expect.poll(() => types()).toEqual(['customer.subscription.updated']);
    const { body } = await control(`subscriptions/${subscription.id}/renew`, { json: {} });
    expect(body).toMatchObject({ subscription: { status: 'canceled', ended_at: (subscription as any).current_period_end }, invoice: null });
    expect(types()).toEqual(['customer.subscription.updated', 'customer.subscription.deleted']);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
  });

  it('expand[] replaces ids by objects (latest_invoice, customer; list data.*), unknown paths are left alone', async () => {
    const { customer, subscription } = await subscribed();
    const sub = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice', 'customer', 'latest_invoice.payment_intent'] });
    expect(sub.latest_invoice).toMatchObject({ object: 'invoice', status: 'paid' });
    expect(sub.customer).toMatchObject({ id: customer.id, object: 'customer' });
    const list = await stripe.subscriptions.list({ customer: customer.id, expand: ['data.latest_invoice'] });
    expect(list.data[0]!.latest_invoice).toMatchObject({ object: 'invoice' });
  });
});

describe('meter events', () => {
  it('records events, refuses an identifier already seen, and validates the payload', async () => {
    const { customer } = await subscribed();
    const ev = await stripe.billing.meterEvents.create({
      event_name: 'edgent_tokens',
      payload: { stripe_customer_id: customer.id, value: '1200' },
      identifier: 'turn-1',
    });
    expect(ev).toMatchObject({ object: 'billing.meter_event', event_name: 'edgent_tokens', identifier: 'turn-1', payload: { value: '1200' } });
    const dup = await stripe.billing.meterEvents
      .create({ event_name: 'edgent_tokens', payload: { stripe_customer_id: customer.id, value: '1200' }, identifier: 'turn-1' })
      .catch((e) => e);
    expect(dup).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(dup).toMatchObject({ statusCode: 400, param: 'identifier' });
    const anon = await stripe.billing.meterEvents.create({ event_name: 'edgent_tokens', payload: { stripe_customer_id: customer.id, value: '3' } });
    expect(anon.identifier).toBeTruthy();
    const bad = await stripe.billing.meterEvents.create({ event_name: 'edgent_tokens', payload: { value: '3' } }).catch((e) => e);
    expect(bad).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'payload[stripe_customer_id]' });
    const { body } = await control('meter_events');
    expect(body.data.map((e: any) => e.identifier)).toEqual(['turn-1', anon.identifier]);
    expect(body.data[0]!.id).toMatch(/^mtrevt_/);
    expect(api.meterEvents).toHaveLength(2);
  });
});

describe('webhook delivery', () => {
  it('deliver: false only records events; the test posts them itself, replayed and out of order', async () => {
    await control('webhook', { json: { deliver: false } });
    const { session } = await checkout();
    await control(`checkout/${session.id}/complete`, { json: {} });
    expect(received).toEqual([]);
    const { body } = await control('events');
    expect(body.data.map((r: any) => r.event.type)).toEqual([
      'checkout.session.completed',
      'customer.subscription.created',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
    expect(body.data.every((r: any) => r.deliveries.length === 0)).toBe(true);
    // Out of order, by hand, signed with the SDK's own helper as the fixture does.
    for (const r of [...body.data].reverse()) {
      const payload = JSON.stringify(r.event);
      const header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
      const res = await fetch(receiverUrl, { method: 'POST', headers: { 'stripe-signature': header, 'content-type': 'application/json' }, body: payload });
      expect(res.status).toBe(200);
    }
    expect(types()).toEqual(['invoice.payment_succeeded', 'invoice.paid', 'customer.subscription.created', 'checkout.session.completed']);
    // Resend delivers even with delivery off, and records it.
    const resent = await control(`events/${body.data[0].event.id}/resend`, { json: {} });
    expect(resent.body.deliveries).toMatchObject([{ url: receiverUrl, status: 200 }]);
    expect(received.at(-1)!.event.id).toBe(body.data[0].event.id);
  });

  it('records the receiver’s status; a runtime endpoint and secret replace the start options', async () => {
    receiverStatus = 500;
    const { session } = await checkout();
    await control(`checkout/${session.id}/complete`, { json: {} });
    expect(api.events.map((r) => r.deliveries[0]?.status)).toEqual([500, 500, 500, 500]);
    expect(api.events[0]!.event.pending_webhooks).toBe(1);
    await control('webhook', { json: { url: receiverUrl, secret: 'whsec_other' } });
    receiverStatus = 200;
    received.length = 0;
    await control(`events/${api.events[0]!.event.id}/resend`, { json: {} });
    expect(received).toEqual([]); // signed with the other secret: our receiver refuses it
    expect(api.events[0]!.deliveries.at(-1)!.status).toBe(400);
  });
});

describe('control and CLI', () => {
  it('reset forgets everything but the seeded prices', async () => {
    await subscribed();
    expect((await control('reset', { json: {} })).status).toBe(200);
    expect((await stripe.customers.list()).data).toEqual([]);
    expect(api.events).toEqual([]);
    expect((await stripe.prices.list()).data).toHaveLength(2);
  });

  it('the CLI prints its URL and serves until SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('../fixtures/stripe-api.mjs', import.meta.url)), '--port', '0', '--webhook-url', receiverUrl, '--webhook-secret', SECRET],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => resolve(String(d).trim()));
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const prices = await client('sk_test_cli', Number(new URL(url).port)).prices.list();
    expect(prices.data).toHaveLength(2);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
