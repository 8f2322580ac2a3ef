/**
 * Conversation search (FTS5 table message_search, migration 0018): the best-matching message of each conversation,
 * ranked by bm25, with a highlighted snippet. Scoped to the tenant, to conversations that still exist (a deleted one
 * is gone at once) and to agents the viewer may see. The feedback filter is shared with the plain conversation list.
 */
import { type SQL, and, eq, inArray, sql } from 'drizzle-orm';
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../client';
import { chatSessions, searchEntries } from '../schema';
import { type AgentViewer, EVERY_AGENT, notHiddenAgent } from './agent-viewer';

/** The FTS5 table's rowid, for deletes (not in the schema: drizzle cannot create virtual tables; migration 0018 does). */
const messageSearch = sqliteTable('message_search', { rowid: integer('rowid') });

export type FeedbackFilter = 'up' | 'down' | 'any' | 'none';
/** Snippet highlight markers: control characters that indexed text never holds (search-events.ts strips them). */
export const MARK_OPEN = '\u0001';
export const MARK_CLOSE = '\u0002';

/** The condition that a conversation (chat_sessions row) has answers rated as asked. */
export function feedbackCondition(tenantId: string, f: FeedbackFilter): SQL {
  const rated = (rating?: 'up' | 'down') =>
    sql`exists (select 1 from message_feedback mf where mf.tenant_id = ${tenantId} and mf.session_id = ${chatSessions.id}${rating ? sql` and mf.rating = ${rating}` : sql``})`;
  if (f === 'none') return sql`not ${rated()}`;
  return rated(f === 'any' ? undefined : f);
}

export type SearchHit = { sessionId: string; messageId: string; role: string; snippet: string; rank: number };
export type SearchQuery = { match: string; agentId?: string; feedback?: FeedbackFilter; includeDrafts?: boolean; limit: number; offset: number };

export function messageSearchRepo(db: Database, tenantId: string, viewer: AgentViewer = EVERY_AGENT) {
  return {
    /** `match`: an FTS5 expression built by the search service (never the user's raw text). Up to limit + 1 hits. */
    async search(q: SearchQuery): Promise<SearchHit[]> {
      const conds: (SQL | undefined)[] = [
        eq(chatSessions.tenantId, tenantId),
        notHiddenAgent(db, tenantId, viewer, chatSessions.agentId),
        q.agentId ? eq(chatSessions.agentId, q.agentId) : undefined,
        q.includeDrafts ? undefined : sql`json_extract(${chatSessions.metadata}, '$.draft') is null`,
        q.feedback ? feedbackCondition(tenantId, q.feedback) : undefined,
      ];
      const where = and(...conds)!;
      const rows = await db.all<{ session_id: string; message_id: string; role: string; snip: string; rank: number }>(sql`
        with hits as (
          select session_id, message_id, role, bm25(message_search) as rank,
            snippet(message_search, 0, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 16) as snip
          from message_search where message_search match ${q.match} and tenant_id = ${tenantId}
        ), best as (select *, row_number() over (partition by session_id order by rank) as n from hits)
        select best.session_id, best.message_id, best.role, best.snip, best.rank
        from best join chat_sessions on chat_sessions.tenant_id = ${tenantId} and chat_sessions.id = best.session_id
        where best.n = 1 and ${where}
        order by best.rank, best.session_id limit ${q.limit + 1} offset ${q.offset}`);
      return rows.map((r) => ({ sessionId: r.session_id, messageId: r.message_id, role: r.role, snippet: r.snip, rank: r.rank }));
    },

    /** The conversation rows of some ids (the hits' conversations), in no particular order. */
    async sessions(ids: string[]) {
      if (!ids.length) return [];
      return db
        .select()
        .from(chatSessions)
        .where(and(eq(chatSessions.tenantId, tenantId), inArray(chatSessions.id, ids)));
    },

    /** Removes what was indexed of some conversations (they were deleted). */
    async removeSessions(sessionIds: string[]): Promise<void> {
      for (let i = 0; i < sessionIds.length; i += 50) {
        const ids = sessionIds.slice(i, i + 50);
        const mine = and(eq(searchEntries.tenantId, tenantId), inArray(searchEntries.sessionId, ids));
        await db.batch([
          db.delete(messageSearch).where(inArray(messageSearch.rowid, db.select({ id: searchEntries.id }).from(searchEntries).where(mine))),
          db.delete(searchEntries).where(mine),
        ]);
      }
    },
  };
}
