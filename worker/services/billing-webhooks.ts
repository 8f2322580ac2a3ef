/**
 * Stripe webhooks (POST /webhooks/stripe; issue 17 §1; ARCHITECTURE.md "Billing"): the only way an organization's
 * plan, status and period change.
 *
 * - Verified: the raw body and the `Stripe-Signature` header through `stripe.webhooks.constructEventAsync` with
 *   SubtleCrypto; a missing or bad signature is a 400 and changes nothing.
 * - Exactly once: the event id goes into `stripe_events` (insert-or-ignore) in the same D1 batch as the state change,
 *   and the change is applied only by the statement batch that inserted the id (db/billing-store.ts): a replay, or
 *   a concurrent duplicate, changes nothing. Unknown event types are recorded and answered 200.
 * - Never backwards: the event's object is used only to find the organization and the subscription; the state applied
 *   is the subscription as Stripe holds it NOW (re-fetched), and the row keeps `state_at` = when that read began. A
 *   write whose read began before the row's `state_at` is dropped, so an older event (replayed, out of order, or
 *   slower in flight) can never overwrite a newer state. Events of a subscription that ended while another one is on
 *   the row are ignored (a late `deleted` of the previous subscription never cancels the new one).
 * - A failed payment: the subscription is `past_due`; `grace_until` = first seen past due + GRACE_DAYS (retries do not
 *   extend it); the plan is kept until then, then Free's limits apply (services/billing.ts `effectivePlan`); nothing is
 *   deleted. Paid again (`invoice.paid`, status back to active): grace cleared.
 * - After a change: the quota counter learns it (`billingChanged`) and the audit log gets `billing.<what>` by the
 *   system actor.
 * - Paid listings (issue 18 §5): events of a listing subscription (metadata `kind: 'listing'`) and Connect's
 *   `account.updated` go to services/listing-billing.ts instead; they never touch the organization's plan.
 */
import type Stripe from 'stripe';
import { planOfPrice } from '../billing/plans';
import { stripeClient, webhookCrypto } from '../billing/stripe-client';
import { type BillingState, eventSeen, recordEvent, tenantExists, tenantOfCustomer } from '../db/billing-store';
import { tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { sendAudit } from '../queues/audit-events';
import { GRACE_DAYS, stripeFailure } from './billing';
import { isListingEvent, receiveListingEvent } from './listing-billing';
import { billingChanged } from './quota';

const DAY = 86_400_000;
/** At most this many bytes of event JSON (Stripe's are a few KB). */
export const STRIPE_WEBHOOK_MAX_BYTES = 512 * 1024;

export const HANDLED_EVENTS = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const;

export type WebhookAnswer = { received: true; duplicate?: true; ignored?: true };

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete']);
const idOf = (v: unknown): string | null => (typeof v === 'string' ? v : v && typeof v === 'object' && 'id' in v ? String((v as { id: unknown }).id) : null);
const secMs = (v: unknown): number | null => (typeof v === 'number' && v > 0 ? v * 1000 : null);

/** Verifies and applies one delivery. */
export async function receiveStripeWebhook(
  env: Bindings,
  raw: string,
  signature: string | undefined,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<WebhookAnswer> {
  const secret = env.STRIPE_WEBHOOK_SECRET;
  const stripe = stripeClient(env); // 409 when billing is off
  if (!secret) throw new AppError('conflict', 'Stripe webhooks are not configured on this Edgent installation (STRIPE_WEBHOOK_SECRET).');
  if (!signature) throw new AppError('bad_request', 'Missing Stripe-Signature header.', [{ path: 'Stripe-Signature', message: 'required' }]);
  let event: Stripe.Event;
  try {
    event = await stripe.webhooks.constructEventAsync(raw, signature, secret, undefined, webhookCrypto());
  } catch {
    throw new AppError('bad_request', 'The Stripe signature does not match this body.', [{ path: 'Stripe-Signature', message: 'invalid signature' }]);
  }
  // Paid listings' events (their metadata says kind: 'listing'; Connect's account.updated) are not the plan's.
  if (await isListingEvent(env, event)) return receiveListingEvent(env, event, waitUntil);
  if (await eventSeen(env, event.id)) return { received: true, duplicate: true };

  const record = { id: event.id, type: event.type, created: event.created * 1000, tenantId: null as string | null };
  const target = await resolve(env, stripe, event);
  if (!target) {
    const { fresh } = await recordEvent(env, record, null);
    return fresh ? { received: true, ignored: true } : { received: true, duplicate: true };
  }
  record.tenantId = target.tenantId;
  const db = tenantDb(env, target.tenantId);
  const before = await db.billing.account();
  // A subscription that ended while another one is on the row: not this organization's state any more.
  if (
    before?.stripeSubscriptionId &&
    target.state.stripeSubscriptionId &&
    before.stripeSubscriptionId !== target.state.stripeSubscriptionId &&
    !LIVE.has(target.state.status)
  ) {
    const { fresh } = await recordEvent(env, record, null);
    return fresh ? { received: true, ignored: true } : { received: true, duplicate: true };
  }
  const state = target.state;
  if (state.status === 'past_due') state.graceUntil = before?.status === 'past_due' && before.graceUntil ? before.graceUntil : Date.now() + GRACE_DAYS * DAY;
  const { fresh, applied } = await recordEvent(env, record, { tenantId: target.tenantId, state, stateAt: target.readAt });
  if (!fresh) return { received: true, duplicate: true };
  if (applied && changed(before, state)) {
    await billingChanged(env, target.tenantId);
    sendAudit(env, waitUntil, {
      tenant_id: target.tenantId,
      actor: { type: 'system', id: null },
      action: `billing.${event.type === 'invoice.payment_failed' ? 'payment_failed' : event.type === 'invoice.paid' ? 'payment_succeeded' : 'subscription_changed'}`,
      resource: { type: 'billing', id: state.stripeSubscriptionId },
      changes: diff(before, state),
      ip: null,
      at: Date.now(),
    });
  }
  return { received: true };
}

type Target = { tenantId: string; state: BillingState; readAt: number };

/** The organization an event belongs to and the subscription's current state (null: not ours, or not handled). */
async function resolve(env: Bindings, stripe: Stripe, event: Stripe.Event): Promise<Target | null> {
  if (!(HANDLED_EVENTS as readonly string[]).includes(event.type)) return null;
  const obj = event.data.object as unknown as Record<string, unknown>;
  let customer = idOf(obj.customer);
  let subscriptionId: string | null = null;
  let tenantId: string | null = null;
  if (event.type === 'checkout.session.completed') {
    const meta = (obj.metadata ?? {}) as Record<string, string>;
    const ref = (typeof obj.client_reference_id === 'string' && obj.client_reference_id) || meta.tenant_id || null;
    if (obj.mode !== 'subscription' || !customer) return null;
    subscriptionId = idOf(obj.subscription);
    const holder = await tenantOfCustomer(env, customer);
    // The customer decides (we created it for one organization); a reference naming another one is refused.
    tenantId = holder ?? (ref && (await tenantExists(env, ref)) ? ref : null);
    if (holder && ref && holder !== ref) return null;
  } else if (event.type.startsWith('customer.subscription.')) {
    subscriptionId = idOf(obj.id);
  } else {
    const parent = (obj.parent ?? {}) as { subscription_details?: { subscription?: unknown } };
    subscriptionId = idOf(obj.subscription) ?? idOf(parent.subscription_details?.subscription);
  }
  if (!customer && !subscriptionId) return null;
  const readAt = Date.now();
  let sub: Stripe.Subscription | null = null;
  if (subscriptionId) {
    try {
      sub = await stripe.subscriptions.retrieve(subscriptionId);
    } catch (err) {
      if ((err as { code?: string }).code !== 'resource_missing') throw stripeFailure(err);
      sub = event.type.startsWith('customer.subscription.') ? (obj as unknown as Stripe.Subscription) : null;
    }
  }
  customer ??= sub ? idOf(sub.customer) : null;
  if (!customer) return null;
  tenantId ??= await tenantOfCustomer(env, customer);
  if (!tenantId && sub) {
    const ref = (sub.metadata ?? {}).tenant_id;
    // A subscription made by our Checkout names its organization; it is linked only when that one has no customer.
    if (ref && (await tenantExists(env, ref)) && !(await tenantDb(env, ref).billing.account())?.stripeCustomerId) tenantId = ref;
  }
  if (!tenantId) return null;
  if (!sub) return null; // a payment event without a subscription (a one-off invoice): nothing to apply
  return { tenantId, readAt, state: stateOf(env, customer, sub) };
}

function stateOf(env: Bindings, customer: string, sub: Stripe.Subscription): BillingState {
  const item = sub.items?.data?.[0] as (Stripe.SubscriptionItem & { current_period_start?: number; current_period_end?: number }) | undefined;
  const loose = sub as unknown as { current_period_start?: number; current_period_end?: number };
  const priceId = item?.price?.id ?? null;
  return {
    stripeCustomerId: customer,
    stripeSubscriptionId: sub.id,
    plan: planOfPrice(env, priceId) ?? 'free',
    status: sub.status,
    priceId,
    currentPeriodStart: secMs(item?.current_period_start ?? loose.current_period_start),
    currentPeriodEnd: secMs(item?.current_period_end ?? loose.current_period_end),
    cancelAtPeriodEnd: !!sub.cancel_at_period_end,
    graceUntil: null,
  };
}

type Row = Awaited<ReturnType<ReturnType<typeof tenantDb>['billing']['account']>>;
const FIELDS = ['plan', 'status', 'priceId', 'currentPeriodStart', 'currentPeriodEnd', 'cancelAtPeriodEnd', 'graceUntil', 'stripeSubscriptionId'] as const;
const changed = (before: Row, s: BillingState) => !before || FIELDS.some((f) => (before[f] ?? null) !== (s[f] ?? null));
function diff(before: Row, s: BillingState) {
  const out: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const f of FIELDS) if ((before?.[f] ?? null) !== (s[f] ?? null)) out[f] = { before: before?.[f] ?? null, after: s[f] ?? null };
  return out;
}
