// Tenant-scoped index of conversations (the messages live in each session's Durable Object).
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../client';
import type { PageParams } from '../page';
import { chatSessions } from '../schema';
import { type Actor, auditInsert } from './audit';

export type ChatSessionRow = typeof chatSessions.$inferSelect;

export function chatSessionsRepo(db: Database, tenantId: string) {
  const own = (id: string) => and(eq(chatSessions.tenantId, tenantId), eq(chatSessions.id, id));
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
    async list(page: PageParams, agentId?: string) {
      const conds = [eq(chatSessions.tenantId, tenantId)];
      if (agentId) conds.push(eq(chatSessions.agentId, agentId));
      if (page.cursor) conds.push(lt(chatSessions.id, page.cursor));
      return db.select().from(chatSessions).where(and(...conds)).orderBy(desc(chatSessions.id)).limit(page.limit + 1);
    },
    async remove(id: string, actor: Actor) {
      const [deleted] = await db.batch([
        db.delete(chatSessions).where(own(id)).returning({ id: chatSessions.id }),
        auditInsert(db, tenantId, actor, { action: 'session.delete', targetType: 'session', targetId: id }),
      ]);
      return deleted.length > 0;
    },
  };
}
