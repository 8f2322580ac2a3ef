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
import type { BillingAnswer } from '../schemas/billing';
import { tenantDb } from '../db/tenant-db';
import { notFound } from '../errors';
import { billingChanged } from './quota';

/** How long a failed payment keeps the paid plan (the banner shows the date). */
export const GRACE_DAYS = 7;

export type EffectivePlan = { plan: PlanId; limits: Limits; periodStart: number; periodEnd: number; status: string; inGrace: boolean };

const PAYING = new Set(['active', 'trialing']);

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
  const used = await db.billing.usageSince(p.periodStart);
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
    },
    limits: {
      messages: p.limits.messages,
      tokens: p.limits.tokens,
      workflow_runs: p.limits.workflow_runs,
      seats: p.limits.seats,
      agents: p.limits.agents,
      embed_keys: p.limits.embed_keys,
    },
    billing_enabled: billingEnabled(env),
    current_period_start: iso(p.periodStart),
    cancel_at_period_end: !!account?.cancelAtPeriodEnd && p.plan !== 'free',
    grace_until: p.inGrace && account?.graceUntil ? iso(account.graceUntil) : null,
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
