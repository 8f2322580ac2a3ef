// Tenant-scoped reads and writes of billing: the organization's Stripe account row, and the usage the Billing page and
// GET /api/v1/billing show against the plan's limits (one round trip: scalar subqueries over indexed ranges).
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { agents, billingAccounts, embedKeys, memberships, usageRollups, workflowRuns } from '../schema';

export type BillingAccount = typeof billingAccounts.$inferSelect;
export type BillingUsage = { messages: number; tokens: number; workflowRuns: number; agents: number; seats: number; embedKeys: number };

const HOUR = 3_600_000;

export function billingRepo(db: Database, tenantId: string) {
  return {
    async account(): Promise<BillingAccount | null> {
      return (await db.select().from(billingAccounts).where(eq(billingAccounts.tenantId, tenantId)).get()) ?? null;
    },

    /**
     * Usage since `from` (ms): messages (turns) and tokens from the organization-wide hourly rollups (the hour holding
     * `from` counts whole), workflow runs started, and what exists now: agents, members (seats), live embed keys.
     */
    async usageSince(from: number): Promise<BillingUsage> {
      const hour = Math.floor(from / HOUR) * HOUR;
      const row = await db
        .select({
          messages: sql<number>`(select coalesce(sum(${usageRollups.turns}), 0) from ${usageRollups} where ${usageRollups.tenantId} = ${tenantId} and ${usageRollups.grain} = 'hour:all' and ${usageRollups.bucket} >= ${hour})`,
          tokens: sql<number>`(select coalesce(sum(${usageRollups.inputTokens} + ${usageRollups.outputTokens}), 0) from ${usageRollups} where ${usageRollups.tenantId} = ${tenantId} and ${usageRollups.grain} = 'hour:all' and ${usageRollups.bucket} >= ${hour})`,
          workflowRuns: sql<number>`(select count(*) from ${workflowRuns} where ${workflowRuns.tenantId} = ${tenantId} and ${workflowRuns.createdAt} >= ${from})`,
          agents: sql<number>`(select count(*) from ${agents} where ${agents.tenantId} = ${tenantId})`,
          seats: sql<number>`(select count(*) from ${memberships} where ${memberships.tenantId} = ${tenantId})`,
          embedKeys: sql<number>`(select count(*) from ${embedKeys} where ${embedKeys.tenantId} = ${tenantId} and ${embedKeys.revokedAt} is null)`,
        })
        .from(sql`(select 1)`)
        .get();
      const n = (v: unknown) => Number(v ?? 0);
      return {
        messages: n(row?.messages),
        tokens: n(row?.tokens),
        workflowRuns: n(row?.workflowRuns),
        agents: n(row?.agents),
        seats: n(row?.seats),
        embedKeys: n(row?.embedKeys),
      };
    },

    /** Creates the account row, or sets these fields on it. */
    async upsert(values: Partial<Omit<BillingAccount, 'tenantId' | 'createdAt' | 'updatedAt'>>, now = Date.now()): Promise<void> {
      await db
        .insert(billingAccounts)
        .values({ tenantId, ...values, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: billingAccounts.tenantId, set: { ...values, updatedAt: now } });
    },

    /** Whether this organization is the one holding `customerId` (null: nobody yet). */
    async customerTenant(customerId: string): Promise<boolean> {
      return !!(await db
        .select({ t: billingAccounts.tenantId })
        .from(billingAccounts)
        .where(and(eq(billingAccounts.tenantId, tenantId), eq(billingAccounts.stripeCustomerId, customerId)))
        .get());
    },
  };
}
