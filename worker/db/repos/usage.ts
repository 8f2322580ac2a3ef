// Tenant-scoped reads of usage_events (one row per chat turn): totals, per agent and per session, and the error log.
import { and, count, desc, eq, gte, inArray, isNotNull, lt, max, ne, sql, sum } from 'drizzle-orm';
import type { Database } from '../client';
import { usageEvents } from '../schema';
import { type AgentViewer, EVERY_AGENT, notHiddenAgent } from './agent-viewer';

export type UsageRow = typeof usageEvents.$inferSelect;
export type UsageStats = { turns: number; inputTokens: number; outputTokens: number; errors: number; lastAt: number | null };

/** A turn "failed" when it ended with an error code other than the user stopping it. */
const failed = sql<number>`sum(case when ${usageEvents.errorCode} is not null and ${usageEvents.errorCode} != 'cancelled' then 1 else 0 end)`;
const stats = {
  turns: count(),
  inputTokens: sum(usageEvents.inputTokens),
  outputTokens: sum(usageEvents.outputTokens),
  errors: failed,
  lastAt: max(usageEvents.createdAt),
};
type Raw = { turns: number; inputTokens: string | number | null; outputTokens: string | number | null; errors: number | null; lastAt: number | null };
const toStats = (r: Raw | undefined): UsageStats => ({
  turns: r?.turns ?? 0,
  inputTokens: Number(r?.inputTokens ?? 0),
  outputTokens: Number(r?.outputTokens ?? 0),
  errors: Number(r?.errors ?? 0),
  lastAt: r?.lastAt ?? null,
});

export type ErrorFilter = { since: number; agentId?: string; code?: string; cursor?: string | null; limit: number };

/** `viewer`: turns of agents hidden from it (agent-viewer.ts) are left out of every answer. */
export function usageRepo(db: Database, tenantId: string, viewer: AgentViewer = EVERY_AGENT) {
  const mine = and(eq(usageEvents.tenantId, tenantId), notHiddenAgent(db, tenantId, viewer, usageEvents.agentId))!;
  return {
    async totals(since: number): Promise<UsageStats> {
      return toStats(
        await db
          .select(stats)
          .from(usageEvents)
          .where(and(mine, gte(usageEvents.createdAt, since)))
          .get(),
      );
    },

    async byAgent(since: number): Promise<Map<string, UsageStats>> {
      const rows = await db
        .select({ agentId: usageEvents.agentId, ...stats })
        .from(usageEvents)
        .where(and(mine, gte(usageEvents.createdAt, since)))
        .groupBy(usageEvents.agentId);
      return new Map(rows.map((r) => [r.agentId, toStats(r)]));
    },

    async bySession(sessionIds: string[]): Promise<Map<string, UsageStats>> {
      if (!sessionIds.length) return new Map();
      const rows = await db
        .select({ sessionId: usageEvents.sessionId, ...stats })
        .from(usageEvents)
        .where(and(mine, inArray(usageEvents.sessionId, sessionIds)))
        .groupBy(usageEvents.sessionId);
      return new Map(rows.map((r) => [r.sessionId, toStats(r)]));
    },

    /** Whether the agent ever ran a turn (the dashboard's "chat with Hello World" step). */
    async anyForAgent(agentId: string): Promise<boolean> {
      return !!(await db
        .select({ id: usageEvents.id })
        .from(usageEvents)
        .where(and(mine, eq(usageEvents.agentId, agentId)))
        .limit(1)
        .get());
    },

    /** The turns of one conversation, oldest first. */
    async forSession(sessionId: string): Promise<UsageRow[]> {
      return db
        .select()
        .from(usageEvents)
        .where(and(mine, eq(usageEvents.sessionId, sessionId)))
        .orderBy(usageEvents.createdAt);
    },

    /** Failed turns, newest first (limit + 1 rows: the extra one says whether there is another page). */
    async errors(f: ErrorFilter): Promise<UsageRow[]> {
      const conds = [mine, gte(usageEvents.createdAt, f.since), isNotNull(usageEvents.errorCode), ne(usageEvents.errorCode, 'cancelled')];
      if (f.agentId) conds.push(eq(usageEvents.agentId, f.agentId));
      if (f.code) conds.push(eq(usageEvents.errorCode, f.code));
      if (f.cursor) conds.push(lt(usageEvents.id, f.cursor));
      return db
        .select()
        .from(usageEvents)
        .where(and(...conds))
        .orderBy(desc(usageEvents.id))
        .limit(f.limit + 1);
    },

    /** Error codes seen since `since`, most frequent first (for the log filter). */
    async errorCodes(since: number): Promise<{ code: string; n: number }[]> {
      const rows = await db
        .select({ code: usageEvents.errorCode, n: count() })
        .from(usageEvents)
        .where(and(mine, gte(usageEvents.createdAt, since), isNotNull(usageEvents.errorCode), ne(usageEvents.errorCode, 'cancelled')))
        .groupBy(usageEvents.errorCode)
        .orderBy(desc(count()));
      return rows.map((r) => ({ code: r.code ?? '', n: r.n }));
    },
  };
}
