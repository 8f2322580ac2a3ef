/**
 * Paid listings' Stripe side (issue 18 §5; ARCHITECTURE.md "Marketplace"):
 * - A listing's Stripe product and monthly price are made lazily at its first Checkout and kept on the listing; a
 *   changed price_cents makes a new price on the same product (subscribers keep theirs until they change).
 * - Checkout (subscription mode) on the installer's own billing customer (services/billing.ts `ensureCustomer`),
 *   with the platform's fee (`application_fee_percent`) and the rest transferred to the creator's Connect account;
 *   `kind: 'listing'`, the listing and the installer in the session's and the subscription's metadata.
 * - Webhooks (billing-webhooks.ts hands these here): `account.updated` sets the creator's connect_status; a listing
 *   subscription's events apply the subscription AS STRIPE HOLDS IT NOW (re-fetched; never backwards) to
 *   listing_subscriptions and the organization's installed copies (stopped once it is canceled or unpaid, active
 *   again on a new one), then the BudgetMeter reloads (`billingChanged`) so turns of stopped copies are refused with
 *   no D1 read; `invoice.paid` records the payment once (amount, the application fee, net).
 */
import type Stripe from 'stripe';
import { stripeClient } from '../billing/stripe-client';
import { tenantExists, tenantOfCustomer, eventSeen, recordEvent } from '../db/billing-store';
import {
  type BillingListing,
  applyListingSubscription,
  listingForBilling,
  recordPayment,
  setConnectStatus,
  setListingPrice,
  subscriptionRow,
  tenantOfAccount,
} from '../db/listing-billing-store';
import { tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { actorFor } from '../lib/actor';
import { ensureCustomer, stripeFailure } from './billing';
import { feePercent, statusOfAccount } from './creator-payouts';
import { billingChanged } from './quota';

type Answer = { received: true; duplicate?: true; ignored?: true };

const idOf = (v: unknown): string | null => (typeof v === 'string' ? v : v && typeof v === 'object' && 'id' in v ? String((v as { id: unknown }).id) : null);

async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw stripeFailure(err);
  }
}

/** The listing's current monthly price on Stripe (product and price made on first use, a new price after a change). */
export async function ensureListingPrice(env: Bindings, stripe: Stripe, listing: BillingListing): Promise<string> {
  const cents = listing.priceCents;
  if (listing.pricingType !== 'subscription' || !cents || cents < 1) throw new AppError('conflict', 'This listing has no monthly price.');
  if (listing.stripePriceId) {
    const current = await call(() => stripe.prices.retrieve(listing.stripePriceId!)).catch(() => null);
    if (current && current.active && current.unit_amount === cents && current.recurring?.interval === 'month') return current.id;
  }
  const product =
    listing.stripeProductId ??
    (
      await call(() =>
        stripe.products.create(
          { name: listing.title.slice(0, 250), metadata: { kind: 'listing', listing_id: listing.id, tenant_id: listing.tenantId } },
          { idempotencyKey: `edgent-listing-product-${listing.id}` },
        ),
      )
    ).id;
  const price = await call(() =>
    stripe.prices.create(
      {
        product,
        unit_amount: cents,
        currency: 'usd',
        recurring: { interval: 'month' },
        metadata: { kind: 'listing', listing_id: listing.id },
      },
      { idempotencyKey: `edgent-listing-price-${listing.id}-${product}-${cents}` },
    ),
  );
  await setListingPrice(env, listing.id, product, price.id);
  return price.id;
}

/** A Checkout session subscribing `installer` to a paid listing; answers its URL. */
export async function listingCheckout(
  env: Bindings,
  listingId: string,
  installer: { tenantId: string; userId: string | null; origin: string; email?: string | null },
): Promise<string> {
  const stripe = stripeClient(env); // 409 when billing is off
  const listing = await listingForBilling(env, listingId);
  if (!listing || listing.status !== 'published') throw new AppError('not_found', 'Listing not found');
  if (!listing.accountId || listing.connectStatus !== 'active')
    throw new AppError('conflict', 'The creator of this listing cannot accept payments right now; try again later.');
  const price = await ensureListingPrice(env, stripe, listing);
  const db = tenantDb(env, installer.tenantId);
  const org = await db.tenant.get();
  const customer = await ensureCustomer(env, db, {
    tenantId: installer.tenantId,
    origin: installer.origin,
    email: installer.email ?? null,
    orgName: org?.name ?? null,
  });
  const metadata = { kind: 'listing', listing_id: listing.id, tenant_id: installer.tenantId, ...(installer.userId ? { user_id: installer.userId } : {}) };
  const page = `${installer.origin}/marketplace/${encodeURIComponent(listing.slug)}`;
  const session = await call(() =>
    stripe.checkout.sessions.create(
      {
        mode: 'subscription',
        customer,
        line_items: [{ price, quantity: 1 }],
        client_reference_id: installer.tenantId,
        metadata,
        subscription_data: {
          application_fee_percent: feePercent(env),
          transfer_data: { destination: listing.accountId! },
          metadata,
        },
        success_url: `${page}?installed=1&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: page,
      },
      { idempotencyKey: `edgent-listing-checkout-${installer.tenantId}-${crypto.randomUUID()}` },
    ),
  );
  if (!session.url) throw new AppError('upstream_error', 'Stripe answered a Checkout session without a URL.');
  return session.url;
}

// ---- webhooks ----

/**
 * After a paid Checkout the person need not click Install again: the listing is installed for the organization (by
 * the person who paid) unless it already has a copy (a resubscription reactivates that one). A refused install (the
 * agents quota) is logged; the subscription stays recorded, so the next Install passes the gate.
 */
async function installAfterCheckout(
  env: Bindings,
  tenantId: string,
  listing: { id: string; slug: string },
  userId: string | null,
  waitUntil: (p: Promise<unknown>) => void,
) {
  const db = tenantDb(env, tenantId);
  if (await db.payouts.hasInstall(listing.id)) return;
  const slug = listing.slug;
  // Loaded lazily: the install service reaches this module through the install gate.
  const { installListing } = await import('./listing-installs');
  const who = userId ? { type: 'user' as const, id: userId } : { type: 'system' as const, id: null };
  try {
    await installListing(env, db, slug, {}, actorFor(env, waitUntil, tenantId, who, null), '');
  } catch (e) {
    console.error(
      JSON.stringify({
        level: 'warn',
        msg: 'install after checkout refused',
        tenant: tenantId,
        listing: listing.id,
        error: String((e as Error)?.message ?? e),
      }),
    );
  }
}

const meta = (o: unknown): Record<string, string> =>
  ((o && typeof o === 'object' ? (o as { metadata?: unknown }).metadata : null) ?? {}) as Record<string, string>;

function subscriptionOfInvoice(obj: Record<string, unknown>): { id: string | null; metadata: Record<string, string> } {
  const parent = (obj.parent ?? {}) as { subscription_details?: { subscription?: unknown; metadata?: Record<string, string> } };
  const legacy = (obj.subscription_details ?? {}) as { metadata?: Record<string, string> };
  return {
    id: idOf(obj.subscription) ?? idOf(parent.subscription_details?.subscription),
    metadata: parent.subscription_details?.metadata ?? legacy.metadata ?? {},
  };
}

/** Whether an event belongs to paid listings (then `receiveListingEvent` handles it, not the plan's billing). */
export async function isListingEvent(env: Bindings, event: Stripe.Event): Promise<boolean> {
  const obj = event.data.object as unknown as Record<string, unknown>;
  if (event.type === 'account.updated') return true;
  if (event.type.startsWith('checkout.session.')) return meta(obj).kind === 'listing';
  if (event.type.startsWith('customer.subscription.')) return meta(obj).kind === 'listing' || !!(await subscriptionRow(env, String(obj.id)));
  if (event.type.startsWith('invoice.')) {
    const s = subscriptionOfInvoice(obj);
    return s.metadata.kind === 'listing' || (!!s.id && !!(await subscriptionRow(env, s.id)));
  }
  return false;
}

const secMs = (v: unknown): number | null => (typeof v === 'number' && v > 0 ? v * 1000 : null);

/** Applies a verified listing event (exactly once: idempotent writes, then the event id recorded). */
export async function receiveListingEvent(env: Bindings, event: Stripe.Event, waitUntil: (p: Promise<unknown>) => void = () => {}): Promise<Answer> {
  if (await eventSeen(env, event.id)) return { received: true, duplicate: true };
  const stripe = stripeClient(env);
  const obj = event.data.object as unknown as Record<string, unknown>;
  const record = { id: event.id, type: event.type, created: event.created * 1000, tenantId: null as string | null };
  let handled = false;

  if (event.type === 'account.updated') {
    const accountId = idOf(obj.id);
    const tenantId = accountId ? await tenantOfAccount(env, accountId) : null;
    if (accountId && tenantId) {
      const account = await call(() => stripe.accounts.retrieve(accountId));
      await setConnectStatus(env, tenantId, accountId, statusOfAccount(account));
      record.tenantId = tenantId;
      handled = true;
    }
  } else {
    const subscriptionId = event.type.startsWith('checkout.session.')
      ? idOf(obj.subscription)
      : event.type.startsWith('customer.subscription.')
        ? idOf(obj.id)
        : subscriptionOfInvoice(obj).id;
    if (subscriptionId) {
      const readAt = Date.now();
      let sub: Stripe.Subscription;
      try {
        sub = await stripe.subscriptions.retrieve(subscriptionId);
      } catch (err) {
        if ((err as { code?: string }).code !== 'resource_missing' || !event.type.startsWith('customer.subscription.')) throw stripeFailure(err);
        sub = obj as unknown as Stripe.Subscription;
      }
      const m = sub.metadata ?? {};
      const known = await subscriptionRow(env, sub.id);
      const tenantId = known?.tenantId ?? m.tenant_id ?? null;
      const listingId = known?.listingId ?? m.listing_id ?? null;
      const customer = idOf(sub.customer);
      const listing = listingId ? await listingForBilling(env, listingId) : null;
      // Our Checkout made it for this organization's own customer: a subscription naming another one is not applied.
      const owner = customer ? await tenantOfCustomer(env, customer) : null;
      if (tenantId && listing && (owner === tenantId || (!owner && (await tenantExists(env, tenantId))))) {
        record.tenantId = tenantId;
        handled = true;
        const item = sub.items?.data?.[0] as (Stripe.SubscriptionItem & { current_period_end?: number }) | undefined;
        const loose = sub as unknown as { current_period_end?: number };
        const changed = await applyListingSubscription(env, {
          subscriptionId: sub.id,
          tenantId,
          listingId: listing.id,
          creatorTenantId: listing.tenantId,
          status: sub.status,
          currentPeriodEnd: secMs(item?.current_period_end ?? loose.current_period_end),
          cancelAtPeriodEnd: !!sub.cancel_at_period_end,
          stateAt: readAt,
        });
        if (event.type === 'invoice.paid') {
          const amount = typeof obj.amount_paid === 'number' ? obj.amount_paid : 0;
          const fee =
            typeof obj.application_fee_amount === 'number' ? obj.application_fee_amount : Math.round((amount * (sub.application_fee_percent ?? 0)) / 100);
          const transitions = (obj.status_transitions ?? {}) as { paid_at?: number };
          if (amount > 0 && typeof obj.id === 'string')
            await recordPayment(env, {
              creatorTenantId: listing.tenantId,
              listingId: listing.id,
              installerTenantId: tenantId,
              invoiceId: obj.id,
              amount,
              fee: Math.min(fee, amount),
              currency: typeof obj.currency === 'string' ? obj.currency : 'usd',
              paidAt: secMs(transitions.paid_at) ?? event.created * 1000,
            });
        }
        if (event.type === 'checkout.session.completed' && sub.status === 'active')
          await installAfterCheckout(env, tenantId, listing, m.user_id ?? null, waitUntil);
        if (changed) await billingChanged(env, tenantId);
      }
    }
  }
  const { fresh } = await recordEvent(env, record, null);
  if (!fresh) return { received: true, duplicate: true };
  return handled ? { received: true } : { received: true, ignored: true };
}
