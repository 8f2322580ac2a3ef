/**
 * Pre-tenant data access for single sign-on (worker/services/sso/flow.ts and link.ts): sign-ins under way (single use) and the
 * provider identities linked to users. Like accounts-store.ts, narrow functions for auth code only.
 */
import { and, asc, eq, lt } from 'drizzle-orm';
import { database } from './client';
import { newId } from './ids';
import { memberships, oidcLogins, userIdentities, users } from './schema';

type Env = { DB: D1Database };
export type PendingLogin = { stateHash: string; browserHash: string; nonce: string; codeVerifier: string; next: string; expiresAt: number };

export function ssoStore(env: Env) {
  const db = database(env);
  return {
    /** Saves a sign-in under way and drops the ones that expired (an indexed range delete, usually nothing). */
    async savePendingLogin(p: PendingLogin, now = Date.now()) {
      await db.batch([db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now)), db.insert(oidcLogins).values(p)]);
    },

    /** Takes the sign-in for this state out, once: a second call with the same state finds nothing. */
    async takePendingLogin(stateHash: string) {
      return db.delete(oidcLogins).where(eq(oidcLogins.stateHash, stateHash)).returning().get();
    },

    async userByIdentity(issuer: string, subject: string) {
      return db
        .select({ userId: userIdentities.userId, identityId: userIdentities.id })
        .from(userIdentities)
        .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)))
        .get();
    },

    async userByEmail(email: string) {
      return db.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email)).get();
    },

    /** Another identity at this issuer already linked to the user (a different subject), if any. */
    async identityAt(userId: string, issuer: string) {
      return db
        .select({ subject: userIdentities.subject })
        .from(userIdentities)
        .where(and(eq(userIdentities.userId, userId), eq(userIdentities.issuer, issuer)))
        .get();
    },

    async linkIdentity(userId: string, issuer: string, subject: string, email: string, now = Date.now()) {
      await db.insert(userIdentities).values({ id: newId('identity', now), userId, issuer, subject, email, createdAt: now, lastLoginAt: now });
    },

    async touchIdentity(identityId: string, now = Date.now()) {
      await db.update(userIdentities).set({ lastLoginAt: now }).where(eq(userIdentities.id, identityId));
    },

    /** The user's organizations, oldest membership first (the first is where a sign-in lands, as for passwords). */
    async tenantsOf(userId: string) {
      const rows = await db
        .select({ tenantId: memberships.tenantId })
        .from(memberships)
        .where(eq(memberships.userId, userId))
        .orderBy(asc(memberships.createdAt));
      return rows.map((r) => r.tenantId);
    },
  };
}

export type SsoStore = ReturnType<typeof ssoStore>;
