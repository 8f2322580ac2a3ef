// Tenant-scoped invitations: create, list the open ones, revoke, and renew (a new token; the old link stops working).
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import { invitations, memberships } from '../schema';

/** A member's role (the column's own type: importing env.ts here would make an import cycle). */
type Role = (typeof memberships.$inferSelect)['role'];

export type InvitationRow = typeof invitations.$inferSelect;

export function invitationsRepo(db: Database, tenantId: string) {
  const open = and(eq(invitations.tenantId, tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

  return {
    async create(v: { email: string; role: Role; tokenHash: string; expiresAt: number; invitedBy: string | null }, now = Date.now()) {
      return db
        .insert(invitations)
        .values({ id: newId('invitation', now), tenantId, ...v, createdAt: now })
        .returning()
        .get();
    },

    /** Invitations not yet accepted nor revoked (expired ones too, so they can be resent), newest first. */
    async open(): Promise<InvitationRow[]> {
      return db.select().from(invitations).where(open).orderBy(desc(invitations.createdAt));
    },

    /** A still usable invitation for this email, if any. */
    async pendingFor(email: string, now = Date.now()) {
      return db
        .select()
        .from(invitations)
        .where(and(open, eq(invitations.email, email), gt(invitations.expiresAt, now)))
        .get();
    },

    async get(id: string) {
      return db
        .select()
        .from(invitations)
        .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, id)))
        .get();
    },

    /** Revokes an open invitation; undefined when it is not open (accepted, revoked or unknown). */
    async revoke(id: string, now = Date.now()) {
      return db
        .update(invitations)
        .set({ revokedAt: now })
        .where(and(open, eq(invitations.id, id)))
        .returning()
        .get();
    },

    /** Gives an open invitation a new token and expiry: the previous link stops working at once. */
    async renew(id: string, tokenHash: string, expiresAt: number) {
      return db
        .update(invitations)
        .set({ tokenHash, expiresAt })
        .where(and(open, eq(invitations.id, id)))
        .returning()
        .get();
    },
  };
}
