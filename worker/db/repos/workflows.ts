// Tenant-scoped workflow storage: the current definition and its immutable versions; every statement carries the
// tenant condition; a save is one atomic batch (version row + current row), guarded by the version counter.
import { and, desc, eq, like, lt, or } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import type { PageParams } from '../page';
import { workflowVersions, workflows } from '../schema/workflows';
import type { WorkflowDefinition } from '../../schemas/workflows';

export type WorkflowRow = typeof workflows.$inferSelect;
export type WorkflowVersionRow = typeof workflowVersions.$inferSelect;
/** What a version holds. */
export type WorkflowContent = { name: string; description: string | null; definition: WorkflowDefinition };

export function workflowsRepo(db: Database, tenantId: string) {
  const mine = () => eq(workflows.tenantId, tenantId);
  const own = (id: string) => and(mine(), eq(workflows.id, id));

  return {
    async list(page: PageParams, q?: string) {
      const conds = [mine()];
      if (page.cursor) conds.push(lt(workflows.id, page.cursor));
      if (q) {
        const pattern = `%${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
        conds.push(or(like(workflows.name, pattern), like(workflows.slug, pattern))!);
      }
      return db
        .select()
        .from(workflows)
        .where(and(...conds))
        .orderBy(desc(workflows.id))
        .limit(page.limit + 1);
    },

    async get(id: string) {
      return db.select().from(workflows).where(own(id)).get();
    },

    async getBySlug(slug: string) {
      return db
        .select()
        .from(workflows)
        .where(and(mine(), eq(workflows.slug, slug)))
        .get();
    },

    /** Id and name of every workflow, by name (pickers, sub-workflow steps). */
    async names() {
      return db.select({ id: workflows.id, name: workflows.name }).from(workflows).where(mine()).orderBy(workflows.name);
    },

    async slugsLike(base: string) {
      const rows = await db
        .select({ slug: workflows.slug })
        .from(workflows)
        .where(and(mine(), like(workflows.slug, `${base}%`)));
      return new Set(rows.map((r) => r.slug));
    },

    /** Creates the workflow with version 1. */
    async create(content: WorkflowContent, slug: string, actor: { id: string | null; userId?: string | null }) {
      const now = Date.now();
      const id = newId('workflow', now);
      await db.batch([
        db.insert(workflows).values({ id, tenantId, slug, ...content, version: 1, createdBy: actor.userId ?? actor.id, createdAt: now, updatedAt: now }),
        db.insert(workflowVersions).values({
          id: newId('workflowVersion', now),
          tenantId,
          workflowId: id,
          version: 1,
          ...content,
          createdBy: actor.id,
          createdAt: now,
        }),
      ]);
      return (await this.get(id))!;
    },

    /**
     * Writes version `current.version + 1`. The unique (workflow, version) index makes a concurrent save fail instead
     * of silently overwriting; the caller maps that to 409.
     */
    async update(current: WorkflowRow, content: WorkflowContent, slug: string, actor: { id: string | null }, restoredFrom: number | null = null) {
      const now = Date.now();
      const version = current.version + 1;
      await db.batch([
        db.insert(workflowVersions).values({
          id: newId('workflowVersion', now),
          tenantId,
          workflowId: current.id,
          version,
          ...content,
          restoredFrom,
          createdBy: actor.id,
          createdAt: now,
        }),
        db
          .update(workflows)
          .set({ ...content, slug, version, updatedAt: now })
          .where(and(own(current.id), eq(workflows.version, current.version))),
      ]);
      return (await this.get(current.id))!;
    },

    /** Deletes the workflow and its versions (cascade); its runs' rows stay (no foreign key). Whether it existed. */
    async remove(id: string) {
      const rows = await db.delete(workflows).where(own(id)).returning({ id: workflows.id });
      return rows.length > 0;
    },

    async listVersions(workflowId: string, page: PageParams) {
      const conds = [eq(workflowVersions.tenantId, tenantId), eq(workflowVersions.workflowId, workflowId)];
      if (page.cursor) conds.push(lt(workflowVersions.version, Number(page.cursor)));
      return db
        .select()
        .from(workflowVersions)
        .where(and(...conds))
        .orderBy(desc(workflowVersions.version))
        .limit(page.limit + 1);
    },

    async getVersion(workflowId: string, version: number) {
      return db
        .select()
        .from(workflowVersions)
        .where(and(eq(workflowVersions.tenantId, tenantId), eq(workflowVersions.workflowId, workflowId), eq(workflowVersions.version, version)))
        .get();
    },
  };
}
