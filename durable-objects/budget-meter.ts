/**
 * BudgetMeter: one Durable Object per tenant (named by the tenant id) holding the tenant's budgets and this calendar
 * month's (UTC) spend, in total and per agent. Turns report their cost here after they end (worker/services/
 * budget-check.ts `recordSpend`, from reportTurn); isolates ask it for the state when a blocking budget is near or
 * when their cached copy is older than a few seconds. Spend, budgets and the thresholds already alerted live in the
 * object's storage, so they survive eviction; the period rolls over at the first call of a new month. Budgets are
 * read from D1 once (the first call ever for the tenant) and are pushed again by the budgets service on every change.
 * A threshold crossed (50/80/100 %) is recorded once per budget and period in D1 and mailed to owners and admins,
 * in the object's waitUntil: never on the path of a turn.
 *
 * It also holds the organization's plan quota (issue 17; worker/services/quota.ts): the effective plan, its monthly
 * limits and billing period (billing_accounts through `effectivePlan`, read from D1 on first use, at a new period and
 * on `billingChanged`) and this period's usage (messages = turns, tokens, workflow runs), kept in storage; usage starts
 * from D1 (`usageSince`) when the object has none or a period starts, and is counted here after that: each turn's
 * `record` adds one message and its tokens, `startRun` counts (or refuses) a workflow run, `recordCode` adds a code-tool
 * run's seconds (kept here only: no D1 column holds them). 80 % of a monthly limit
 * mails the owners once per limit and period.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';
import { monthStart, nextMonthStart } from '../worker/lib/month';
import { BUDGET_THRESHOLDS } from '../worker/schemas/analytics';
import { type MeterBudget, loadMeterBudgets, sendBudgetAlert } from '../worker/services/budget-alerts';
import { loadQuota, sendQuotaWarning } from '../worker/services/quota-load';
import { type MeterState, type QuotaState, warningsDue } from '../worker/services/quota-state';

export type { MeterBudget } from '../worker/services/budget-alerts';

export type { MeterState } from '../worker/services/quota-state';

/** A turn the EVENTS consumer counts (`addTurns`). */
export type MeterTurn = { id: string; agentId: string; costUsd: number; tokens: number; at: number };

/** How long counted turn ids are kept (queue retries end well within it). */
const COUNTED_KEEP_MS = 7 * 86_400_000;

type Spend = { periodStart: number; tenant: number; agents: Record<string, number> };
type Alerted = { periodStart: number; keys: string[] };

export class BudgetMeter extends DurableObject<Bindings> {
  private budgets: MeterBudget[] | null = null;
  private spendNow: Spend | null = null;
  private alerted: Alerted | null = null;
  private origin: string | null = null;
  private loads = 0;
  private quotaNow: QuotaState | null = null;
  private quotaLoading: Promise<QuotaState> | null = null;
  private warned: Alerted | null = null;

  /** The state for `now`'s month (a new month starts at zero). */
  async state(now = Date.now()): Promise<MeterState> {
    const [budgets, spend, quota] = await Promise.all([this.loadBudgets(), this.spend(now), this.quota(now)]);
    return {
      periodStart: spend.periodStart,
      resetsAt: nextMonthStart(spend.periodStart),
      tenantSpent: spend.tenant,
      agentSpent: { ...spend.agents },
      budgets,
      quota: { ...quota, used: { ...quota.used } },
    };
  }

  /**
   * Adds a turn's cost (USD, > 0) to the tenant's and the agent's spend and, with `turn`, one message and its tokens to
   * the period's quota usage; answers the new state. A turn with an id is counted once (the EVENTS consumer may send
   * it again: `addTurns`).
   */
  async record(agentId: string, costUsd: number, now = Date.now(), turn?: { tokens: number; id?: string }): Promise<MeterState> {
    if (turn?.id && !this.firstCount(turn.id, now)) return this.state(now);
    const [q, spend] = await Promise.all([turn ? this.quota(now) : null, this.spend(now)]);
    this.counted(q, spend, this.count(q, spend, agentId, costUsd, turn ? turn.tokens : null));
    return this.state(now);
  }

  /**
   * Turns the EVENTS consumer counts in batches (worker/services/meter-batch.ts): the turns that ended far from every
   * blocking limit, which did not call `record` on their way out (budget-check.ts `meterDirectly`). Each turn id is
   * counted once, whichever of the two paths brings it and however often; a turn of a period already closed is not
   * counted in the new one. Answers the new state.
   */
  async addTurns(turns: MeterTurn[], now = Date.now()): Promise<MeterState> {
    const [q, spend] = await Promise.all([this.quota(now), this.spend(now)]);
    const changed = { quota: false, spend: false };
    for (const t of turns) {
      if (!this.firstCount(t.id, now)) continue;
      const c = this.count(t.at >= q.periodStart ? q : null, t.at >= spend.periodStart ? spend : null, t.agentId, t.costUsd, t.tokens);
      changed.quota ||= c.quota;
      changed.spend ||= c.spend;
    }
    this.counted(q, spend, changed);
    this.ctx.storage.sql.exec('DELETE FROM counted_turns WHERE at < ?', now - COUNTED_KEEP_MS);
    return this.state(now);
  }

  private countedReady = false;
  /** Marks a turn id counted; false when it already was. */
  private firstCount(id: string, now: number): boolean {
    const sql = this.ctx.storage.sql;
    if (!this.countedReady) {
      sql.exec('CREATE TABLE IF NOT EXISTS counted_turns (id TEXT PRIMARY KEY, at INTEGER NOT NULL)');
      sql.exec('CREATE INDEX IF NOT EXISTS counted_turns_at ON counted_turns (at)');
      this.countedReady = true;
    }
    return sql.exec('INSERT OR IGNORE INTO counted_turns (id, at) VALUES (?, ?)', id, now).rowsWritten > 0;
  }

  /** One turn into the quota (a message and its tokens; null: not counted there) and its cost into the spend. */
  private count(q: QuotaState | null, spend: Spend | null, agentId: string, costUsd: number, tokens: number | null): { quota: boolean; spend: boolean } {
    const changed = { quota: false, spend: false };
    if (q && tokens !== null) {
      q.used.messages += 1;
      q.used.tokens += Number.isFinite(tokens) && tokens > 0 ? Math.round(tokens) : 0;
      changed.quota = true;
    }
    if (spend && costUsd > 0 && Number.isFinite(costUsd)) {
      // Costs are exact to 1e-9 USD (worker/services/prices.ts): sums are kept to that too, without float drift.
      const add = (a: number) => Math.round((a + costUsd) * 1e9) / 1e9;
      spend.tenant = add(spend.tenant);
      spend.agents[agentId] = add(spend.agents[agentId] ?? 0);
      changed.spend = true;
    }
    return changed;
  }

  /** Stores what `count` changed, and checks warnings and thresholds once. */
  private counted(q: QuotaState | null, spend: Spend | null, changed: { quota: boolean; spend: boolean }): void {
    if (q && changed.quota) {
      void this.ctx.storage.put('quota', q);
      this.ctx.waitUntil(this.checkWarnings(q));
    }
    if (spend && changed.spend) {
      void this.ctx.storage.put('spend', spend);
      this.ctx.waitUntil(this.checkThresholds(spend));
    }
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

  /**
   * A workflow run is about to start: counted, or refused (false) when the period's hard `workflow_runs` limit is
   * reached. Atomic per tenant (one object), so concurrent starts never exceed it.
   */
  async startRun(now = Date.now()): Promise<{ ok: boolean; state: MeterState }> {
    const q = await this.quota(now);
    const limit = q.limits.workflow_runs;
    if (limit !== null && !q.soft.includes('workflow_runs') && q.used.workflow_runs >= limit) return { ok: false, state: await this.state(now) };
    q.used.workflow_runs += 1;
    void this.ctx.storage.put('quota', q);
    this.ctx.waitUntil(this.checkWarnings(q));
    return { ok: true, state: await this.state(now) };
  }

  /**
   * A code-tool run ended (worker/tools/code-tools.ts): adds its wall time, whole seconds, to the period's code-tool
   * usage. Answers the new state.
   */
  async recordCode(seconds: number, now = Date.now()): Promise<MeterState> {
    const q = await this.quota(now);
    const add = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 0;
    if (add) {
      q.codeSeconds = (q.codeSeconds ?? 0) + add;
      q.used.code_tool_minutes = q.codeSeconds / 60;
      void this.ctx.storage.put('quota', q);
      this.ctx.waitUntil(this.checkWarnings(q));
    }
    return this.state(now);
  }

  /**
   * The organization's plan, status or limits changed (a webhook, the operator): re-read them from D1 (usage is kept
   * within the same period, read again from D1 in a new one). Answers the new state.
   */
  async billingChanged(origin: string | null = null, now = Date.now()): Promise<MeterState> {
    if (origin) {
      this.origin = origin;
      void this.ctx.storage.put('origin', origin);
    }
    await this.quota(now);
    this.quotaNow = await this.reloadQuota(now, this.quotaNow);
    return this.state(now);
  }

  private async quota(now: number): Promise<QuotaState> {
    if (this.quotaLoading) await this.quotaLoading.catch(() => {});
    this.quotaNow ??= (await this.ctx.storage.get<QuotaState>('quota')) ?? null;
    // None yet (first use) or the period ended: plan, period and usage from D1.
    if (!this.quotaNow || now >= this.quotaNow.periodEnd) this.quotaNow = await this.reloadQuota(now, this.quotaNow);
    return this.quotaNow;
  }

  private async reloadQuota(now: number, keep: QuotaState | null): Promise<QuotaState> {
    const p = (this.quotaLoading = loadQuota(this.env, this.tenantId(), now, keep));
    try {
      const q = await p;
      this.quotaNow = q;
      void this.ctx.storage.put('quota', q);
      return q;
    } finally {
      if (this.quotaLoading === p) this.quotaLoading = null;
    }
  }

  /** Mails the owners once per monthly limit and period when usage reaches 80 % of it. */
  private async checkWarnings(q: QuotaState): Promise<void> {
    this.warned ??= (await this.ctx.storage.get<Alerted>('warned')) ?? { periodStart: q.periodStart, keys: [] };
    if (this.warned.periodStart !== q.periodStart) this.warned = { periodStart: q.periodStart, keys: [] };
    const due = warningsDue(q).filter((k) => !this.warned!.keys.includes(k));
    if (!due.length) return;
    this.warned.keys.push(...due);
    await this.ctx.storage.put('warned', this.warned);
    this.origin ??= (await this.ctx.storage.get<string>('origin')) ?? null;
    for (const limit of due) {
      try {
        await sendQuotaWarning(this.env, this.tenantId(), q, limit, this.origin);
      } catch (e) {
        console.error(JSON.stringify({ level: 'error', msg: 'quota warning failed', limit, error: String(e) }));
      }
    }
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
