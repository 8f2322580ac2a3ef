// Tenant-scoped reading of the runs list (rows the EVENTS consumer writes from the run objects): filtered pages,
// newest first, on the indexes that lead with tenant_id (migrations/0013_workflows.sql).
import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { workflowRuns } from '../schema';

export type WorkflowRunRow = typeof workflowRuns.$inferSelect;
export type WorkflowRunFilter = { workflowId?: string; status?: string; trigger?: string; from?: number; to?: number; cursor: string | null; limit: number };

export function workflowRunsRepo(db: Database, tenantId: string) {
  return {
    /** limit + 1 rows (the extra one says another page exists); the cursor is the last row's id. */
    async list(f: WorkflowRunFilter): Promise<WorkflowRunRow[]> {
      const conds: SQL[] = [eq(workflowRuns.tenantId, tenantId)];
      if (f.workflowId) conds.push(eq(workflowRuns.workflowId, f.workflowId));
      if (f.status) conds.push(eq(workflowRuns.status, f.status as WorkflowRunRow['status']));
      if (f.trigger) conds.push(eq(workflowRuns.triggerKind, f.trigger));
      if (f.from !== undefined) conds.push(gte(workflowRuns.createdAt, f.from));
      if (f.to !== undefined) conds.push(lt(workflowRuns.createdAt, f.to));
      if (f.cursor) {
        const at = sql`(select ${workflowRuns.createdAt} from ${workflowRuns} where ${workflowRuns.tenantId} = ${tenantId} and ${workflowRuns.id} = ${f.cursor})`;
        conds.push(or(lt(workflowRuns.createdAt, at), and(eq(workflowRuns.createdAt, at), lt(workflowRuns.id, f.cursor)))!);
      }
      return db
        .select()
        .from(workflowRuns)
        .where(and(...conds))
        .orderBy(desc(workflowRuns.createdAt), desc(workflowRuns.id))
        .limit(f.limit + 1);
    },
  };
}
