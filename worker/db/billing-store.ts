// The Stripe webhook's pre-tenant reads and its one write (services/billing-webhooks.ts): which organization holds a
// Stripe customer, whether an event id was processed already, and "record this event AND apply this state" as one D1
// batch, so a replayed or concurrently duplicated event changes nothing. Narrow on purpose (like trigger-lookup.ts).
import { eq } from 'drizzle-orm';
import { database } from './client';
import { billingAccounts, stripeEvents, tenants } from './schema';

/** The subscription state a webhook applies to an organization's billing_accounts row. */
export type BillingState = {
  stripeCustomerId: string;
  stripeSubscriptionId: string | null;
  plan: string;
  status: string;
  priceId: string | null;
  currentPeriodStart: number | null;
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: boolean;
  graceUntil: number | null;
};

/** The organization holding this Stripe customer (null: none). */
export async function tenantOfCustomer(env: { DB: D1Database }, customerId: string): Promise<string | null> {
  const row = await database(env).select({ t: billingAccounts.tenantId }).from(billingAccounts).where(eq(billingAccounts.stripeCustomerId, customerId)).get();
  return row?.t ?? null;
}

/** Whether an organization with this id exists (a checkout session names it in client_reference_id). */
export async function tenantExists(env: { DB: D1Database }, tenantId: string): Promise<boolean> {
  return !!(await database(env).select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).get());
}

/** Whether a Stripe event id was processed already. */
export async function eventSeen(env: { DB: D1Database }, id: string): Promise<boolean> {
  return !!(await database(env).select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, id)).get());
}

export type StripeEventRecord = { id: string; type: string; created: number; tenantId: string | null };

/**
 * Records the event (insert-or-ignore) and, only when this call inserted it, applies `state` to the organization's
 * row (created if missing) unless the row holds a state read later than `stateAt` — one batch, one transaction.
 * Answers whether the event was new here (false: a replay or a concurrent duplicate; nothing changed) and whether
 * the row took the state.
 */
export async function recordEvent(
  env: { DB: D1Database },
  event: StripeEventRecord,
  apply: { tenantId: string; state: BillingState; stateAt: number } | null,
  now = Date.now(),
): Promise<{ fresh: boolean; applied: boolean }> {
  const insert = env.DB.prepare(
    'insert into stripe_events (id, type, created, tenant_id, processed_at) values (?, ?, ?, ?, ?) on conflict (id) do nothing',
  ).bind(event.id, event.type, event.created, event.tenantId, now);
  if (!apply) {
    const [r] = await env.DB.batch([insert]);
    return { fresh: r!.meta.changes === 1, applied: false };
  }
  const s = apply.state;
  // `changes()` here is the insert's count: the state is applied only by the request that recorded the event.
  const upsert = env.DB.prepare(
    `insert into billing_accounts (tenant_id, stripe_customer_id, stripe_subscription_id, plan, status, price_id,
      current_period_start, current_period_end, cancel_at_period_end, grace_until, state_at, created_at, updated_at)
    select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where changes() = 1
    on conflict (tenant_id) do update set stripe_customer_id = excluded.stripe_customer_id,
      stripe_subscription_id = excluded.stripe_subscription_id, plan = excluded.plan, status = excluded.status,
      price_id = excluded.price_id, current_period_start = excluded.current_period_start,
      current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end,
      grace_until = excluded.grace_until, state_at = excluded.state_at, updated_at = excluded.updated_at
    where billing_accounts.state_at <= excluded.state_at`,
  ).bind(
    apply.tenantId,
    s.stripeCustomerId,
    s.stripeSubscriptionId,
    s.plan,
    s.status,
    s.priceId,
    s.currentPeriodStart,
    s.currentPeriodEnd,
    s.cancelAtPeriodEnd ? 1 : 0,
    s.graceUntil,
    apply.stateAt,
    now,
    now,
  );
  const [r1, r2] = await env.DB.batch([insert, upsert]);
  const fresh = r1!.meta.changes === 1;
  return { fresh, applied: fresh && r2!.meta.changes > 0 };
}
