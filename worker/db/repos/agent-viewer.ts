// Per-agent visibility in SQL: which agents (and rows that belong to an agent) a tenant handle may read. Who may see
// what is decided in services/agent-access.ts (`agentViewerOf`, `maySeeAgent`); this file only applies it.
import { type SQL, and, eq, ne, notInArray, or, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../client';
import { agents } from '../schema';

/**
 * Whose view of the agents a handle has: every agent (admins, owners, and the platform acting on the owner's
 * configuration: widget, share links, queue consumers), or one person's (private agents of others are hidden).
 */
export type AgentViewer = { all: true } | { all: false; userId: string | null };
export const EVERY_AGENT: AgentViewer = { all: true };

/** The condition on `agents` rows the viewer may see: not private, or made by the viewer. Undefined: no condition. */
export function visibleAgent(v: AgentViewer): SQL | undefined {
  if (v.all) return undefined;
  return v.userId ? or(ne(agents.visibility, 'private'), eq(agents.createdBy, v.userId)) : ne(agents.visibility, 'private');
}

/** The condition that `agentId` (a column of another table) names no agent hidden from the viewer. */
export function notHiddenAgent(db: Database, tenantId: string, v: AgentViewer, agentId: SQLiteColumn): SQL | undefined {
  if (v.all) return undefined;
  const hidden = db
    .select({ id: agents.id })
    .from(agents)
    .where(
      and(
        eq(agents.tenantId, tenantId),
        eq(agents.visibility, 'private'),
        v.userId ? sql`(${agents.createdBy} is null or ${agents.createdBy} != ${v.userId})` : undefined,
      ),
    );
  return notInArray(agentId, hidden);
}
