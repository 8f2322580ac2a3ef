// Tenant-scoped workflow triggers (schedules and signed webhooks); the services record their audit entries and keep each tenant's Scheduler object told.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import { workflowTriggers } from '../schema';

export type TriggerRow = typeof workflowTriggers.$inferSelect;
export type TriggerValues = {
  kind: 'schedule' | 'webhook';
  cron: string | null;
  timezone: string | null;
  inputs: Record<string, unknown> | null;
  enabled: boolean;
  nextRunAt: number | null;
};
export type TriggerChange = Partial<Pick<TriggerRow, 'cron' | 'timezone' | 'inputs' | 'enabled' | 'nextRunAt' | 'secretCiphertext'>>;

export function workflowTriggersRepo(db: Database, tenantId: string) {
  const t = workflowTriggers;
  const one = (workflowId: string, id: string) => and(eq(t.tenantId, tenantId), eq(t.workflowId, workflowId), eq(t.id, id));

  return {
    /** `id` is made by the caller (the webhook secret is sealed under it before the row exists). */
    async create(id: string, workflowId: string, v: TriggerValues, secretCiphertext: string | null, createdBy: string | null) {
      const rows = await db
        .insert(t)
        .values({ id, tenantId, workflowId, ...v, secretCiphertext, createdBy, createdAt: Date.now() })
        .returning();
      return rows[0]!;
    },

    newId: () => newId('trigger'),

    /** A workflow's triggers, oldest first (a workflow has a handful). */
    async list(workflowId: string) {
      return db
        .select()
        .from(t)
        .where(and(eq(t.tenantId, tenantId), eq(t.workflowId, workflowId)))
        .orderBy(asc(t.id));
    },

    async get(workflowId: string, id: string) {
      return db.select().from(t).where(one(workflowId, id)).get();
    },

    /** Any trigger of the tenant by id (the scheduler knows triggers, not their workflows). */
    async byId(id: string) {
      return db
        .select()
        .from(t)
        .where(and(eq(t.tenantId, tenantId), eq(t.id, id)))
        .get();
    },

    /** The tenant's enabled schedules, for rebuilding its Scheduler object. */
    async schedules() {
      return db
        .select()
        .from(t)
        .where(and(eq(t.tenantId, tenantId), eq(t.kind, 'schedule'), eq(t.enabled, true)));
    },

    /** Undefined when there is no such trigger of this workflow in this tenant. */
    async update(workflowId: string, id: string, v: TriggerChange) {
      const rows = await db.update(t).set(v).where(one(workflowId, id)).returning();
      return rows[0];
    },

    /** After a schedule fired: when it ran and when it runs next. */
    async recordRun(id: string, lastRunAt: number, nextRunAt: number | null) {
      await db
        .update(t)
        .set({ lastRunAt, nextRunAt })
        .where(and(eq(t.tenantId, tenantId), eq(t.id, id)));
    },

    async remove(workflowId: string, id: string) {
      const rows = await db.delete(t).where(one(workflowId, id)).returning({ id: t.id });
      return rows.length > 0;
    },
  };
}
