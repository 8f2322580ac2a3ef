/**
 * Pre-tenant data access: sign-up, credential lookups and rate-limit counters. These run before a tenant is
 * known (or to find it), so they are narrow functions, never a general handle; only auth code uses them.
 */
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { database } from './client';
import { newId } from './ids';
import { agentsRepo, type AgentConfig } from './repos/agents';
import { apiKeys, authSessions, memberships, rateLimits, tenants, users } from './schema';

type Env = { DB: D1Database };
export type NewSession = { tokenHash: string; expiresAt: number; ip: string | null; userAgent: string | null };

export function accountsStore(env: Env) {
  const db = database(env);

  const sessionInsert = (tenantId: string, userId: string, s: NewSession, now: number) => {
    const id = newId('authSession', now);
    return { id, stmt: db.insert(authSessions).values({ id, tenantId, userId, ...s, lastSeenAt: now, createdAt: now }) };
  };

  return {
    async emailTaken(email: string) {
      return !!(await db.select({ id: users.id }).from(users).where(eq(users.email, email)).get());
    },

    async tenantSlugsLike(base: string) {
      const rows = await db
        .select({ slug: tenants.slug })
        .from(tenants)
        .where(sql`${tenants.slug} like ${base + '%'}`);
      return new Set(rows.map((r) => r.slug));
    },

    /** Tenant, owner, membership, the starter agent and the first session, all in one atomic batch. */
    async createAccount(a: {
      organization: string;
      tenantSlug: string;
      email: string;
      name: string | null;
      passwordHash: string;
      starterAgent: { config: AgentConfig; slug: string };
      session: NewSession;
    }) {
      const now = Date.now();
      const tenantId = newId('tenant', now);
      const userId = newId('user', now);
      const agent = agentsRepo(db, tenantId).createStatements(a.starterAgent.config, a.starterAgent.slug, { id: userId }, now);
      const session = sessionInsert(tenantId, userId, a.session, now);
      const stmts: BatchItem<'sqlite'>[] = [
        db.insert(tenants).values({ id: tenantId, name: a.organization, slug: a.tenantSlug, createdAt: now, updatedAt: now }),
        db.insert(users).values({ id: userId, email: a.email, name: a.name, passwordHash: a.passwordHash, createdAt: now, updatedAt: now }),
        db.insert(memberships).values({ id: newId('membership', now), tenantId, userId, role: 'owner', createdAt: now }),
        ...agent.stmts,
        session.stmt,
      ];
      await db.batch(stmts as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
      return { tenantId, userId, sessionId: session.id, agentId: agent.id };
    },

    /** The user and their oldest membership (the tenant they land in after login). */
    async loginCandidate(email: string) {
      return db
        .select({ userId: users.id, passwordHash: users.passwordHash, tenantId: memberships.tenantId })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .where(eq(users.email, email))
        .orderBy(asc(memberships.createdAt))
        .get();
    },

    /** Every organization the user belongs to (a failed sign-in is recorded in each). */
    async tenantsOf(userId: string) {
      const rows = await db.select({ tenantId: memberships.tenantId }).from(memberships).where(eq(memberships.userId, userId));
      return rows.map((r) => r.tenantId);
    },

    async createSession(tenantId: string, userId: string, s: NewSession) {
      const now = Date.now();
      const { id, stmt } = sessionInsert(tenantId, userId, s, now);
      await stmt;
      return id;
    },

    /** A live session (not revoked, not expired) with the member's current role. */
    async sessionByTokenHash(tokenHash: string, now = Date.now()) {
      return db
        .select({
          id: authSessions.id,
          tenantId: authSessions.tenantId,
          userId: authSessions.userId,
          lastSeenAt: authSessions.lastSeenAt,
          expiresAt: authSessions.expiresAt,
          role: memberships.role,
        })
        .from(authSessions)
        .innerJoin(memberships, and(eq(memberships.tenantId, authSessions.tenantId), eq(memberships.userId, authSessions.userId)))
        .where(and(eq(authSessions.tokenHash, tokenHash), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, now)))
        .get();
    },

    async touchSession(id: string, now = Date.now()) {
      await db.update(authSessions).set({ lastSeenAt: now }).where(eq(authSessions.id, id));
    },

    async revokeSession(id: string) {
      await db.update(authSessions).set({ revokedAt: Date.now() }).where(eq(authSessions.id, id));
    },

    /** A live key whose creator is still a member; the key acts with that member's role, narrowed by its scopes. */
    async apiKeyByHash(keyHash: string, now = Date.now()) {
      const row = await db
        .select({
          id: apiKeys.id,
          tenantId: apiKeys.tenantId,
          scopes: apiKeys.scopes,
          expiresAt: apiKeys.expiresAt,
          createdBy: apiKeys.createdBy,
          lastUsedAt: apiKeys.lastUsedAt,
          role: memberships.role,
        })
        .from(apiKeys)
        .innerJoin(memberships, and(eq(memberships.tenantId, apiKeys.tenantId), eq(memberships.userId, apiKeys.createdBy)))
        .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
        .get();
      if (!row || (row.expiresAt !== null && row.expiresAt <= now)) return undefined;
      return row;
    },

    async touchApiKey(id: string, now = Date.now()) {
      await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id));
    },

    /** How many hits each key's fixed window containing `now` has seen so far, in one query (nothing is counted). */
    async peek(keys: string[], windowMs: number, now = Date.now()) {
      const windowStart = now - (now % windowMs);
      const rows = await db.select().from(rateLimits).where(inArray(rateLimits.key, keys));
      return keys.map((key) => {
        const row = rows.find((r) => r.key === key);
        return { count: row && row.windowStart >= windowStart ? row.count : 0, resetAt: windowStart + windowMs };
      });
    },

    /** Fixed-window counter: one upsert, answers how many hits this window has seen (this one included). */
    async hit(key: string, windowMs: number, now = Date.now()) {
      const windowStart = now - (now % windowMs);
      const row = await db
        .insert(rateLimits)
        .values({ key, windowStart, count: 1 })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: {
            count: sql`case when ${rateLimits.windowStart} < ${windowStart} then 1 else ${rateLimits.count} + 1 end`,
            windowStart: sql`max(${rateLimits.windowStart}, ${windowStart})`,
          },
        })
        .returning()
        .get();
      return { count: row.count, resetAt: row.windowStart + windowMs };
    },
  };
}

export type AccountsStore = ReturnType<typeof accountsStore>;
