// Tenant-scoped tool definitions (built-in tools are code, not rows); the services record their audit entries.
import { and, count, desc, eq, inArray, lt } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../client';
import { newId } from '../ids';
import type { PageParams } from '../page';
import { agentTools, tools } from '../schema';

export type ToolRow = typeof tools.$inferSelect;
/** What a caller may set; id, tenant and timestamps are the repo's. */
export type ToolValues = Pick<ToolRow, 'name' | 'description' | 'kind' | 'parameters' | 'config' | 'connectionId'>;
type Batch = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

export function toolsRepo(db: Database, tenantId: string) {
  const own = (id: string) => and(eq(tools.tenantId, tenantId), eq(tools.id, id));

  return {
    async get(id: string) {
      return db.select().from(tools).where(own(id)).get();
    },
    async byIds(ids: string[]) {
      if (!ids.length) return [];
      return db
        .select()
        .from(tools)
        .where(and(eq(tools.tenantId, tenantId), inArray(tools.id, ids)));
    },
    async existing(ids: string[]) {
      if (!ids.length) return new Set<string>();
      const rows = await db
        .select({ id: tools.id })
        .from(tools)
        .where(and(eq(tools.tenantId, tenantId), inArray(tools.id, ids)));
      return new Set(rows.map((r) => r.id));
    },
    /** Every tool of the tenant, newest first (the Tools page and the builder's tool choices). */
    async all() {
      return db.select().from(tools).where(eq(tools.tenantId, tenantId)).orderBy(desc(tools.id));
    },
    /** Names of the given tools, by id (deleted ones are absent). */
    async names(ids: string[]) {
      if (!ids.length) return new Map<string, string>();
      const rows = await db
        .select({ id: tools.id, name: tools.name })
        .from(tools)
        .where(and(eq(tools.tenantId, tenantId), inArray(tools.id, ids)));
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    async list(page: PageParams, kind?: ToolRow['kind']) {
      const conds = [eq(tools.tenantId, tenantId)];
      if (kind) conds.push(eq(tools.kind, kind));
      if (page.cursor) conds.push(lt(tools.id, page.cursor));
      return db
        .select()
        .from(tools)
        .where(and(...conds))
        .orderBy(desc(tools.id))
        .limit(page.limit + 1);
    },
    /** Which of `names` this tenant's tools already use, with the tool holding each. */
    async namesTaken(names: string[]) {
      if (!names.length) return new Map<string, ToolRow>();
      const rows = await db
        .select()
        .from(tools)
        .where(and(eq(tools.tenantId, tenantId), inArray(tools.name, names)));
      return new Map(rows.map((r) => [r.name, r]));
    },
    async byConnection(connectionId: string) {
      return db
        .select()
        .from(tools)
        .where(and(eq(tools.tenantId, tenantId), eq(tools.connectionId, connectionId)));
    },
    /** Creates the tools in one batch (all or none). */
    async createMany(values: ToolValues[]) {
      if (!values.length) return [];
      const now = Date.now();
      const ids = values.map(() => newId('tool', now));
      const stmts: BatchItem<'sqlite'>[] = values.map((v, i) => db.insert(tools).values({ id: ids[i]!, tenantId, ...v, createdAt: now, updatedAt: now }));
      await db.batch(stmts as Batch);
      const rows = await this.byIds(ids);
      return ids.map((id) => rows.find((r) => r.id === id)!);
    },
    async create(v: ToolValues) {
      return (await this.createMany([v]))[0]!;
    },
    /** Undefined when the tool is not this tenant's. */
    async update(id: string, v: Partial<ToolValues>) {
      const rows = await db
        .update(tools)
        .set({ ...v, updatedAt: Date.now() })
        .where(own(id))
        .returning();
      return rows[0];
    },
    async remove(id: string) {
      const [deleted] = await db.batch([
        db.delete(tools).where(own(id)).returning({ id: tools.id }),
        db.delete(agentTools).where(and(eq(agentTools.tenantId, tenantId), eq(agentTools.toolId, id))),
      ]);
      return deleted.length > 0;
    },
    /** How many agents use each tool (and each MCP connection attached whole), by tool id. */
    async usageCounts() {
      const rows = await db
        .select({ toolId: agentTools.toolId, n: count() })
        .from(agentTools)
        .where(eq(agentTools.tenantId, tenantId))
        .groupBy(agentTools.toolId);
      return new Map(rows.map((r) => [r.toolId, r.n]));
    },
    /** Ids of this tenant's agents whose current version uses the tool. */
    async agentsUsing(id: string) {
      const rows = await db
        .select({ agentId: agentTools.agentId })
        .from(agentTools)
        .where(and(eq(agentTools.tenantId, tenantId), eq(agentTools.toolId, id)));
      return rows.map((r) => r.agentId);
    },
  };
}
