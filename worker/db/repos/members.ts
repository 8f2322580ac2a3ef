// Tenant-scoped membership changes: the member list, role changes and removals, each guarded so the organization
// always keeps an owner (the guard is inside the one SQL statement, so two concurrent changes cannot both pass).
import { and, asc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { apiKeys, authSessions, memberships, users } from '../schema';

/** A member's role (the column's own type: importing env.ts here would make an import cycle). */
type Role = (typeof memberships.$inferSelect)['role'];

export type MemberRow = { userId: string; email: string; name: string | null; role: Role; createdAt: number };

export function membersRepo(db: Database, tenantId: string) {
  const owners = sql`(select count(*) from ${memberships} m2 where m2.tenant_id = ${tenantId} and m2.role = 'owner')`;
  const noLongerMember = (userId: string) =>
    sql`not exists (select 1 from ${memberships} where ${memberships.tenantId} = ${tenantId} and ${memberships.userId} = ${userId})`;
  const fields = { userId: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt };

  return {
    async list(): Promise<MemberRow[]> {
      return db
        .select(fields)
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.tenantId, tenantId))
        .orderBy(asc(memberships.createdAt), asc(memberships.id));
    },

    async get(userId: string): Promise<MemberRow | undefined> {
      return db
        .select(fields)
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
        .get();
    },

    /** Sets the role unless that would leave no owner; false when refused for that reason. */
    async setRole(userId: string, role: Role): Promise<boolean> {
      const row = await db
        .update(memberships)
        .set({ role })
        .where(
          and(
            eq(memberships.tenantId, tenantId),
            eq(memberships.userId, userId),
            or(ne(memberships.role, 'owner'), sql`${role} = 'owner'`, sql`${owners} > 1`),
          ),
        )
        .returning({ id: memberships.id })
        .get();
      return !!row;
    },

    /**
     * Removes the membership unless it is the last owner's; then, in the same batch, revokes the person's browser
     * sessions in this organization and their API keys in it (a later re-invitation must not bring old keys back).
     * `keep`: a session left alone (the person leaving, who may switch it to another organization).
     * Returns the revoked session and key ids, or null when refused (last owner).
     */
    async remove(userId: string, keep: string | null = null, now = Date.now()) {
      const [deleted, sessions, keys] = await db.batch([
        db
          .delete(memberships)
          .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId), or(ne(memberships.role, 'owner'), sql`${owners} > 1`)))
          .returning({ id: memberships.id }),
        db
          .update(authSessions)
          .set({ revokedAt: now })
          .where(
            and(
              eq(authSessions.tenantId, tenantId),
              eq(authSessions.userId, userId),
              isNull(authSessions.revokedAt),
              ne(authSessions.id, keep ?? ''),
              noLongerMember(userId),
            ),
          )
          .returning({ id: authSessions.id }),
        db
          .update(apiKeys)
          .set({ revokedAt: now })
          .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt), noLongerMember(userId)))
          .returning({ id: apiKeys.id }),
      ]);
      if (!deleted.length) return null;
      return { sessionIds: sessions.map((s) => s.id), keyIds: keys.map((k) => k.id) };
    },
  };
}
