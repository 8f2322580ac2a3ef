/**
 * BudgetMeter: one Durable Object per tenant (named by the tenant id) holding the tenant's budgets and this calendar
 * month's (UTC) spend, in total and per agent. Turns report their cost here after they end (worker/services/
 * budget-check.ts `recordSpend`, from reportTurn); isolates ask it for the state when a blocking budget is near or
 * when their cached copy is older than a few seconds. Spend, budgets and the thresholds already alerted live in the
 * object's storage, so they survive eviction; the period rolls over at the first call of a new month. Budgets are
 * read from D1 once (the first call ever for the tenant) and are pushed again by the budgets service on every change.
 * A threshold crossed (50/80/100 %) is recorded once per budget and period in D1 and mailed to owners and admins,
 * in the object's waitUntil: never on the path of a turn.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';
import { monthStart, nextMonthStart } from '../worker/lib/month';
import { BUDGET_THRESHOLDS } from '../worker/schemas/analytics';
import { type MeterBudget, loadMeterBudgets, sendBudgetAlert } from '../worker/services/budget-alerts';

export type { MeterBudget } from '../worker/services/budget-alerts';

export type MeterState = {
  periodStart: number;
  resetsAt: number;
  tenantSpent: number;
  /** This period's spend of each agent that spent anything. */
  agentSpent: Record<string, number>;
  budgets: MeterBudget[];
};

type Spend = { periodStart: number; tenant: number; agents: Record<string, number> };
type Alerted = { periodStart: number; keys: string[] };

export class BudgetMeter extends DurableObject<Bindings> {
  private budgets: MeterBudget[] | null = null;
  private spendNow: Spend | null = null;
  private alerted: Alerted | null = null;
  private origin: string | null = null;
  private loads = 0;

  /** The state for `now`'s month (a new month starts at zero). */
  async state(now = Date.now()): Promise<MeterState> {
    const [budgets, spend] = await Promise.all([this.loadBudgets(), this.spend(now)]);
    return { periodStart: spend.periodStart, resetsAt: nextMonthStart(spend.periodStart), tenantSpent: spend.tenant, agentSpent: { ...spend.agents }, budgets };
  }

  /** Adds a turn's cost (USD, > 0) to the tenant's and the agent's spend; answers the new state. */
  async record(agentId: string, costUsd: number, now = Date.now()): Promise<MeterState> {
    const spend = await this.spend(now);
    if (costUsd > 0 && Number.isFinite(costUsd)) {
      // Costs are exact to 1e-9 USD (worker/services/prices.ts): sums are kept to that too, without float drift.
      const add = (a: number) => Math.round((a + costUsd) * 1e9) / 1e9;
      spend.tenant = add(spend.tenant);
      spend.agents[agentId] = add(spend.agents[agentId] ?? 0);
      void this.ctx.storage.put('spend', spend);
      this.ctx.waitUntil(this.checkThresholds(spend));
    }
    return this.state(now);
  }

  /**
   * Re-reads the budgets from D1 (the budgets service calls it after each change) and remembers the site's origin
   * for links in alert emails. Answers the new state.
   */
  async reload(origin: string | null = null, now = Date.now()): Promise<MeterState> {
    if (origin) {
      this.origin = origin;
      void this.ctx.storage.put('origin', origin);
    }
    const seq = ++this.loads;
    const list = await loadMeterBudgets(this.env, this.tenantId());
    if (seq === this.loads) {
      this.budgets = list;
      void this.ctx.storage.put('budgets', list);
      this.ctx.waitUntil(this.spend(now).then((s) => this.checkThresholds(s)));
    }
    return this.state(now);
  }

  private tenantId(): string {
    const name = this.ctx.id.name;
    if (!name) throw new Error('BudgetMeter must be addressed by idFromName(tenantId)');
    return name;
  }

  private async loadBudgets(): Promise<MeterBudget[]> {
    if (this.budgets) return this.budgets;
    const stored = await this.ctx.storage.get<MeterBudget[]>('budgets');
    if (stored) return (this.budgets = stored);
    // The first call ever for this tenant: budgets made before the meter existed are in D1 only.
    const list = await loadMeterBudgets(this.env, this.tenantId());
    this.budgets ??= list;
    void this.ctx.storage.put('budgets', this.budgets);
    return this.budgets;
  }

  private async spend(now: number): Promise<Spend> {
    const start = monthStart(now);
    this.spendNow ??= (await this.ctx.storage.get<Spend>('spend')) ?? { periodStart: start, tenant: 0, agents: {} };
    if (this.spendNow.periodStart < start) {
      // A new month: spend starts again (a clock behind the stored period, as tests inject, keeps the stored one).
      this.spendNow = { periodStart: start, tenant: 0, agents: {} };
      void this.ctx.storage.put('spend', this.spendNow);
    }
    return this.spendNow;
  }

  /** Records each threshold a budget reached this period, once, and mails owners and admins about it. */
  private async checkThresholds(spend: Spend): Promise<void> {
    const budgets = await this.loadBudgets();
    this.alerted ??= (await this.ctx.storage.get<Alerted>('alerted')) ?? { periodStart: spend.periodStart, keys: [] };
    if (this.alerted.periodStart !== spend.periodStart) this.alerted = { periodStart: spend.periodStart, keys: [] };
    const due: { budget: MeterBudget; pct: number; spent: number }[] = [];
    for (const b of budgets) {
      const spent = b.scope === 'tenant' ? spend.tenant : (spend.agents[b.agentId ?? ''] ?? 0);
      for (const pct of BUDGET_THRESHOLDS) {
        const key = `${b.id}:${pct}`;
        if (spent * 100 < b.limitUsd * pct || this.alerted.keys.includes(key)) continue;
        this.alerted.keys.push(key);
        due.push({ budget: b, pct, spent });
      }
    }
    if (!due.length) return;
    await this.ctx.storage.put('alerted', this.alerted);
    this.origin ??= (await this.ctx.storage.get<string>('origin')) ?? null;
    // Highest threshold first per budget: one email names the highest level reached (50 and 80 at once → one mail).
    for (const d of due) {
      const highest = !due.some((o) => o.budget.id === d.budget.id && o.pct > d.pct);
      try {
        await sendBudgetAlert(this.env, this.tenantId(), { ...d, periodStart: spend.periodStart, mail: highest, origin: this.origin });
      } catch (e) {
        console.error(JSON.stringify({ level: 'error', msg: 'budget alert failed', budget: d.budget.id, pct: d.pct, error: String(e) }));
      }
    }
  }
}
