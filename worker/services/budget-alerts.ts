// What the budget meter (durable-objects/budget-meter.ts) needs from D1 and email: the tenant's budgets with their
// labels, and the alert for a threshold reached (recorded once per budget, period and threshold; mailed to owners
// and admins when an email sender is configured).
import { tenantDb } from '../db/tenant-db';
import { emailSender } from '../email/email-sender';
import type { Bindings } from '../env';

export type MeterBudget = {
  id: string;
  scope: 'tenant' | 'agent';
  agentId: string | null;
  limitUsd: number;
  action: 'alert' | 'block';
  /** "the organization" or the agent's name, for messages. */
  label: string;
};

export async function loadMeterBudgets(env: Bindings, tenantId: string): Promise<MeterBudget[]> {
  const db = tenantDb(env, tenantId);
  const rows = await db.budgets.list();
  const names = new Map<string, string>();
  for (const r of rows) {
    if (r.agentId && !names.has(r.agentId)) names.set(r.agentId, (await db.agents.get(r.agentId))?.name ?? r.agentId);
  }
  return rows.map((r) => ({
    id: r.id,
    scope: r.scope,
    agentId: r.agentId,
    limitUsd: r.limitUsd,
    action: r.action,
    label: r.agentId ? `agent “${names.get(r.agentId)}”` : 'the organization',
  }));
}

export const usd = (n: number) => `$${n.toFixed(n >= 100 ? 0 : 2)}`;

export type BudgetAlert = { budget: MeterBudget; pct: number; spent: number; periodStart: number; mail: boolean; origin: string | null };

/** Records the alert (once); the first time, mails the owners and admins if `mail` and a sender is configured. */
export async function sendBudgetAlert(env: Bindings, tenantId: string, a: BudgetAlert): Promise<void> {
  const db = tenantDb(env, tenantId);
  const fresh = await db.budgets.recordAlert(a.budget.id, a.periodStart, a.pct, a.spent);
  const sender = emailSender(env);
  if (!fresh || !a.mail || !sender) return;
  const [tenant, members] = await Promise.all([db.tenant.get(), db.members.list()]);
  const to = members.filter((m) => m.role === 'owner' || m.role === 'admin').map((m) => m.email);
  const month = new Date(a.periodStart).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const what = a.budget.scope === 'tenant' ? 'the organization’s monthly budget' : `the monthly budget of ${a.budget.label}`;
  const blocked = a.pct >= 100 && a.budget.action === 'block';
  const subject = `${tenant?.name ?? 'Edgent'}: ${a.pct} % of ${what} used`;
  const text =
    `${usd(a.spent)} of ${what} (${usd(a.budget.limitUsd)}) is spent in ${month}: ${a.pct} % or more.\n\n` +
    (blocked
      ? 'The budget blocks: turns are refused until it is raised or the month ends.\n\n'
      : a.pct >= 100
        ? 'This budget only alerts: turns go on.\n\n'
        : '') +
    `Budgets: ${a.origin ? `${a.origin}/app/budgets` : 'Settings → Budgets'}\n`;
  let sent = 0;
  for (const address of to) {
    try {
      await sender.send({ to: address, subject, text });
      sent++;
    } catch (e) {
      console.error(
        JSON.stringify({ level: 'error', msg: 'budget alert email failed', budget: a.budget.id, error: String(e instanceof Error ? e.message : e) }),
      );
    }
  }
  if (sent) await db.budgets.markEmailed(a.budget.id, a.periodStart, a.pct);
}
