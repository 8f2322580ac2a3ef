/**
 * Billing reads (API.md "Billing"; ARCHITECTURE.md "Billing"): which plan applies to an organization now, its billing
 * period, and its usage against the plan's limits. The subscription state in D1 changes only through verified
 * webhooks; this file only reads it.
 * - Billing off (no STRIPE_SECRET_KEY): every organization has the Free plan's limits (as the operator set them,
 *   PLAN_LIMITS, and the organization's custom limits: plans.ts `limitsOf`).
 * - A subscription active or trialing: its plan. Past due: its plan until `grace_until`, then Free's limits. Canceled,
 *   unpaid or incomplete: Free. Nothing is ever deleted when limits fall.
 * - The period: the subscription's current period on a paid plan, else the calendar month (UTC).
 */
import { type Limits, type PlanId, billingEnabled, isPlanId, limitsOf } from '../billing/plans';
import type { BillingAccount } from '../db/repos/billing';
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { iso } from '../lib/iso';
import { monthStart, nextMonthStart } from '../lib/month';
import type { BillingAnswer, InvoiceJson } from '../schemas/billing';
import { ABSOLUTE_MAX_FILE_BYTES } from '../knowledge/limits';
import { chatFileCap } from '../knowledge/chat-file-settings';
import { tenantDb } from '../db/tenant-db';
import { AppError, notFound } from '../errors';
import { billingChanged } from './quota';
import { meterState } from './budget-check';
import { minutesOf } from './quota-state';
import { PLANS, priceOf } from '../billing/plans';
import { stripeClient } from '../billing/stripe-client';

/** How long a failed payment keeps the paid plan (the banner shows the date). */
export const GRACE_DAYS = 7;

export type EffectivePlan = { plan: PlanId; limits: Limits; periodStart: number; periodEnd: number; status: string; inGrace: boolean };

const PAYING = new Set(['active', 'trialing']);
/** Subscription statuses after which a new Checkout may start. */
export const ENDED = new Set(['none', 'canceled', 'incomplete_expired']);

/** The plan, limits and period that apply to an organization with this account row at `now`. */
export function effectivePlan(env: Bindings, account: BillingAccount | null, now = Date.now()): EffectivePlan {
  const month = { periodStart: monthStart(now), periodEnd: nextMonthStart(now) };
  const custom = account?.customLimits ?? null;
  const free = (status: string): EffectivePlan => ({ plan: 'free', limits: limitsOf(env, 'free', custom), status, inGrace: false, ...month });
  if (!billingEnabled(env) || !account) return free(account?.status ?? 'none');
  const plan = isPlanId(account.plan) ? account.plan : 'free';
  const inGrace = account.status === 'past_due' && !!account.graceUntil && now < account.graceUntil;
  if (plan === 'free' || !(PAYING.has(account.status) || inGrace)) return free(account.status);
  const period =
    account.currentPeriodStart && account.currentPeriodEnd && now < account.currentPeriodEnd + 86_400_000
      ? { periodStart: account.currentPeriodStart, periodEnd: account.currentPeriodEnd }
      : month;
  return { plan, limits: limitsOf(env, plan, custom), status: account.status, inGrace, ...period };
}

/** GET /api/v1/billing: the plan, the period and usage against every limit. */
export async function billingOverview(env: Bindings, db: TenantDb, now = Date.now()): Promise<BillingAnswer> {
  const account = await db.billing.account();
  const p = effectivePlan(env, account, now);
  // Code-tool time is counted by the meter only (quota-state.ts): its copy of the state (fresh) or one RPC; 0 if unreachable.
  const [used, meter, knowledge] = await Promise.all([
    db.billing.usageSince(p.periodStart),
    meterState(env, db.tenantId, now).catch(() => null),
    db.knowledge.totals(),
  ]);
  const codeSeconds = meter && meter.quota.periodStart === p.periodStart ? (meter.quota.codeSeconds ?? 0) : 0;
  return {
    plan: p.plan,
    status: p.status,
    current_period_end: iso(p.periodEnd),
    usage: {
      messages: used.messages,
      tokens: used.tokens,
      workflow_runs: used.workflowRuns,
      seats: used.seats,
      agents: used.agents,
      embed_keys: used.embedKeys,
      code_tool_minutes: minutesOf(codeSeconds),
    },
    limits: {
      messages: p.limits.messages,
      tokens: p.limits.tokens,
      workflow_runs: p.limits.workflow_runs,
      seats: p.limits.seats,
      agents: p.limits.agents,
      embed_keys: p.limits.embed_keys,
      code_tool_minutes: p.limits.code_tool_minutes,
    },
    billing_enabled: billingEnabled(env),
    current_period_start: iso(p.periodStart),
    cancel_at_period_end: !!account?.cancelAtPeriodEnd && p.plan !== 'free',
    grace_until: p.inGrace && account?.graceUntil ? iso(account.graceUntil) : null,
    chat_file_bytes: chatFileCap(p.limits),
    knowledge: {
      usage: { knowledge_bases: knowledge.bases, knowledge_documents: knowledge.documents, knowledge_bytes: knowledge.bytes },
      limits: {
        knowledge_bases: p.limits.knowledge_bases,
        knowledge_documents: p.limits.knowledge_documents,
        knowledge_bytes: p.limits.knowledge_bytes,
        knowledge_file_bytes: Math.min(p.limits.knowledge_file_bytes ?? ABSOLUTE_MAX_FILE_BYTES, ABSOLUTE_MAX_FILE_BYTES),
      },
    },
  };
}

/** An operator sets an organization's own limits (null: its plan's again); the quota counter learns them at once. */
export async function setCustomLimits(env: Bindings, tenantId: string, limits: Partial<Limits> | null): Promise<BillingAnswer> {
  const db = tenantDb(env, tenantId);
  if (!(await db.tenant.get())) throw notFound('Organization');
  await db.billing.upsert({ customLimits: limits && Object.keys(limits).length ? limits : null });
  await billingChanged(env, tenantId);
  return billingOverview(env, db);
}

/**
 * A Stripe failure as the caller sees it: a 502 `upstream_error` saying what Stripe refused (its message, with anything
 * shaped like a key cut out), never a 500 and never the key. An AppError passes through.
 */
export function stripeFailure(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; message?: string; statusCode?: number };
  const clean = (m: string | undefined) => (m ?? '').replace(/\b(sk|rk|pk|whsec)_[A-Za-z0-9_*]+/g, '[key]').slice(0, 300);
  console.error(JSON.stringify({ level: 'error', msg: 'stripe call failed', type: e.type ?? null, status: e.statusCode ?? null, error: clean(e.message) }));
  if (e.type === 'StripeAuthenticationError' || e.type === 'StripePermissionError')
    return new AppError('upstream_error', 'Stripe refused this installation’s credentials; the operator must check STRIPE_SECRET_KEY.');
  if (e.type === 'StripeConnectionError' || e.type === 'StripeAPIError' || !e.type)
    return new AppError('upstream_error', 'Stripe could not be reached; try again in a moment.');
  return new AppError('upstream_error', `Stripe refused the request: ${clean(e.message) || e.type}`);
}

async function stripeCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw stripeFailure(err);
  }
}

export type BillingLinks = { tenantId: string; origin: string; email?: string | null; orgName?: string | null };

/** The organization's Stripe customer, created once (idempotent per organization) and stored on its account row. */
export async function ensureCustomer(env: Bindings, db: TenantDb, who: BillingLinks): Promise<string> {
  const account = await db.billing.account();
  if (account?.stripeCustomerId) return account.stripeCustomerId;
  const stripe = stripeClient(env);
  const customer = await stripeCall(() =>
    stripe.customers.create(
      { ...(who.orgName ? { name: who.orgName } : {}), ...(who.email ? { email: who.email } : {}), metadata: { tenant_id: who.tenantId } },
      { idempotencyKey: `edgent-customer-${who.tenantId}` },
    ),
  );
  await db.billing.upsert({ stripeCustomerId: customer.id });
  return customer.id;
}

/**
 * POST /api/v1/billing/checkout: a Stripe Checkout session (subscription) for `plan` on the organization's customer,
 * coming back to /app/billing. Billing off → 409; an unsold plan → 400 naming `plan`; an organization already paying
 * changes plan in the Customer Portal (409).
 */
export async function startCheckout(env: Bindings, db: TenantDb, plan: PlanId, who: BillingLinks): Promise<{ url: string }> {
  const stripe = stripeClient(env);
  const price = priceOf(env, plan);
  if (!price)
    throw new AppError('validation_failed', `The ${plan} plan is not sold here.`, [{ path: 'plan', message: 'must be a plan with a price: pro or team' }]);
  const account = await db.billing.account();
  // One subscription per organization: while one exists (paying, past due, even after the grace period), plan
  // changes and payment go through the portal.
  if (account?.stripeSubscriptionId && !ENDED.has(account.status))
    throw new AppError('conflict', 'This organization already has a subscription; change plans with Manage billing (the Stripe Customer Portal).');
  const customer = await ensureCustomer(env, db, who);
  const back = `${who.origin}/app/billing`;
  const session = await stripeCall(() =>
    stripe.checkout.sessions.create(
      {
        mode: 'subscription',
        customer,
        line_items: [{ price, quantity: 1 }],
        client_reference_id: who.tenantId,
        metadata: { tenant_id: who.tenantId, plan },
        subscription_data: { metadata: { tenant_id: who.tenantId, plan } },
        success_url: `${back}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${back}?checkout=canceled`,
      },
      { idempotencyKey: `edgent-checkout-${who.tenantId}-${crypto.randomUUID()}` },
    ),
  );
  if (!session.url) throw new AppError('upstream_error', 'Stripe answered a Checkout session without a URL.');
  return { url: session.url };
}

/** POST /api/v1/billing/portal: a Customer Portal session; 409 before the organization has a Stripe customer. */
export async function openPortal(env: Bindings, db: TenantDb, origin: string): Promise<{ url: string }> {
  const stripe = stripeClient(env);
  const account = await db.billing.account();
  if (!account?.stripeCustomerId) throw new AppError('conflict', 'This organization has no Stripe customer yet: upgrade first.');
  const session = await stripeCall(() => stripe.billingPortal.sessions.create({ customer: account.stripeCustomerId!, return_url: `${origin}/app/billing` }));
  return { url: session.url };
}

const isoSec = (v: number | null | undefined) => (typeof v === 'number' && v > 0 ? new Date(v * 1000).toISOString() : null);

/** GET /api/v1/billing/invoices: the customer's latest invoices from Stripe (none before the first Checkout). */
export async function listInvoices(env: Bindings, db: TenantDb, limit = 24): Promise<InvoiceJson[]> {
  const stripe = stripeClient(env);
  const account = await db.billing.account();
  if (!account?.stripeCustomerId) return [];
  const list = await stripeCall(() => stripe.invoices.list({ customer: account.stripeCustomerId!, limit }));
  return list.data.map((i) => ({
    id: i.id ?? '',
    number: i.number ?? null,
    status: i.status ?? null,
    currency: i.currency,
    amount_due: i.amount_due,
    amount_paid: i.amount_paid,
    created: isoSec(i.created) ?? new Date(0).toISOString(),
    period_start: isoSec(i.period_start),
    period_end: isoSec(i.period_end),
    hosted_invoice_url: i.hosted_invoice_url ?? null,
    invoice_pdf: i.invoice_pdf ?? null,
  }));
}

/** The payment-failed banner (owners, every app page): until when the paid plan is kept, or that the grace is over. */
export type GraceBannerInfo = { until: string; lapsed: boolean; planName: string };

export async function graceBanner(env: Bindings, db: TenantDb, canSee: boolean, now = Date.now()): Promise<GraceBannerInfo | null> {
  if (!canSee || !billingEnabled(env)) return null;
  const account = await db.billing.account();
  if (!account || account.status !== 'past_due' || !account.graceUntil || !isPlanId(account.plan) || account.plan === 'free') return null;
  return { until: iso(account.graceUntil), lapsed: now >= account.graceUntil, planName: PLANS[account.plan].name };
}

/** The organization's billing row (the page asks whether it has a Stripe customer yet). */
export const billingAccountOf = (db: TenantDb) => db.billing.account();
