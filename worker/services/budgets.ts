// Budgets (API.md, Analytics, cost and feedback): monthly cost limits of the organization or one agent, that alert or
// block. D1 holds them; every change is pushed to the tenant's meter (budget-check.ts) so it takes effect at once.
import type { BudgetRow, TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import type { Actor } from '../lib/actor';
import { iso } from '../lib/iso';
import { monthStart, nextMonthStart } from '../lib/month';
import { BUDGET_THRESHOLDS, type BudgetInput, type BudgetJson } from '../schemas/analytics';
import type { BudgetPatch } from '../schemas/budgets';
import { agentNames } from './agents';
import { type MeterState, meterState, reloadMeter } from './budget-check';

/** A budget as the budgets page shows it: with a label ("Organization" or the agent's name) and when it resets. */
export type BudgetView = BudgetJson & { label: string; agent_name: string | null; resets_at: string };

const spentOf = (b: BudgetRow, s: MeterState | null) => (!s ? 0 : b.scope === 'tenant' ? s.tenantSpent : (s.agentSpent[b.agentId ?? ''] ?? 0));

/** The budget with this month's spend and the highest threshold reached (0, 50, 80 or 100). */
export function budgetJson(b: BudgetRow, s: MeterState | null, now = Date.now()): BudgetJson {
  const spent = Math.round(spentOf(b, s) * 1e6) / 1e6;
  const reached = BUDGET_THRESHOLDS.filter((t) => spent * 100 >= b.limitUsd * t).at(-1) ?? 0;
  return {
    id: b.id,
    scope: b.scope,
    agent_id: b.agentId,
    period: 'month',
    limit_usd: b.limitUsd,
    action: b.action,
    spent_usd: spent,
    reached_pct: reached,
    period_start: iso(s?.periodStart ?? monthStart(now)),
    created_at: iso(b.createdAt),
  };
}

const AUDITED = (b: BudgetRow) => ({ scope: b.scope, agent_id: b.agentId, limit_usd: b.limitUsd, action: b.action });

export async function createBudget(env: Bindings, db: TenantDb, input: BudgetInput, actor: Actor, origin: string | null): Promise<BudgetJson> {
  let agentId: string | null = null;
  if (input.scope === 'agent') {
    const agent = await db.agents.get(input.agent_id!);
    if (!agent) throw new AppError('validation_failed', 'No such agent', [{ path: 'agent_id', message: 'No such agent' }]);
    agentId = agent.id;
  }
  const row = await db.budgets.create({ scope: input.scope, agentId, limitUsd: input.limit_usd, action: input.action }, actor.userId ?? null);
  const state = await reloadMeter(env, db.tenantId, origin);
  const a = AUDITED(row);
  actor.audit({
    action: 'budget.create',
    resource: { type: 'budget', id: row.id },
    changes: Object.fromEntries(Object.entries(a).map(([k, v]) => [k, { after: v }])),
  });
  return budgetJson(row, state);
}

export async function listBudgets(env: Bindings, db: TenantDb): Promise<BudgetJson[]> {
  const rows = await db.budgets.list();
  const state = rows.length ? await meterState(env, db.tenantId) : null;
  return rows.map((r) => budgetJson(r, state));
}

/** The budgets with the agents' names, for the budgets page. */
export async function budgetViews(env: Bindings, db: TenantDb): Promise<BudgetView[]> {
  const rows = await db.budgets.list();
  const state = rows.length ? await meterState(env, db.tenantId) : null;
  const names = new Map((await agentNames(db)).map((a) => [a.id, a.name]));
  return rows.map((r) => {
    const name = r.agentId ? (names.get(r.agentId) ?? null) : null;
    const json = budgetJson(r, state);
    return {
      ...json,
      agent_name: name,
      label: r.scope === 'tenant' ? 'Organization' : (name ?? `Deleted agent ${r.agentId}`),
      resets_at: iso(nextMonthStart(Date.parse(json.period_start))),
    };
  });
}

async function row(db: TenantDb, id: string): Promise<BudgetRow> {
  const b = await db.budgets.get(id);
  if (!b) throw notFound('Budget');
  return b;
}

export async function getBudget(env: Bindings, db: TenantDb, id: string): Promise<BudgetJson> {
  return budgetJson(await row(db, id), await meterState(env, db.tenantId));
}

export async function updateBudget(env: Bindings, db: TenantDb, id: string, patch: BudgetPatch, actor: Actor, origin: string | null): Promise<BudgetJson> {
  const before = await row(db, id);
  const after = await db.budgets.update(before.id, {
    ...(patch.limit_usd !== undefined ? { limitUsd: patch.limit_usd } : {}),
    ...(patch.action ? { action: patch.action } : {}),
  });
  if (!after) throw notFound('Budget');
  const state = await reloadMeter(env, db.tenantId, origin);
  const [b, a] = [AUDITED(before), AUDITED(after)];
  const changes = Object.fromEntries((Object.keys(a) as (keyof typeof a)[]).filter((k) => b[k] !== a[k]).map((k) => [k, { before: b[k], after: a[k] }]));
  if (Object.keys(changes).length) actor.audit({ action: 'budget.update', resource: { type: 'budget', id: before.id }, changes });
  return budgetJson(after, state);
}

export async function deleteBudget(env: Bindings, db: TenantDb, id: string, actor: Actor, origin: string | null): Promise<void> {
  const before = await row(db, id);
  if (!(await db.budgets.delete(before.id))) throw notFound('Budget');
  await reloadMeter(env, db.tenantId, origin);
  const b = AUDITED(before);
  actor.audit({
    action: 'budget.delete',
    resource: { type: 'budget', id: before.id },
    changes: Object.fromEntries(Object.entries(b).map(([k, v]) => [k, { before: v }])),
  });
}

/** The banner every app page shows while a budget of this month is at 80 % or more (null: none). No D1: the meter. */
export type BudgetBannerInfo = { level: 'warn' | 'spent'; text: string; key: string };

/** An agent's name shows only to those who see every agent (others read "an agent": it may be private). */
export async function budgetBanner(env: Bindings, db: TenantDb): Promise<BudgetBannerInfo | null> {
  const named = db.viewer.all;
  const s = await meterState(env, db.tenantId).catch(() => null);
  if (!s?.budgets.length) return null;
  let worst: { pct: number; blocked: boolean; label: string; agent: boolean } | null = null;
  for (const b of s.budgets) {
    const spent = b.scope === 'tenant' ? s.tenantSpent : (s.agentSpent[b.agentId ?? ''] ?? 0);
    const pct = (spent / b.limitUsd) * 100;
    if (pct < 80) continue;
    const blocked = pct >= 100 && b.action === 'block';
    if (!worst || Number(blocked) > Number(worst.blocked) || (blocked === worst.blocked && pct > worst.pct))
      worst = { pct, blocked, label: b.label, agent: b.scope === 'agent' };
  }
  if (!worst) return null;
  const whose = !worst.agent ? 'The organization’s monthly budget' : named ? `The monthly budget of ${worst.label}` : 'An agent’s monthly budget';
  const level = worst.pct >= 100 ? 'spent' : 'warn';
  const text = worst.blocked
    ? `${whose} is spent: new turns are refused until it is raised or the month ends.`
    : worst.pct >= 100
      ? `${whose} is spent (alert only: turns go on).`
      : `${whose} is ${Math.floor(worst.pct)} % used.`;
  return { level, text, key: `${s.periodStart}:${level}:${worst.blocked ? 'b' : 'a'}` };
}
