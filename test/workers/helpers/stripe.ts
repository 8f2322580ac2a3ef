// Helpers for the Stripe webhook tests: the Stripe-compatible fixture (test/fixtures/stripe-api.mjs, started by
// test/setup/stripe-api.global.ts without delivery) records events; these post them to /webhooks/stripe as Stripe
// would, signed with the SDK's own test header helper, in order, replayed or out of order.
import { SELF } from 'cloudflare:test';
import Stripe from 'stripe';
import { expect, inject } from 'vitest';
import { STRIPE_TEST } from '../../setup/stripe-api.global';
import { type Account, BASE, api } from './api';

export const stripeUrl = () => inject('stripeApiUrl');
const sdk = new Stripe(STRIPE_TEST.secretKey, { httpClient: Stripe.createFetchHttpClient() });

export type StripeEvent = { id: string; type: string; created: number; data: { object: Record<string, any> } };

/** Every event the fixture made for this customer, in order. */
export async function eventsOf(customer: string): Promise<StripeEvent[]> {
  const res = await fetch(`${stripeUrl()}/_control/events`);
  const { data } = (await res.json()) as { data: { event: StripeEvent }[] };
  return data.map((d) => d.event).filter((e) => e.data.object.customer === customer || e.data.object.id === customer);
}

export async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${stripeUrl()}/_control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as any;
}

export const signatureOf = (payload: string, secret = STRIPE_TEST.webhookSecret) =>
  sdk.webhooks.generateTestHeaderStringAsync({ payload, secret, cryptoProvider: Stripe.createSubtleCryptoProvider() });

/** Posts one event to the Worker, signed (or with `signature` as given). */
export async function postEvent(event: StripeEvent | string, signature?: string | null): Promise<Response> {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const header = signature === undefined ? await signatureOf(payload) : signature;
  return SELF.fetch(`${BASE}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header === null ? {} : { 'stripe-signature': header }) },
    body: payload,
  });
}

export async function deliverAll(events: StripeEvent[]): Promise<unknown[]> {
  const out = [];
  for (const e of events) {
    const res = await postEvent(e);
    expect(res.status, await res.clone().text()).toBe(200);
    out.push(await res.json());
  }
  return out;
}

/** Checkout as `a` for `plan`, paid at the fixture; answers the session, subscription and customer ids. */
export async function checkout(a: Account, plan: 'pro' | 'team' = 'pro') {
  const res = await api('/api/v1/billing/checkout', { method: 'POST', as: a, body: { plan } });
  expect(res.status, await res.clone().text()).toBe(200);
  const { url } = (await res.json()) as { url: string };
  const session = new URL(url).pathname.split('/').pop()!;
  const sub = await control(`checkout/${session}/complete`, { email: a.email });
  return { url, session, subscription: sub.id as string, customer: (typeof sub.customer === 'string' ? sub.customer : sub.customer.id) as string };
}

/** Checkout, paid, and every event since delivered in order. */
export async function subscribe(a: Account, plan: 'pro' | 'team' = 'pro') {
  const c = await checkout(a, plan);
  const events = await eventsOf(c.customer);
  await deliverAll(events);
  return { ...c, events };
}

export type BillingJson = {
  plan: string;
  status: string;
  grace_until: string | null;
  cancel_at_period_end: boolean;
  limits: Record<string, number | null>;
  current_period_end: string;
};
export async function billingOf(a: Account): Promise<BillingJson> {
  const res = await api('/api/v1/billing', { as: a });
  expect(res.status).toBe(200);
  return (await res.json()) as BillingJson;
}
