// The state the BudgetMeter object answers (durable-objects/budget-meter.ts) and the plan quota in it (worker/services/
// quota.ts explains the design): pure values and checks every turn makes against an isolate's copy, and the refusal's
// wording. Loading it from D1 and the warning email are in quota-load.ts (the object's side).
import { LIMIT_LABELS, type Limits, type MonthlyLimit, PLANS, type PlanId } from '../billing/plans';
import type { MeterBudget } from './budget-alerts';
import type { StoppedAgents } from './listing-stops';
import type { ChatRefusal } from './turn-policy';

/** The monthly limits counted by the meter. */
export const QUOTA_LIMITS = ['messages', 'tokens', 'workflow_runs', 'code_tool_minutes'] as const satisfies readonly MonthlyLimit[];
export type QuotaLimit = (typeof QUOTA_LIMITS)[number];

export type QuotaState = {
  plan: PlanId;
  /** Every limit of the plan (counted ones too, for checks at creation). */
  limits: Limits;
  /** Limits that are billed as overage instead of refusing (paid plans' `overage`). */
  soft: QuotaLimit[];
  periodStart: number;
  periodEnd: number;
  /** `code_tool_minutes` is `codeSeconds / 60` (fractional; exact at whole minutes). */
  used: Record<QuotaLimit, number>;
  /**
   * Wall time of this period's code-tool runs, each call rounded up to the second (worker/tools/code-tools.ts). Kept
   * by the meter only (usage events have no column for it): a new period, or a meter without stored state, starts at 0.
   */
  codeSeconds: number;
  /** Installed copies of paid listings whose subscription ended (services/listing-stops.ts). */
  stopped?: StoppedAgents;
};

/** What the meter answers: budgets and this month's spend, and the plan quota. */
export type MeterState = {
  periodStart: number;
  resetsAt: number;
  tenantSpent: number;
  /** This period's spend of each agent that spent anything. */
  agentSpent: Record<string, number>;
  budgets: MeterBudget[];
  quota: QuotaState;
};

/** Fraction of a limit from which the meter decides and owners are warned. */
export const QUOTA_WARN_FRACTION = 0.8;

const hard = (q: QuotaState, k: QuotaLimit) => q.limits[k] !== null && !q.soft.includes(k);

/** A turn's hard limits (messages, tokens) at or over `QUOTA_WARN_FRACTION`, counting `pending` turns not yet recorded. */
export function turnQuotaNear(q: QuotaState, pending = 0): boolean {
  return (
    (hard(q, 'messages') && q.used.messages + pending >= q.limits.messages! * QUOTA_WARN_FRACTION) ||
    (hard(q, 'tokens') && q.used.tokens >= q.limits.tokens! * QUOTA_WARN_FRACTION)
  );
}

/** The first hard limit a new turn may not pass (reached), or null. */
export function turnQuotaReached(q: QuotaState): QuotaLimit | null {
  for (const k of ['messages', 'tokens'] as const) if (hard(q, k) && q.used[k] >= q.limits[k]!) return k;
  return null;
}

export const count = (n: number) => n.toLocaleString('en-US');
export const when = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
export const NOUN: Record<QuotaLimit, string> = {
  messages: 'messages',
  tokens: 'tokens',
  workflow_runs: 'workflow runs',
  code_tool_minutes: 'code-tool minutes',
};
/** What stops at a reached limit (banner and email wording). */
export const STOPS: Record<QuotaLimit, string> = {
  messages: 'new turns are refused',
  tokens: 'new turns are refused',
  workflow_runs: 'new runs are refused',
  code_tool_minutes: 'code tools do not run',
};
/** Minutes of `seconds`, as the API and pages show them (two decimals). */
export const minutesOf = (seconds: number) => Math.round((seconds * 100) / 60) / 100;

/**
 * The refusal a code tool gives the model instead of running when the period's hard code_tool_minutes limit is
 * reached (null: it may run). The turn goes on: the model reads this as the tool's error and can still answer.
 */
export function codeToolRefusalOf(q: QuotaState): string | null {
  const limit = q.limits.code_tool_minutes;
  if (limit === null || q.soft.includes('code_tool_minutes') || (q.codeSeconds ?? 0) < limit * 60) return null;
  return (
    `Code did not run: the ${PLANS[q.plan].name} plan’s ${count(limit)} code-tool minutes of this billing period are used up ` +
    `(they reset on ${when(q.periodEnd)}; an owner can upgrade at /app/billing). Answer without running code.`
  );
}

/** Whether code-tool usage is at or over the warning fraction of a hard limit (the meter then decides each call). */
export const codeToolNear = (q: QuotaState) => hard(q, 'code_tool_minutes') && (q.codeSeconds ?? 0) >= q.limits.code_tool_minutes! * 60 * QUOTA_WARN_FRACTION;

/** The 402 refusal for a reached limit: the limit, the plan, when it resets and where to upgrade. */
export function quotaRefusalOf(q: QuotaState, limit: QuotaLimit | 'agents' | 'seats' | 'embed_keys', used?: number, max?: number | null): ChatRefusal {
  const plan = PLANS[q.plan].name;
  const monthly = limit === 'messages' || limit === 'tokens' || limit === 'workflow_runs' || limit === 'code_tool_minutes';
  const n = max ?? q.limits[limit] ?? 0;
  const what = monthly ? `${count(n)} ${NOUN[limit]} this billing period` : `${count(n)} ${LIMIT_LABELS[limit].toLowerCase()}`;
  const resets = monthly ? ` It resets on ${when(q.periodEnd)}.` : '';
  const message = `The ${plan} plan’s limit of ${what} is reached (${count(used ?? (monthly ? q.used[limit] : n))} used).${resets} Upgrade at /app/billing.`;
  return { ok: false, status: 402, code: 'quota_exceeded', message, limit };
}

/** The monthly limits at or over 80 % (warnings: email once per period, the banner). */
export function warningsDue(q: QuotaState): QuotaLimit[] {
  return QUOTA_LIMITS.filter((k) => q.limits[k] !== null && q.limits[k]! > 0 && q.used[k] >= q.limits[k]! * QUOTA_WARN_FRACTION);
}
