/**
 * A person's organizations across tenants (services/memberships.ts): their memberships, switching a browser
 * session to another one, and creating a new organization. Not tenant-scoped by nature (the user spans tenants), so
 * narrow functions keyed by the user, like accounts-store.ts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { database } from './client';
import { newId } from './ids';
import { agentsRepo, type AgentConfig } from './repos/agents';
import { authSessions, memberships, tenants } from './schema';

type Env = { DB: D1Database };

export function organizationsStore(env: Env) {
  const db = database(env);

  return {
    /** Every organization the user belongs to, oldest membership first. */
    async membershipsOf(userId: string) {
      return db
        .select({ tenantId: tenants.id, name: tenants.name, role: memberships.role })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(eq(memberships.userId, userId))
        .orderBy(asc(memberships.createdAt), asc(memberships.id));
    },

    async membership(userId: string, tenantId: string) {
      return db
        .select({ tenantId: tenants.id, name: tenants.name, role: memberships.role })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId)))
        .get();
    },

    /** Moves a browser session to another organization (the caller checked the membership). */
    async switchSession(sessionId: string, userId: string, tenantId: string) {
      await db
        .update(authSessions)
        .set({ tenantId })
        .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId)));
    },

    async tenantSlugsLike(base: string) {
      const rows = await db
        .select({ slug: tenants.slug })
        .from(tenants)
        .where(sql`${tenants.slug} like ${base + '%'}`);
      return new Set(rows.map((r) => r.slug));
    },

    /** A new organization owned by `userId`, with the starter agent, in one batch. */
    async create(a: { name: string; slug: string; userId: string; ip: string | null; starterAgent: { config: AgentConfig; slug: string } }) {
      const now = Date.now();
      const tenantId = newId('tenant', now);
      const actor = { type: 'user' as const, id: a.userId, ip: a.ip };
      const agent = agentsRepo(db, tenantId).createStatements(a.starterAgent.config, a.starterAgent.slug, actor, now);
      const stmts: BatchItem<'sqlite'>[] = [
        db.insert(tenants).values({ id: tenantId, name: a.name, slug: a.slug, createdAt: now, updatedAt: now }),
        db.insert(memberships).values({ id: newId('membership', now), tenantId, userId: a.userId, role: 'owner', createdAt: now }),
        ...agent.stmts,
      ];
      await db.batch(stmts as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
      return tenantId;
    },
  };
}
