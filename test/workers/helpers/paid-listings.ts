// Paid listings' test helpers (issue 18 §5): a creator onboarded on Stripe Connect through the fixture's hosted link,
// a paid listing, an installer's Checkout paid at the fixture, and an installed copy recorded the way the install
// service records it (until mkt-publish's install API is on this branch).
import { env } from 'cloudflare:test';
import Stripe from 'stripe';
import { expect } from 'vitest';
import { publishedListing } from '../../../worker/db/marketplace-lookup';
import type { Bindings } from '../../../worker/env';
import { installGate } from '../../../worker/services/listing-subscriptions';
import { STRIPE_TEST } from '../../setup/stripe-api.global';
import { type Account, BASE, api } from './api';
import { seedListing } from './marketplace';
import { createAgent } from './resources';
import { control, deliverAll, eventsOf, stripeUrl } from './stripe';

export const stripeSdk = () => {
  const u = new URL(stripeUrl());
  return new Stripe(STRIPE_TEST.secretKey, { host: u.hostname, port: Number(u.port), protocol: 'http', httpClient: Stripe.createFetchHttpClient() });
};

export const accountOf = async (a: Account) =>
  (await env.DB.prepare('select stripe_account_id as id, connect_status as status from creator_profiles where tenant_id = ?').bind(a.tenant.id).first<{
    id: string | null;
    status: string;
  }>()) ?? { id: null, status: 'none' };

/** Onboards `creator` through POST /api/v1/creator/connect and the fixture's hosted link; delivers account.updated. */
export async function onboard(creator: Account): Promise<string> {
  const res = await api('/api/v1/creator/connect', { method: 'POST', as: creator });
  expect(res.status, await res.clone().text()).toBe(200);
  const { url } = (await res.json()) as { url: string };
  const visit = await fetch(url, { redirect: 'manual' });
  expect(visit.status).toBe(303);
  expect(visit.headers.get('location')).toBe(`${BASE}/app/earnings?connect=return`);
  const { id } = await accountOf(creator);
  await deliverAll(await eventsOf(id!));
  return id!;
}

export async function paidListing(creator: Account, monthly_usd = 9, title = 'Paid helper') {
  return seedListing(creator, { title, pricing: { type: 'subscription', monthly_usd } });
}

export async function gate(installer: Account, slug: string) {
  const listing = await publishedListing(env, slug);
  return installGate(env as unknown as Bindings, listing!, { tenantId: installer.tenant.id, userId: installer.user.id, origin: BASE });
}

/** Pays the Checkout at `url` at the fixture and delivers every event of the installer's customer since `after`. */
export async function pay(url: string, after = 0) {
  const session = new URL(url).pathname.split('/').pop()!;
  const sub = await control(`checkout/${session}/complete`, {});
  const customer = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
  const events = (await eventsOf(customer)).slice(after);
  const answers = await deliverAll(events);
  return { subscription: sub.id as string, customer: customer as string, events, answers };
}

/** An installed copy as the install service records it: a new agent in the installer's organization and its row. */
export async function installRow(installer: Account, listingId: string, subscriptionId: string | null) {
  const agent = await createAgent(installer, { name: `Installed ${crypto.randomUUID().slice(0, 6)}`, model: 'edgent-test' });
  const id = `ins_test${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const now = Date.now();
  await env.DB.prepare(
    `insert into listing_installs (id, tenant_id, listing_id, agent_id, listing_version, status, stripe_subscription_id, subscription_status,
      created_by, created_at, updated_at) values (?1, ?2, ?3, ?4, 1, 'active', ?5, ?6, ?7, ?8, ?8)`,
  )
    .bind(id, installer.tenant.id, listingId, agent.id, subscriptionId, subscriptionId ? 'active' : null, installer.user.id, now)
    .run();
  return { id, agent };
}
