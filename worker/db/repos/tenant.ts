// The tenant's own record and its members, read through the tenant-scoped handle.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { memberships, tenants, users } from '../schema';

export type TenantRow = typeof tenants.$inferSelect;

export function tenantRepo(db: Database, tenantId: string) {
  return {
    async get() {
      return db.select().from(tenants).where(eq(tenants.id, tenantId)).get();
    },
    async members() {
      return db
        .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.tenantId, tenantId))
        .orderBy(asc(memberships.createdAt));
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
