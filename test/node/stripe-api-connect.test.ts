// The Stripe fixture's Connect side (test/fixtures/stripe-api.mjs, issue 18 §5) driven by the real `stripe` SDK:
// Express accounts, account links whose hosted page finishes onboarding (account.updated, delivered signed) and goes
// to return_url, products and recurring prices, Checkout with subscription_data.application_fee_percent and
// transfer_data echoed on the subscription, invoices carrying application_fee_amount, and Stripe-shaped refusals.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStripeApi, type StripeApi } from '../fixtures/stripe-api.mjs';

const SECRET = 'whsec_fixture_connect_secret';
const crypto = Stripe.createSubtleCryptoProvider();
let api: StripeApi;
let stripe: Stripe;
let receiver: Server;
const received: Stripe.Event[] = [];

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    try {
      received.push(await stripe.webhooks.constructEventAsync(raw, String(req.headers['stripe-signature']), SECRET, undefined, crypto));
      res.writeHead(200).end();
    } catch (e) {
      res.writeHead(400).end(String(e));
    }
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
  api = await startStripeApi({ webhookUrl: url, webhookSecret: SECRET });
  stripe = new Stripe('sk_test_connect', {
    host: '127.0.0.1',
    port: api.port,
    protocol: 'http',
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
  });
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  api.reset();
  received.length = 0;
});

async function onboarded() {
  const account = await stripe.accounts.create({ type: 'express', metadata: { tenant_id: 'ten_1' }, capabilities: { transfers: { requested: true } } });
  const link = await stripe.accountLinks.create({
    account: account.id,
    type: 'account_onboarding',
    refresh_url: 'http://app.test/r',
    return_url: 'http://app.test/ok',
  });
  await fetch(link.url, { redirect: 'manual' });
  return account;
}

describe('Connect accounts and links', () => {
  it('creates an Express account not yet able to charge; visiting the link finishes onboarding and emits account.updated', async () => {
    const account = await stripe.accounts.create({ type: 'express', metadata: { tenant_id: 'ten_1' } });
    expect(account).toMatchObject({ object: 'account', type: 'express', charges_enabled: false, payouts_enabled: false, details_submitted: false });
    expect(account.id).toMatch(/^acct_/);
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: 'http://app.test/r',
      return_url: 'http://app.test/ok',
    });
    expect(link.object).toBe('account_link');
    const visit = await fetch(link.url, { redirect: 'manual' });
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('http://app.test/ok');
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true });
    expect(received.map((e) => e.type)).toEqual(['account.updated']);
    expect(received[0]!.account).toBe(account.id);
    expect(received[0]!.data.previous_attributes).toMatchObject({ charges_enabled: false });
    // A used link sends the person to refresh_url.
    expect((await fetch(link.url, { redirect: 'manual' })).headers.get('location')).toBe('http://app.test/r');
  });

  it('the control endpoint can leave payouts disabled (restricted)', async () => {
    const account = await stripe.accounts.create({ type: 'express' });
    const res = await fetch(`${api.url}/_control/accounts/${account.id}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payouts_enabled: false }),
    });
    expect(await res.json()).toMatchObject({ charges_enabled: true, payouts_enabled: false, details_submitted: true });
  });

  it('refuses bad links and unknown accounts as Stripe does', async () => {
    await expect(
      stripe.accountLinks.create({ account: 'acct_nope', type: 'account_onboarding', refresh_url: 'http://a/r', return_url: 'http://a/o' }),
    ).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'account',
    });
    const account = await stripe.accounts.create({ type: 'express' });
    await expect(
      stripe.accountLinks.create({ account: account.id, type: 'account_onboarding', refresh_url: 'nope', return_url: 'http://a/o' }),
    ).rejects.toMatchObject({
      param: 'refresh_url',
    });
    await expect(stripe.accounts.retrieve('acct_missing')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('a subscription paid to a connected account', () => {
  it('products and monthly prices; Checkout with the fee and the transfer; invoices with application_fee_amount', async () => {
    const account = await onboarded();
    const product = await stripe.products.create({ name: 'Invoice Wizard', metadata: { listing_id: 'lst_1' } });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 900, currency: 'usd', recurring: { interval: 'month' } });
    expect(price).toMatchObject({ object: 'price', unit_amount: 900, type: 'recurring', recurring: { interval: 'month' }, product: product.id });
    const customer = await stripe.customers.create({ email: 'buyer@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      metadata: { kind: 'listing', listing_id: 'lst_1' },
      subscription_data: { application_fee_percent: 20, transfer_data: { destination: account.id }, metadata: { kind: 'listing', listing_id: 'lst_1' } },
      success_url: 'http://app.test/ok',
    });
    received.length = 0;
    await fetch(`${api.url}/_control/checkout/${session.id}/complete`, { method: 'POST' });
    expect(received.map((e) => e.type)).toEqual(['checkout.session.completed', 'customer.subscription.created', 'invoice.paid', 'invoice.payment_succeeded']);
    const completed = received[0]!.data.object as Stripe.Checkout.Session;
    expect(completed.metadata).toEqual({ kind: 'listing', listing_id: 'lst_1' });
    const sub = await stripe.subscriptions.retrieve(completed.subscription as string);
    expect(sub.application_fee_percent).toBe(20);
    expect(sub.transfer_data).toMatchObject({ destination: account.id });
    expect(sub.metadata).toEqual({ kind: 'listing', listing_id: 'lst_1' });
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ amount_paid: 900, application_fee_amount: 180 });
    expect(invoice.parent?.subscription_details?.metadata).toEqual({ kind: 'listing', listing_id: 'lst_1' });
  });

  it('refuses a fee without a connected account, a destination that does not exist, and a fee over 100 %', async () => {
    const customer = await stripe.customers.create({});
    const base = { mode: 'subscription' as const, customer: customer.id, line_items: [{ price: 'price_pro_test', quantity: 1 }], success_url: 'http://a/ok' };
    await expect(stripe.checkout.sessions.create({ ...base, subscription_data: { application_fee_percent: 20 } })).rejects.toMatchObject({
      param: 'subscription_data[application_fee_percent]',
    });
    await expect(
      stripe.checkout.sessions.create({ ...base, subscription_data: { application_fee_percent: 20, transfer_data: { destination: 'acct_nope' } } }),
    ).rejects.toMatchObject({ param: 'subscription_data[transfer_data][destination]' });
    const account = await onboarded();
    await expect(
      stripe.checkout.sessions.create({ ...base, subscription_data: { application_fee_percent: 120, transfer_data: { destination: account.id } } }),
    ).rejects.toMatchObject({ param: 'subscription_data[application_fee_percent]' });
    await expect(stripe.prices.create({ product: 'prod_nope', unit_amount: 1, currency: 'usd' })).rejects.toMatchObject({ param: 'product' });
  });

  it('reset forgets accounts and created prices', async () => {
    const account = await onboarded();
    const product = await stripe.products.create({ name: 'Temp' });
    await stripe.prices.create({ product: product.id, unit_amount: 100, currency: 'usd', recurring: { interval: 'month' } });
    api.reset();
    await expect(stripe.accounts.retrieve(account.id)).rejects.toMatchObject({ statusCode: 404 });
    expect((await stripe.prices.list()).data).toHaveLength(2);
  });
});
