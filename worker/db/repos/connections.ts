// Tenant-scoped connection metadata (secrets live encrypted in KV, see worker/crypto); the services record audit entries.
import { and, count, desc, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { PageParams } from '../page';
import { agentTools, agents, connections, tools } from '../schema';

export type ConnectionRow = typeof connections.$inferSelect;
/** What a caller may set; id, tenant and timestamps are the repo's. */
export type ConnectionValues = Pick<ConnectionRow, 'name' | 'kind' | 'baseUrl' | 'authType' | 'authHint' | 'authMeta' | 'config'>;

export function connectionsRepo(db: Database, tenantId: string) {
  const own = (id: string) => and(eq(connections.tenantId, tenantId), eq(connections.id, id));

  return {
    async get(id: string) {
      return db.select().from(connections).where(own(id)).get();
    },

    async existing(ids: string[]) {
      if (!ids.length) return new Set<string>();
      const rows = await db
        .select({ id: connections.id })
        .from(connections)
        .where(and(eq(connections.tenantId, tenantId), inArray(connections.id, ids)));
      return new Set(rows.map((r) => r.id));
    },

    /** Every connection of the tenant, newest first (form choices and the Connections page). */
    async all() {
      return db.select().from(connections).where(eq(connections.tenantId, tenantId)).orderBy(desc(connections.id));
    },

    /** How many connections the tenant has, optionally of the given kinds. */
    async count(kinds?: ConnectionRow['kind'][]) {
      const where = kinds ? and(eq(connections.tenantId, tenantId), inArray(connections.kind, kinds)) : eq(connections.tenantId, tenantId);
      return (await db.select({ n: count() }).from(connections).where(where).get())?.n ?? 0;
    },

    /** Names of the given connections, by id (deleted ones are absent). */
    async names(ids: string[]) {
      if (!ids.length) return new Map<string, string>();
      const rows = await db
        .select({ id: connections.id, name: connections.name })
        .from(connections)
        .where(and(eq(connections.tenantId, tenantId), inArray(connections.id, ids)));
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    async list(page: PageParams) {
      const conds = [eq(connections.tenantId, tenantId)];
      if (page.cursor) conds.push(lt(connections.id, page.cursor));
      return db
        .select()
        .from(connections)
        .where(and(...conds))
        .orderBy(desc(connections.id))
        .limit(page.limit + 1);
    },

    /** `id` comes from the caller because the secret is sealed in KV under it before the row exists. */
    async create(id: string, v: ConnectionValues) {
      const now = Date.now();
      const rows = await db
        .insert(connections)
        .values({ id, tenantId, ...v, createdAt: now, updatedAt: now })
        .returning();
      return rows[0]!;
    },

    /** Undefined when the connection is not this tenant's. */
    async update(id: string, v: ConnectionValues) {
      const rows = await db
        .update(connections)
        .set({ ...v, updatedAt: Date.now() })
        .where(own(id))
        .returning();
      return rows[0];
    },

    async remove(id: string) {
      const deleted = await db.delete(connections).where(own(id)).returning({ id: connections.id });
      return deleted.length > 0;
    },

    /** Keeps the outcome of the last test on the row (no audit row: a test changes nothing the user set). */
    async recordCheck(id: string, check: { ok: boolean; message: string }, at = Date.now()) {
      await db
        .update(connections)
        .set({ checkedAt: at, checkOk: check.ok, checkMessage: check.message.slice(0, 500) })
        .where(own(id));
    },

    /** Whether a model connection (OpenAI or OpenAI-compatible) of this tenant passed its last test. */
    async modelConnectionPassed() {
      const row = await db
        .select({ id: connections.id })
        .from(connections)
        .where(and(eq(connections.tenantId, tenantId), inArray(connections.kind, ['openai', 'openai_compatible']), eq(connections.checkOk, true)))
        .limit(1)
        .get();
      return !!row;
    },

    /** How many of this tenant's agents (current versions) and tools point at the connection. */
    async usage(id: string) {
      const [a, t] = await db.batch([
        // Agents that talk to the model through it, or attach it whole as an MCP tool source.
        db
          .select({ n: count() })
          .from(agents)
          .where(
            and(
              eq(agents.tenantId, tenantId),
              or(
                eq(agents.connectionId, id),
                inArray(
                  agents.id,
                  db
                    .select({ id: agentTools.agentId })
                    .from(agentTools)
                    .where(and(eq(agentTools.tenantId, tenantId), eq(agentTools.toolId, id))),
                ),
              ),
            ),
          ),
        db
          .select({ n: count() })
          .from(tools)
          .where(and(eq(tools.tenantId, tenantId), eq(tools.connectionId, id))),
      ]);
      return { agents: a[0]?.n ?? 0, tools: t[0]?.n ?? 0 };
    },

    /**
     * Which agents and tools use this tenant's connections (or only connection `id`), by connection id: agents that
     * talk to a model through it or attach it whole as an MCP tool source, and tools that call through it. Only
     * rows that point at a connection are read.
     */
    async users(id?: string) {
      const agentConn = id ? eq(agents.connectionId, id) : isNotNull(agents.connectionId);
      const linkConn = id ? eq(agentTools.toolId, id) : sql`substr(${agentTools.toolId}, 1, 4) = 'con_'`;
      const toolConn = id ? eq(tools.connectionId, id) : isNotNull(tools.connectionId);
      const [modelUsers, mcpUsers, toolRows] = await db.batch([
        db
          .select({ id: agents.id, name: agents.name, connectionId: agents.connectionId })
          .from(agents)
          .where(and(eq(agents.tenantId, tenantId), agentConn)),
        db
          .select({ id: agents.id, name: agents.name, connectionId: agentTools.toolId })
          .from(agentTools)
          .innerJoin(agents, and(eq(agents.tenantId, agentTools.tenantId), eq(agents.id, agentTools.agentId)))
          // An agent that also talks to its model through the connection is listed once, above.
          .where(and(eq(agentTools.tenantId, tenantId), linkConn, or(isNull(agents.connectionId), ne(agents.connectionId, agentTools.toolId)))),
        db
          .select({ id: tools.id, name: tools.name, connectionId: tools.connectionId })
          .from(tools)
          .where(and(eq(tools.tenantId, tenantId), toolConn)),
      ]);
      type Named = { id: string; name: string };
      const out = new Map<string, { agents: Named[]; tools: Named[] }>();
      const entry = (id: string) => out.get(id) ?? (out.set(id, { agents: [], tools: [] }), out.get(id)!);
      for (const a of [...modelUsers, ...mcpUsers]) entry(a.connectionId!).agents.push({ id: a.id, name: a.name });
      for (const t of toolRows) entry(t.connectionId!).tools.push({ id: t.id, name: t.name });
      return out;
    },
  };
}
