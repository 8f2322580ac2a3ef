// Paid listings' pre-tenant reads and writes (issue 18 §5), for the Stripe webhook and the install gate: a listing by id
// with its creator's Connect account, its lazily created Stripe product and price, the creator profile holding a
// Connect account, an organization's subscription to a listing (written only from Stripe's current state, never
// backwards) and the installed copies following it, and payments (each invoice once). Narrow on purpose (like
// billing-store.ts): no general handle leaves this module.
import { and, eq } from 'drizzle-orm';
import { database } from './client';
import { newId } from './ids';
import { creatorProfiles, listings, listingSubscriptions } from './schema';

/** A listing (any status) with what billing needs, and its creator's Connect account. */
export async function listingForBilling(env: { DB: D1Database }, listingId: string) {
  const row = await database(env)
    .select({
      id: listings.id,
      tenantId: listings.tenantId,
      slug: listings.slug,
      title: listings.title,
      status: listings.status,
      pricingType: listings.pricingType,
      priceCents: listings.priceCents,
      stripeProductId: listings.stripeProductId,
      stripePriceId: listings.stripePriceId,
      accountId: creatorProfiles.stripeAccountId,
      connectStatus: creatorProfiles.connectStatus,
    })
    .from(listings)
    .leftJoin(creatorProfiles, eq(creatorProfiles.tenantId, listings.tenantId))
    .where(eq(listings.id, listingId))
    .get();
  return row ?? null;
}
export type BillingListing = NonNullable<Awaited<ReturnType<typeof listingForBilling>>>;

/** Stores the listing's Stripe product and current monthly price. */
export async function setListingPrice(env: { DB: D1Database }, listingId: string, productId: string, priceId: string, now = Date.now()) {
  await database(env).update(listings).set({ stripeProductId: productId, stripePriceId: priceId, updatedAt: now }).where(eq(listings.id, listingId));
}

/** The organization whose creator profile holds this Connect account (null: none). */
export async function tenantOfAccount(env: { DB: D1Database }, accountId: string): Promise<string | null> {
  const row = await database(env).select({ t: creatorProfiles.tenantId }).from(creatorProfiles).where(eq(creatorProfiles.stripeAccountId, accountId)).get();
  return row?.t ?? null;
}

export async function setConnectStatus(
  env: { DB: D1Database },
  tenantId: string,
  accountId: string,
  status: 'pending' | 'active' | 'restricted',
  now = Date.now(),
): Promise<boolean> {
  const r = await database(env)
    .update(creatorProfiles)
    .set({ connectStatus: status, updatedAt: now })
    .where(and(eq(creatorProfiles.tenantId, tenantId), eq(creatorProfiles.stripeAccountId, accountId)));
  return (r.meta.changes ?? 0) > 0;
}

export async function subscriptionRow(env: { DB: D1Database }, subscriptionId: string) {
  return (await database(env).select().from(listingSubscriptions).where(eq(listingSubscriptions.stripeSubscriptionId, subscriptionId)).get()) ?? null;
}

export type ListingSubscriptionState = {
  subscriptionId: string;
  tenantId: string;
  listingId: string;
  creatorTenantId: string;
  status: string;
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: boolean;
  /** when the read of this state from Stripe began */
  stateAt: number;
};

/** Statuses with which an installed copy keeps working (past_due: Stripe still retries; it stops when it ends). */
const RUNNING = "('active', 'trialing', 'past_due')";

/**
 * Applies a subscription's state (unless the row holds a state read later) and then brings the organization's
 * installed copies of the listing in line, in one batch: active while any of its subscriptions to the listing runs,
 * else stopped; each copy shows the running (else the latest) subscription's status and period end. Answers whether
 * the installs' state changed.
 */
export async function applyListingSubscription(env: { DB: D1Database }, s: ListingSubscriptionState, now = Date.now()): Promise<boolean> {
  const before = await stoppedSignature(env, s.tenantId, s.listingId);
  const upsert = env.DB.prepare(
    `insert into listing_subscriptions (stripe_subscription_id, tenant_id, listing_id, creator_tenant_id, status, current_period_end,
       cancel_at_period_end, state_at, created_at, updated_at)
     values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
     on conflict (stripe_subscription_id) do update set status = excluded.status, current_period_end = excluded.current_period_end,
       cancel_at_period_end = excluded.cancel_at_period_end, state_at = excluded.state_at, updated_at = excluded.updated_at
     where listing_subscriptions.state_at <= excluded.state_at`,
  ).bind(s.subscriptionId, s.tenantId, s.listingId, s.creatorTenantId, s.status, s.currentPeriodEnd, s.cancelAtPeriodEnd ? 1 : 0, s.stateAt, now);
  const pick = `from listing_subscriptions where tenant_id = ?1 and listing_id = ?2 order by (status in ${RUNNING}) desc, state_at desc limit 1`;
  const installs = env.DB.prepare(
    `update listing_installs set
       status = case when exists (select 1 from listing_subscriptions where tenant_id = ?1 and listing_id = ?2 and status in ${RUNNING})
         then 'active' else 'stopped' end,
       subscription_status = (select status ${pick}),
       current_period_end = (select current_period_end ${pick}),
       updated_at = ?3
     where tenant_id = ?1 and listing_id = ?2`,
  ).bind(s.tenantId, s.listingId, now);
  await env.DB.batch([upsert, installs]);
  return before !== (await stoppedSignature(env, s.tenantId, s.listingId));
}

async function stoppedSignature(env: { DB: D1Database }, tenantId: string, listingId: string): Promise<string> {
  const r = await env.DB.prepare(`select group_concat(id || ':' || status) as s from listing_installs where tenant_id = ?1 and listing_id = ?2`)
    .bind(tenantId, listingId)
    .first<{ s: string | null }>();
  return r?.s ?? '';
}

export type ListingPayment = {
  creatorTenantId: string;
  listingId: string;
  installerTenantId: string;
  invoiceId: string;
  amount: number;
  fee: number;
  currency: string;
  paidAt: number;
};

/** Records a paid invoice once (its id is unique): answers whether this call recorded it. */
export async function recordPayment(env: { DB: D1Database }, p: ListingPayment, now = Date.now()): Promise<boolean> {
  const r = await env.DB.prepare(
    `insert into listing_payments (id, tenant_id, listing_id, installer_tenant_id, stripe_invoice_id, amount_cents, fee_cents, net_cents,
       currency, paid_at, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
     on conflict (stripe_invoice_id) do nothing`,
  )
    .bind(newId('payment', now), p.creatorTenantId, p.listingId, p.installerTenantId, p.invoiceId, p.amount, p.fee, p.amount - p.fee, p.currency, p.paidAt, now)
    .run();
  return (r.meta.changes ?? 0) === 1;
}
