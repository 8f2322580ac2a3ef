/**
 * Pre-auth data access for password resets (services/password-reset.ts): reset tokens, and setting a new password
 * with every session of the user revoked. A user is global (possibly in several organizations), so these are
 * narrow functions outside the tenant-scoped handle, like accounts-store.ts.
 */
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { database } from './client';
import { newId } from './ids';
import { authSessions, memberships, passwordResets, users } from './schema';

type Env = { DB: D1Database };

export function passwordResetsStore(env: Env) {
  const db = database(env);

  return {
    /** How many organizations the user belongs to. */
    async membershipCount(userId: string) {
      const row = await db.select({ n: count() }).from(memberships).where(eq(memberships.userId, userId)).get();
      return row?.n ?? 0;
    },

    /** Stores a new token (its hash) and retires the user's earlier unused ones: only the newest link works. */
    /** `createdBy`: the admin who made the link, or null when the user asked for it. */
    async create(r: { tenantId: string; userId: string; tokenHash: string; expiresAt: number; createdBy: string | null }, now = Date.now()) {
      const id = newId('passwordReset', now);
      await db.batch([
        db
          .update(passwordResets)
          .set({ usedAt: now })
          .where(and(eq(passwordResets.userId, r.userId), isNull(passwordResets.usedAt))),
        db.insert(passwordResets).values({
          id,
          tenantId: r.tenantId,
          userId: r.userId,
          tokenHash: r.tokenHash,
          expiresAt: r.expiresAt,
          createdBy: r.createdBy,
          createdAt: now,
        }),
      ]);
      return id;
    },

    /**
     * Uses the token once: the conditional update is what makes it single-use, even for two requests at once.
     * Then sets the password and revokes every live session of the user. Returns the revoked session ids, or null
     * when the token is unknown, used or expired.
     */
    async consume(tokenHash: string, passwordHash: string, now = Date.now()) {
      const used = await db
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
        .returning({ userId: passwordResets.userId, tenantId: passwordResets.tenantId })
        .get();
      if (!used) return null;
      const [, revoked] = await db.batch([
        db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, used.userId)),
        db
          .update(authSessions)
          .set({ revokedAt: now })
          .where(and(eq(authSessions.userId, used.userId), isNull(authSessions.revokedAt)))
          .returning({ id: authSessions.id }),
      ]);
      return { userId: used.userId, tenantId: used.tenantId, revokedSessionIds: revoked.map((r) => r.id) };
    },
  };
}

export type PasswordResetsStore = ReturnType<typeof passwordResetsStore>;
