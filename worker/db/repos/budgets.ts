// Tenant-scoped budgets (monthly cost limits of the organization or one agent) and the alerts recorded for them.
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import { budgetAlerts, budgets } from '../schema';
import { type AgentViewer, EVERY_AGENT, notHiddenAgent } from './agent-viewer';

export type BudgetRow = typeof budgets.$inferSelect;
export type BudgetValues = { scope: 'tenant' | 'agent'; agentId: string | null; limitUsd: number; action: 'alert' | 'block' };

/** `viewer`: budgets of agents hidden from it (agent-viewer.ts) are neither read nor changed. */
export function budgetsRepo(db: Database, tenantId: string, viewer: AgentViewer = EVERY_AGENT) {
  const seen = () => {
    const c = notHiddenAgent(db, tenantId, viewer, budgets.agentId);
    return c && or(isNull(budgets.agentId), c);
  };
  const one = (id: string) => and(eq(budgets.tenantId, tenantId), eq(budgets.id, id), seen());

  return {
    async create(v: BudgetValues, createdBy: string | null) {
      const now = Date.now();
      const rows = await db
        .insert(budgets)
        .values({ id: newId('budget', now), tenantId, ...v, period: 'month', createdBy, createdAt: now, updatedAt: now })
        .returning();
      return rows[0]!;
    },

    /** Every budget of the tenant, oldest first (an organization has a handful: no pagination). */
    async list() {
      return db
        .select()
        .from(budgets)
        .where(and(eq(budgets.tenantId, tenantId), seen()))
        .orderBy(asc(budgets.id));
    },

    async get(id: string) {
      return db.select().from(budgets).where(one(id)).get();
    },

    async update(id: string, v: Partial<Pick<BudgetValues, 'limitUsd' | 'action'>>) {
      const rows = await db
        .update(budgets)
        .set({ ...v, updatedAt: Date.now() })
        .where(one(id))
        .returning();
      return rows[0];
    },

    /** True when a budget was deleted (its alerts go with it). */
    async delete(id: string) {
      const rows = await db.delete(budgets).where(one(id)).returning({ id: budgets.id });
      return rows.length > 0;
    },

    /**
     * Records that a budget reached `pct` % in the period starting at `periodStart`; true only the first time (the
     * primary key makes it once per budget, period and threshold, whoever records it).
     */
    async recordAlert(budgetId: string, periodStart: number, pct: number, spentUsd: number) {
      const rows = await db
        .insert(budgetAlerts)
        .values({ tenantId, budgetId, periodStart, pct, spentUsd, createdAt: Date.now() })
        .onConflictDoNothing()
        .returning({ pct: budgetAlerts.pct });
      return rows.length > 0;
    },

    async markEmailed(budgetId: string, periodStart: number, pct: number) {
      await db
        .update(budgetAlerts)
        .set({ emailed: true })
        .where(
          and(eq(budgetAlerts.tenantId, tenantId), eq(budgetAlerts.budgetId, budgetId), eq(budgetAlerts.periodStart, periodStart), eq(budgetAlerts.pct, pct)),
        );
    },

    /** The alerts of one period (tests and the budgets page). */
    async alerts(periodStart: number) {
      return db
        .select()
        .from(budgetAlerts)
        .where(and(eq(budgetAlerts.tenantId, tenantId), eq(budgetAlerts.periodStart, periodStart)))
        .orderBy(asc(budgetAlerts.budgetId), asc(budgetAlerts.pct));
    },
  };
}
