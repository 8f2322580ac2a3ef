// Tenant-scoped index of conversations (the messages live in each session's Durable Object).
import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import type { PageParams } from '../page';
import { chatSessions } from '../schema';
import { type AgentViewer, EVERY_AGENT, notHiddenAgent } from './agent-viewer';
import { type FeedbackFilter, feedbackCondition } from './message-search';

export type ChatSessionRow = typeof chatSessions.$inferSelect;

/** Filters of the conversation lists. Test-panel sessions (metadata.draft) are left out unless asked for. */
export type SessionFilter = { from?: number; to?: number; status?: 'active' | 'error'; includeDrafts?: boolean; feedback?: FeedbackFilter };

/** `viewer`: conversations of agents hidden from it (agent-viewer.ts) are never read. */
export function chatSessionsRepo(db: Database, tenantId: string, viewer: AgentViewer = EVERY_AGENT) {
  const seen = () => notHiddenAgent(db, tenantId, viewer, chatSessions.agentId);
  const own = (id: string) => and(eq(chatSessions.tenantId, tenantId), eq(chatSessions.id, id), seen());
  const filtered = (f: SessionFilter, agentId?: string): SQL[] => {
    const conds = [eq(chatSessions.tenantId, tenantId)];
    const hidden = seen();
    if (hidden) conds.push(hidden);
    if (agentId) conds.push(eq(chatSessions.agentId, agentId));
    if (!f.includeDrafts) conds.push(sql`json_extract(${chatSessions.metadata}, '$.draft') is null`);
    if (f.from !== undefined) conds.push(gte(chatSessions.createdAt, f.from));
    if (f.to !== undefined) conds.push(lt(chatSessions.createdAt, f.to));
    if (f.status) conds.push(eq(chatSessions.status, f.status));
    if (f.feedback) conds.push(feedbackCondition(tenantId, f.feedback));
    return conds;
  };
  return {
    async create(v: { id: string; agentId: string; agentVersion: number; metadata: Record<string, unknown>; createdBy: string | null }) {
      const now = Date.now();
      return db
        .insert(chatSessions)
        .values({ ...v, tenantId, createdAt: now, lastActivityAt: now })
        .returning()
        .get();
    },
    async get(id: string) {
      return db.select().from(chatSessions).where(own(id)).get();
    },
    async list(page: PageParams, agentId?: string, filter: SessionFilter = {}) {
      const conds = filtered(filter, agentId);
      if (page.cursor) conds.push(lt(chatSessions.id, page.cursor));
      return db
        .select()
        .from(chatSessions)
        .where(and(...conds))
        .orderBy(desc(chatSessions.id))
        .limit(page.limit + 1);
    },
    /** How many conversations match, e.g. started since midnight. */
    async count(filter: SessionFilter, agentId?: string) {
      return (
        (
          await db
            .select({ n: count() })
            .from(chatSessions)
            .where(and(...filtered(filter, agentId)))
            .get()
        )?.n ?? 0
      );
    },
    /** Conversations per agent matching the filter. */
    async countByAgent(filter: SessionFilter) {
      const rows = await db
        .select({ agentId: chatSessions.agentId, n: count() })
        .from(chatSessions)
        .where(and(...filtered(filter)))
        .groupBy(chatSessions.agentId);
      return new Map(rows.map((r) => [r.agentId, r.n]));
    },
    /** Ids of every conversation of the agent (drafts included), to tell their objects about a visibility change. */
    async idsOfAgent(agentId: string) {
      const rows = await db
        .select({ id: chatSessions.id })
        .from(chatSessions)
        .where(and(eq(chatSessions.tenantId, tenantId), eq(chatSessions.agentId, agentId)));
      return rows.map((r) => r.id);
    },
    /** Whether the conversation exists at all, whoever may see it (so a hidden one is never wiped as if gone). */
    async existsForAnyone(id: string) {
      return !!(await db
        .select({ id: chatSessions.id })
        .from(chatSessions)
        .where(and(eq(chatSessions.tenantId, tenantId), eq(chatSessions.id, id)))
        .get());
    },
    async remove(id: string) {
      const deleted = await db.delete(chatSessions).where(own(id)).returning({ id: chatSessions.id });
      return deleted.length > 0;
    },
  };
}
