// Tenant-scoped agent storage: every statement carries the tenant condition; writes are atomic D1 batches (their
// audit entries go through the EVENTS queue, sent by the services once a write succeeds).
import { and, count, desc, eq, inArray, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../client';
import { newId } from '../ids';
import type { PageParams } from '../page';
import { agentTools, agentVersions, agents, chatSessions } from '../schema';
import { type AgentViewer, EVERY_AGENT, visibleAgent } from './agent-viewer';

export type AgentRow = typeof agents.$inferSelect;
export type AgentVersionRow = typeof agentVersions.$inferSelect;
export type AgentConfig = Pick<
  AgentRow,
  | 'name'
  | 'description'
  | 'instructions'
  | 'model'
  | 'connectionId'
  | 'temperature'
  | 'maxSteps'
  | 'toolIds'
  | 'variables'
  | 'runtime'
  | 'callableAgentIds'
  | 'knowledgeBaseIds'
  | 'knowledgeRetrieval'
  | 'attachments'
>;

/** List filters: the runtime, and the model connection (`null`: the platform default). */
export type AgentFilter = { runtime?: 'edge' | 'container'; connectionId?: string | null };
/** Count filters: those of the list, and models that do not start with a prefix (e.g. Workers AI's `@cf/`). */
export type AgentCountFilter = AgentFilter & { modelNotPrefixed?: string };

export type Visibility = AgentRow['visibility'];

/** `viewer`: whose view of the agents every read takes (agent-viewer.ts); private agents of others are never read. */
export function agentsRepo(db: Database, tenantId: string, viewer: AgentViewer = EVERY_AGENT) {
  const seen = visibleAgent(viewer);
  /** The tenant condition, and the viewer's: every read of this repo starts from it. */
  const mine = () => and(eq(agents.tenantId, tenantId), seen)!;
  const own = (id: string) => and(mine(), eq(agents.id, id));

  const toolLinks = (agentId: string, toolIds: string[]) =>
    toolIds.map((toolId, position) => db.insert(agentTools).values({ tenantId, agentId, toolId, position }));

  const filtered = (filter: AgentCountFilter) => {
    const conds = [mine()];
    if (filter.runtime) conds.push(eq(agents.runtime, filter.runtime));
    if (filter.connectionId !== undefined)
      conds.push(filter.connectionId === null ? isNull(agents.connectionId) : eq(agents.connectionId, filter.connectionId));
    if (filter.modelNotPrefixed) conds.push(sql`substr(${agents.model}, 1, ${filter.modelNotPrefixed.length}) != ${filter.modelNotPrefixed}`);
    return conds;
  };

  return {
    async list(page: PageParams, q?: string, filter: AgentFilter = {}) {
      const conds = filtered(filter);
      if (page.cursor) conds.push(lt(agents.id, page.cursor));
      if (q) {
        const pattern = `%${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
        conds.push(or(like(agents.name, pattern), like(agents.slug, pattern))!);
      }
      return db
        .select()
        .from(agents)
        .where(and(...conds))
        .orderBy(desc(agents.id))
        .limit(page.limit + 1);
    },

    /** Every agent of the tenant, newest first (for answers that must name them all, like /v1/models). */
    async all() {
      return db.select().from(agents).where(mine()).orderBy(desc(agents.id));
    },

    /** Id and name of every agent, newest first (pickers and name lookups). */
    async names() {
      return db.select({ id: agents.id, name: agents.name }).from(agents).where(mine()).orderBy(desc(agents.id));
    },

    /** How many of the tenant's agents match the filter. */
    async count(filter: AgentCountFilter = {}) {
      return (
        (
          await db
            .select({ n: count() })
            .from(agents)
            .where(and(...filtered(filter)))
            .get()
        )?.n ?? 0
      );
    },

    async byIds(ids: string[]) {
      if (!ids.length) return [];
      return db
        .select()
        .from(agents)
        .where(and(mine(), inArray(agents.id, ids)));
    },

    /** The agents whose current version uses the tool (or the MCP connection attached whole), by name. */
    async usingTool(toolId: string) {
      return db
        .select({ id: agents.id, name: agents.name })
        .from(agentTools)
        .innerJoin(agents, and(eq(agents.tenantId, agentTools.tenantId), eq(agents.id, agentTools.agentId)))
        .where(and(eq(agentTools.tenantId, tenantId), eq(agentTools.toolId, toolId), seen))
        .orderBy(agents.name);
    },

    /** Every agent that talks to no model connection of its own (the platform default serves it, if any). */
    async withoutConnection() {
      return db
        .select()
        .from(agents)
        .where(and(mine(), isNull(agents.connectionId)))
        .orderBy(agents.id);
    },

    async get(id: string) {
      return db.select().from(agents).where(own(id)).get();
    },

    async getBySlug(slug: string) {
      return db
        .select()
        .from(agents)
        .where(and(mine(), eq(agents.slug, slug)))
        .get();
    },

    /** Which of `ids` are agents of this tenant. */
    async existing(ids: string[]) {
      if (!ids.length) return new Set<string>();
      const rows = await db
        .select({ id: agents.id })
        .from(agents)
        .where(and(mine(), inArray(agents.id, ids)));
      return new Set(rows.map((r) => r.id));
    },

    async slugsLike(base: string) {
      const rows = await db
        .select({ slug: agents.slug })
        .from(agents)
        .where(and(eq(agents.tenantId, tenantId), like(agents.slug, `${base}%`)));
      return new Set(rows.map((r) => r.slug));
    },

    /** Statements that create an agent with version 1; exposed so sign-up can batch them with the tenant. */
    createStatements(config: AgentConfig, slug: string, actor: { id: string | null; userId?: string | null }, now = Date.now()) {
      const id = newId('agent', now);
      const stmts: BatchItem<'sqlite'>[] = [
        // The agent's creator is the person (an API key's creator), whom a private agent belongs to.
        db.insert(agents).values({ id, tenantId, slug, ...config, version: 1, createdBy: actor.userId ?? actor.id, createdAt: now, updatedAt: now }),
        db.insert(agentVersions).values({ id: newId('agentVersion', now), tenantId, agentId: id, version: 1, ...config, createdBy: actor.id, createdAt: now }),
        ...toolLinks(id, config.toolIds),
      ];
      return { id, stmts };
    },

    async create(config: AgentConfig, slug: string, actor: { id: string | null; userId?: string | null }) {
      const { id, stmts } = this.createStatements(config, slug, actor);
      await db.batch(stmts as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
      return (await this.get(id))!;
    },

    /**
     * Writes version `current.version + 1`. The unique (agent, version) index makes a concurrent update fail
     * instead of silently overwriting; the caller maps that to 409.
     */
    async update(
      current: AgentRow,
      config: AgentConfig,
      slug: string,
      actor: { id: string | null; userId?: string | null },
      restoredFrom: number | null = null,
    ) {
      const now = Date.now();
      const version = current.version + 1;
      await db.batch([
        db
          .insert(agentVersions)
          .values({ id: newId('agentVersion', now), tenantId, agentId: current.id, version, ...config, restoredFrom, createdBy: actor.id, createdAt: now }),
        db
          .update(agents)
          .set({ ...config, slug, version, updatedAt: now })
          .where(and(own(current.id), eq(agents.version, current.version))),
        db.delete(agentTools).where(and(eq(agentTools.tenantId, tenantId), eq(agentTools.agentId, current.id))),
        ...toolLinks(current.id, config.toolIds),
      ]);
      return (await this.get(current.id))!;
    },

    /**
     * Deletes the agent; its versions and conversation rows go with it (cascade). Answers whether it existed and the
     * ids of those conversations, read in the same atomic batch, so the caller can remove their Durable Objects.
     */
    async remove(id: string) {
      const [sessions, deleted] = await db.batch([
        db
          .select({ id: chatSessions.id })
          .from(chatSessions)
          .where(and(eq(chatSessions.tenantId, tenantId), eq(chatSessions.agentId, id))),
        db.delete(agents).where(own(id)).returning({ id: agents.id }),
      ]);
      return { deleted: deleted.length > 0, sessionIds: sessions.map((r) => r.id) };
    },

    /**
     * Sets who may see and use the agent, and its share link (salt and token digest; both null without one). Not a
     * version: sharing is not part of the configuration a conversation snapshots. False when the agent is not seen.
     */
    async setSharing(id: string, v: { visibility: Visibility; shareSalt: string | null; shareTokenHash: string | null }) {
      const rows = await db
        .update(agents)
        .set({ ...v, updatedAt: Date.now() })
        .where(own(id))
        .returning({ id: agents.id });
      return rows.length > 0;
    },

    async listVersions(agentId: string, page: PageParams) {
      const conds = [eq(agentVersions.tenantId, tenantId), eq(agentVersions.agentId, agentId)];
      if (page.cursor) conds.push(lt(agentVersions.version, Number(page.cursor)));
      return db
        .select()
        .from(agentVersions)
        .where(and(...conds))
        .orderBy(desc(agentVersions.version))
        .limit(page.limit + 1);
    },

    async getVersion(agentId: string, version: number) {
      return db
        .select()
        .from(agentVersions)
        .where(and(eq(agentVersions.tenantId, tenantId), eq(agentVersions.agentId, agentId), eq(agentVersions.version, version)))
        .get();
    },
  };
}
