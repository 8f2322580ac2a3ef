// The tenant's own record and its members, read through the tenant-scoped handle.
import { and, asc, count, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { authSessions, memberships, tenants, users } from '../schema';

export type TenantRow = typeof tenants.$inferSelect;

export function tenantRepo(db: Database, tenantId: string) {
  return {
    async get() {
      return db.select().from(tenants).where(eq(tenants.id, tenantId)).get();
    },
    /** Renames the organization (the slug stays: links and API callers keep working). */
    async rename(name: string) {
      const rows = await db.update(tenants).set({ name, updatedAt: Date.now() }).where(eq(tenants.id, tenantId)).returning();
      return rows[0];
    },
    async members() {
      return db
        .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.tenantId, tenantId))
        .orderBy(asc(memberships.createdAt));
    },
    /** How many times the member signed in to this organization (sign-up included), revoked sessions too. */
    async signIns(userId: string) {
      const row = await db
        .select({ n: count() })
        .from(authSessions)
        .where(and(eq(authSessions.tenantId, tenantId), eq(authSessions.userId, userId)))
        .get();
      return row?.n ?? 0;
    },
    async user(userId: string) {
      return db
        .select({ id: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: users.createdAt })
        .from(users)
        .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.tenantId, tenantId)))
        .where(eq(users.id, userId))
        .get();
    },
  };
}
