// The BudgetMeter object's side of the plan quota (worker/services/quota.ts): the plan, limits, period and usage from
// D1, and the 80 % warning email to owners (once per limit and period, from the object's waitUntil).
import { PLANS } from '../billing/plans';
import { tenantDb } from '../db/tenant-db';
import { emailSender } from '../email/email-sender';
import type { Bindings } from '../env';
import { effectivePlan } from './billing';
import { loadStoppedAgents } from './listing-stops';
import { NOUN, QUOTA_LIMITS, STOPS, type QuotaLimit, type QuotaState, count, when } from './quota-state';

/**
 * The plan, limits and period now (D1: billing_accounts), with this period's usage: `keep`'s when it is the same
 * period, else read from D1 (rollups and runs since the period's start).
 */
export async function loadQuota(env: Bindings, tenantId: string, now: number, keep: QuotaState | null): Promise<QuotaState> {
  const db = tenantDb(env, tenantId);
  const p = effectivePlan(env, await db.billing.account(), now);
  let used: QuotaState['used'];
  // Code-tool seconds are counted by the meter only (quota-state.ts): kept within the period, 0 in a new one.
  let codeSeconds = 0;
  if (keep && keep.periodStart === p.periodStart) {
    codeSeconds = keep.codeSeconds ?? 0;
    used = { ...keep.used, code_tool_minutes: codeSeconds / 60 };
  } else {
    const u = await db.billing.usageSince(p.periodStart);
    used = { messages: u.messages, tokens: u.tokens, workflow_runs: u.workflowRuns, code_tool_minutes: 0 };
  }
  const stopped = await loadStoppedAgents(env, tenantId);
  const soft = p.plan === 'free' ? [] : QUOTA_LIMITS.filter((k) => !!PLANS[p.plan].overage[k]);
  return {
    plan: p.plan,
    limits: { ...p.limits },
    soft,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    used,
    codeSeconds,
    stopped,
  };
}

/** Mails the organization's owners that `limit` is at 80 % or more of this period's allowance. */
export async function sendQuotaWarning(env: Bindings, tenantId: string, q: QuotaState, limit: QuotaLimit, origin: string | null): Promise<void> {
  const sender = emailSender(env);
  if (!sender) return;
  const db = tenantDb(env, tenantId);
  const [tenant, members] = await Promise.all([db.tenant.get(), db.members.list()]);
  const to = members.filter((m) => m.role === 'owner').map((m) => m.email);
  const max = q.limits[limit]!;
  const pct = Math.floor((q.used[limit] * 100) / max);
  const subject = `${tenant?.name ?? 'Edgent'}: ${pct} % of this period’s ${NOUN[limit]} used`;
  const after = q.soft.includes(limit)
    ? `Usage beyond ${count(max)} is billed as overage; nothing stops.`
    : `At ${count(max)} ${STOPS[limit]} until ${when(q.periodEnd)}.`;
  const text =
    `${count(q.used[limit])} of the ${count(max)} ${NOUN[limit]} of the ${PLANS[q.plan].name} plan are used this billing period.\n\n` +
    `${after}\n\nUpgrade or manage billing: ${origin ? `${origin}/app/billing` : '/app/billing'}\n`;
  for (const address of to) {
    try {
      await sender.send({ to: address, subject, text });
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'quota warning email failed', limit, error: String(e instanceof Error ? e.message : e) }));
    }
  }
}
