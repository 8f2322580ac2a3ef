/**
 * Plan quotas (issue 17 §2; ARCHITECTURE.md "Billing"; views/docs/guide-quotas.ts for users).
 *
 * Monthly limits (messages = turns, tokens, workflow runs) are counted by the organization's BudgetMeter object
 * (durable-objects/budget-meter.ts), which also holds its budgets: its state carries the effective plan, the limits,
 * the billing period and this period's usage. Plan and period come from D1 (billing_accounts through
 * `effectivePlan`) on first use, at each new period and on `billingChanged`; usage starts from D1's rollups
 * (`usageSince`) when the object has none or a period starts, then each turn's report adds one message and its tokens
 * (the same RPC as its spend) and each workflow run is counted when it starts.
 *
 * - `quotaRefusal` / `turnRefusal`: checked before any model call on every surface, from the isolate's copy of the
 *   meter's state (worker/services/budget-check.ts): no D1, and no I/O while the organization is below 80 % of its hard
 *   limits. From 80 % (counting this isolate's turns not yet recorded) the meter answers every check, after this
 *   isolate's ended turns were recorded, so the turn that reaches a limit finishes and the next is refused.
 *   Soft limits (a paid plan's `overage`, e.g. Pro messages) never refuse: the EVENTS consumer reports each turn to
 *   Stripe's meter (worker/billing/meter-reporting.ts).
 * - Lag across isolates (documented in the guide): below 80 % an isolate may answer from a copy up to FRESH_MS (5 s)
 *   old, so a burst spread over many isolates can pass 80 % unseen for that long; from 80 % the meter decides each
 *   turn, and a limit can be overshot only by turns already running (checked before the reaching turn was
 *   recorded) — at most the organization's concurrent turns at the crossing.
 * - `code_tool_minutes`: each code-tool run's wall time (rounded up per call to the second) is added to the meter by
 *   the code tool itself (`recordCodeTime`, one RPC after the run); before running, `codeToolRefusal` answers from the
 *   isolate's copy below 80 % (the meter decides from 80 %), and a reached limit becomes the tool's error for the model
 *   (the turn goes on). Kept by the meter only (no usage-event column): a new period starts at 0.
 * - `billingChanged`: after a verified webhook or an operator changed an organization's plan, status, period or
 *   limits: the meter re-reads D1, and this isolate uses the result at once (others within FRESH_MS).
 * - `assertCountLimit`: at creation of an agent, an embed key, an invitation (members plus pending invitations count
 *   as seats) and when an invitation is accepted: 402 `quota_exceeded` naming the limit when it is reached. A D1
 *   read, never on the chat path.
 * Billing off: every organization has the Free plan's limits (as PLAN_LIMITS and custom limits set them).
 */
import { tenantDb, type TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { countRun, meterState, reloadQuota, turnRefusal } from './budget-check';
import { PLANS } from '../billing/plans';
import { NOUN, STOPS, count, quotaRefusalOf, warningsDue, when } from './quota-state';
import type { ChatRefusal } from './turn-policy';

export { turnRefusal } from './budget-check';

/** A reached hard monthly limit of the organization: the 402 quota_exceeded refusal naming it, else null. */
export async function quotaRefusal(env: Bindings, tenantId: string, agentId: string, now = Date.now()): Promise<ChatRefusal | null> {
  return turnRefusal(env, tenantId, agentId, now, { budget: false });
}

/** The organization's plan, status, period or limits changed: the meter re-reads them; this isolate uses them at once. */
export async function billingChanged(env: Bindings, tenantId: string, origin: string | null = null): Promise<void> {
  await reloadQuota(env, tenantId, origin);
}

const asError = (r: ChatRefusal) => new AppError('quota_exceeded', r.message, [{ path: r.limit ?? 'quota', message: r.message }]);

/** Before a workflow run starts: counted, or 402 quota_exceeded when the period's workflow_runs limit is reached. */
export async function assertRunAllowed(env: Bindings, tenantId: string): Promise<void> {
  const r = await countRun(env, tenantId);
  if (!r.ok && r.state) throw asError(quotaRefusalOf(r.state.quota, 'workflow_runs'));
}

/**
 * At creation: 402 quota_exceeded when the organization already has as many agents, live embed keys or seats
 * (members plus pending invitations) as its plan allows. The plan's limits come from the meter's state (this isolate's
 * copy when fresh), the counts from D1; the meter unreachable → allowed (fail open, logged).
 */
export async function assertCountLimit(env: Bindings, db: TenantDb, limit: 'agents' | 'seats' | 'embed_keys', now = Date.now()): Promise<void> {
  const s = await meterState(env, db.tenantId, now);
  const max = s?.quota.limits[limit] ?? null;
  if (!s || max === null) return;
  const used = await db.billing.usageSince(now);
  const have =
    limit === 'agents'
      ? used.agents
      : limit === 'embed_keys'
        ? used.embedKeys
        : used.seats + (await db.invitations.open()).filter((i) => i.expiresAt > now).length;
  if (have >= max) throw asError(quotaRefusalOf(s.quota, limit, have, max));
}

/** Accepting an invitation checks seats again (members only: the invitation itself counted until now). */
export async function assertSeatForJoin(env: Bindings, tenantId: string, now = Date.now()): Promise<void> {
  const s = await meterState(env, tenantId, now);
  const max = s?.quota.limits.seats ?? null;
  if (!s || max === null) return;
  const { seats } = await tenantDb(env, tenantId).billing.usageSince(now);
  if (seats >= max) throw asError(quotaRefusalOf(s.quota, 'seats', seats, max));
}

/** The banner app pages show owners and admins while a monthly limit is at 80 % or more (null: none). No D1: the meter. */
export type QuotaBannerInfo = { level: 'warn' | 'spent'; text: string; key: string };

export async function quotaBanner(env: Bindings, db: TenantDb, role: string): Promise<QuotaBannerInfo | null> {
  if (role !== 'owner' && role !== 'admin') return null;
  const s = await meterState(env, db.tenantId).catch(() => null);
  if (!s) return null;
  const q = s.quota;
  const due = warningsDue(q);
  if (!due.length) return null;
  const reached = due.find((k) => !q.soft.includes(k) && q.used[k] >= q.limits[k]!);
  const limit = reached ?? due[0]!;
  const max = q.limits[limit]!;
  const plan = PLANS[q.plan].name;
  const text = reached
    ? `This organization has used all ${count(max)} ${NOUN[limit]} of its ${plan} plan this period: ${STOPS[limit]} until ${when(q.periodEnd)}.`
    : `This organization has used ${Math.floor((q.used[limit] * 100) / max)} % of the ${count(max)} ${NOUN[limit]} of its ${plan} plan this period${q.soft.includes(limit) ? ' (beyond it, usage is billed as overage)' : ''}.`;
  return { level: reached ? 'spent' : 'warn', text, key: `${q.periodStart}:${limit}:${reached ? 'r' : 'w'}` };
}
