/**
 * Pre-tenant data access for accepting an invitation (services/invitations.ts): the link's token names the
 * organization, so these run before (or outside) the caller's tenant. Narrow functions, like accounts-store.ts.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Role } from '../env';
import { database } from './client';
import { newId } from './ids';
import type { NewSession } from './accounts-store';
import { authSessions, invitations, memberships, tenants, users } from './schema';

type Env = { DB: D1Database };

export function invitationsStore(env: Env) {
  const db = database(env);

  return {
    /** The invitation a link's token names (whatever its state), with its organization's name. */
    async byTokenHash(tokenHash: string) {
      return db
        .select({ invitation: invitations, tenantName: tenants.name })
        .from(invitations)
        .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
        .where(eq(invitations.tokenHash, tokenHash))
        .get();
    },

    async userByEmail(email: string) {
      return db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, email)).get();
    },

    async isMember(tenantId: string, userId: string) {
      return !!(await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
        .get());
    },

    /** Uses the invitation once: the conditional update makes it single use, even for two requests at once. */
    async consume(id: string, tokenHash: string, now = Date.now()) {
      return db
        .update(invitations)
        .set({ acceptedAt: now })
        .where(
          and(
            eq(invitations.id, id),
            eq(invitations.tokenHash, tokenHash),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, now),
          ),
        )
        .returning({ id: invitations.id })
        .get();
    },

    /** An existing user joins: the membership, and who accepted. */
    async join(invitationId: string, tenantId: string, userId: string, role: Role, now = Date.now()) {
      await db.batch([
        db.insert(memberships).values({ id: newId('membership', now), tenantId, userId, role, createdAt: now }),
        db.update(invitations).set({ acceptedBy: userId }).where(eq(invitations.id, invitationId)),
      ]);
    },

    /** A new person joins: their user, the membership and their first session, in one batch. */
    async joinAsNewUser(
      a: { invitationId: string; tenantId: string; role: Role; email: string; name: string; passwordHash: string; session: NewSession },
      now = Date.now(),
    ) {
      const userId = newId('user', now);
      const sessionId = newId('authSession', now);
      await db.batch([
        db.insert(users).values({ id: userId, email: a.email, name: a.name, passwordHash: a.passwordHash, createdAt: now, updatedAt: now }),
        db.insert(memberships).values({ id: newId('membership', now), tenantId: a.tenantId, userId, role: a.role, createdAt: now }),
        db.update(invitations).set({ acceptedBy: userId }).where(eq(invitations.id, a.invitationId)),
        db.insert(authSessions).values({ id: sessionId, tenantId: a.tenantId, userId, ...a.session, lastSeenAt: now, createdAt: now }),
      ]);
      return { userId, sessionId };
    },
  };
}
