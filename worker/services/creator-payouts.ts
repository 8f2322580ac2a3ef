/**
 * Creators' payouts (issue 18 §5): Stripe Connect onboarding of an organization that sells paid listings, and its
 * earnings. ARCHITECTURE.md "Marketplace".
 * - Onboarding: one Express account per organization (created once: Stripe's idempotency key and a write that keeps
 *   the first id), stored on its creator profile (made if missing) with connect_status `pending`; the owner finishes
 *   it on Stripe through an account link that comes back to /app/earnings. `account.updated` webhooks set the status
 *   (services/listing-billing.ts): active when charges and payouts are enabled, else restricted. Reads refresh it from
 *   Stripe (a webhook may be late).
 * - Selling: a subscription listing can be published only with an active account (`assertCanSell`, 409 naming
 *   /app/earnings).
 * - Earnings: every paid invoice of the organization's listings (gross, the platform's fee, net), in total, this
 *   month, per listing, and the latest payments.
 */
import type Stripe from 'stripe';
import { billingEnabled } from '../billing/plans';
import { stripeClient } from '../billing/stripe-client';
import type { CreatorProfileRow } from '../db/repos/creator-payouts';
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { iso } from '../lib/iso';
import { monthStart } from '../lib/month';
import { stripeFailure } from './billing';

export type ConnectStatus = 'none' | 'pending' | 'active' | 'restricted';
export type ConnectJson = {
  status: ConnectStatus;
  account: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  fee_percent: number;
};

/** The platform's share of each paid listing's payment, in percent (MARKETPLACE_FEE_PERCENT, default 20). */
export function feePercent(env: Bindings): number {
  const n = Number(env.MARKETPLACE_FEE_PERCENT ?? 20);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : 20;
}

/** What an account's flags mean for selling. */
export function statusOfAccount(a: Pick<Stripe.Account, 'charges_enabled' | 'payouts_enabled' | 'details_submitted'>): 'active' | 'restricted' | 'pending' {
  if (a.charges_enabled && a.payouts_enabled) return 'active';
  return a.details_submitted ? 'restricted' : 'pending';
}

const slugOf = (name: string, tenantId: string) =>
  `${
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'creator'
  }-${tenantId.slice(-6)}`;

/** The organization's creator profile, made (slug from its name) when it has none yet. */
export async function ensureCreatorProfile(db: TenantDb): Promise<CreatorProfileRow> {
  const existing = await db.payouts.profile();
  if (existing) return existing;
  const tenant = await db.tenant.get();
  const name = tenant?.name ?? 'Creator';
  return db.payouts.ensureProfile(slugOf(name, db.tenantId), name);
}

/** POST /api/v1/creator/connect: the Express account (created once) and a fresh onboarding link. */
export async function startConnect(env: Bindings, db: TenantDb, who: { origin: string; email?: string | null }): Promise<{ url: string }> {
  const stripe = stripeClient(env); // 409 when billing is off
  const profile = await ensureCreatorProfile(db);
  let accountId = profile.stripeAccountId;
  try {
    if (!accountId) {
      const account = await stripe.accounts.create(
        {
          type: 'express',
          ...(who.email ? { email: who.email } : {}),
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          metadata: { tenant_id: db.tenantId },
        },
        { idempotencyKey: `edgent-connect-${db.tenantId}` },
      );
      accountId = await db.payouts.setAccount(account.id);
    }
    const back = `${who.origin}/app/earnings`;
    const link = await stripe.accountLinks.create({
      account: accountId,
      type: 'account_onboarding',
      refresh_url: `${back}?connect=refresh`,
      return_url: `${back}?connect=return`,
    });
    return { url: link.url };
  } catch (err) {
    throw stripeFailure(err);
  }
}

/** GET /api/v1/creator/connect: the onboarding state (refreshed from Stripe when an account exists; no secrets). */
export async function connectState(env: Bindings, db: TenantDb): Promise<ConnectJson> {
  const profile = await db.payouts.profile();
  const base: ConnectJson = {
    status: (profile?.connectStatus ?? 'none') as ConnectStatus,
    account: !!profile?.stripeAccountId,
    charges_enabled: profile?.connectStatus === 'active',
    payouts_enabled: profile?.connectStatus === 'active',
    details_submitted: profile?.connectStatus === 'active' || profile?.connectStatus === 'restricted',
    fee_percent: feePercent(env),
  };
  if (!profile?.stripeAccountId || !billingEnabled(env)) return base;
  try {
    const a = await stripeClient(env).accounts.retrieve(profile.stripeAccountId);
    const status = statusOfAccount(a);
    if (status !== profile.connectStatus) await db.payouts.setStatus(profile.stripeAccountId, status);
    return { ...base, status, charges_enabled: !!a.charges_enabled, payouts_enabled: !!a.payouts_enabled, details_submitted: !!a.details_submitted };
  } catch (err) {
    stripeFailure(err); // logged; the stored state answers
    return base;
  }
}

/**
 * For publishing a subscription listing (mkt-publish calls it): the organization must have an active Connect account,
 * else 409 pointing to /app/earnings.
 */
export async function assertCanSell(env: Bindings, db: TenantDb): Promise<void> {
  if (!billingEnabled(env)) throw new AppError('conflict', 'Paid listings need billing (Stripe) on this Edgent installation.');
  const profile = await db.payouts.profile();
  if (profile?.stripeAccountId && profile.connectStatus === 'active') return;
  throw new AppError('conflict', 'Set up payouts before selling: connect a Stripe account at /app/earnings (paid listings need an active account).', [
    { path: 'pricing', message: 'needs an active Stripe Connect account (/app/earnings)' },
  ]);
}

export type Money = { gross: number; fee: number; net: number; payments: number };
export type EarningsJson = {
  currency: string;
  total_gross: number;
  total_fee: number;
  total_net: number;
  payments_count: number;
  this_month: Money & { since: string };
  by_listing: (Money & { listing_id: string; title: string | null; slug: string | null; subscribers: number })[];
  payments: { id: string; listing_id: string; listing_title: string | null; amount: number; fee: number; net: number; currency: string; paid_at: string }[];
};

/** GET /api/v1/creator/earnings: amounts in cents. */
export async function earnings(db: TenantDb, now = Date.now()): Promise<EarningsJson> {
  const since = monthStart(now);
  const [all, month, byListing, recent] = await Promise.all([
    db.payouts.totals(null),
    db.payouts.totals(since),
    db.payouts.byListing(),
    db.payouts.payments(20),
  ]);
  return {
    currency: recent[0]?.payment.currency ?? 'usd',
    total_gross: all.gross,
    total_fee: all.fee,
    total_net: all.net,
    payments_count: all.count,
    this_month: { gross: month.gross, fee: month.fee, net: month.net, payments: month.count, since: iso(since) },
    by_listing: byListing.map((r) => ({
      listing_id: r.listingId,
      title: r.title,
      slug: r.slug,
      gross: r.gross,
      fee: r.fee,
      net: r.net,
      payments: r.payments,
      subscribers: r.subscribers,
    })),
    payments: recent.map((r) => ({
      id: r.payment.id,
      listing_id: r.payment.listingId,
      listing_title: r.title,
      amount: r.payment.amountCents,
      fee: r.payment.feeCents,
      net: r.payment.netCents,
      currency: r.payment.currency,
      paid_at: iso(r.payment.paidAt),
    })),
  };
}
