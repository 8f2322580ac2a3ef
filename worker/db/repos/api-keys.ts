// Tenant-scoped API key storage (hashes only; the key itself is shown once and never stored).
import { type SQL, and, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import type { PageParams } from '../page';
import { apiKeys, memberships } from '../schema';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/**
 * Which keys a caller may see and manage: keys whose scopes are all in `scopes` (null: any scopes, `*` included)
 * and whose creator's role is not in `higherRoles`. Undefined: every key (a signed-in person).
 */
export type KeyBounds = { scopes: string[] | null; higherRoles: string[] };

function within(b: KeyBounds | undefined): SQL[] {
  if (!b) return [];
  const conds: SQL[] = [];
  if (b.scopes) {
    const allowed = b.scopes.length
      ? sql.join(
          b.scopes.map((s) => sql`${s}`),
          sql`, `,
        )
      : sql`null`;
    conds.push(sql`not exists (select 1 from json_each(${apiKeys.scopes}) where json_each.value not in (${allowed}))`);
  }
  if (b.higherRoles.length) {
    const roles = sql.join(
      b.higherRoles.map((r) => sql`${r}`),
      sql`, `,
    );
    conds.push(
      sql`not exists (select 1 from ${memberships} where ${memberships.tenantId} = ${apiKeys.tenantId} and ${memberships.userId} = ${apiKeys.createdBy} and ${memberships.role} in (${roles}))`,
    );
  }
  return conds;
}

export function apiKeysRepo(db: Database, tenantId: string) {
  return {
    /** `createdBy`: the user the key acts as (its role is theirs); for a key made with a key, that key's user. */
    async create(v: { name: string; prefix: string; keyHash: string; scopes: string[]; expiresAt: number | null; createdBy: string }) {
      const now = Date.now();
      const id = newId('apiKey', now);
      const rows = await db
        .insert(apiKeys)
        .values({ id, tenantId, ...v, createdAt: now })
        .returning();
      return rows[0]!;
    },

    /** Every active key of the tenant, newest first (the settings and developer pages). */
    async active() {
      return db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
        .orderBy(desc(apiKeys.id));
    },

    async list(page: PageParams, bounds?: KeyBounds) {
      const conds = [eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt), ...within(bounds)];
      if (page.cursor) conds.push(lt(apiKeys.id, page.cursor));
      return db
        .select()
        .from(apiKeys)
        .where(and(...conds))
        .orderBy(desc(apiKeys.id))
        .limit(page.limit + 1);
    },

    async countActive() {
      const row = await db
        .select({ n: count() })
        .from(apiKeys)
        .where(and(eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
        .get();
      return row?.n ?? 0;
    },

    /** Revokes an active key: answers it (for the audit log), or undefined when there is none with that id here. */
    async revoke(id: string, bounds?: KeyBounds) {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: Date.now() })
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt), ...within(bounds)))
        .returning({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes });
      return rows[0];
    },
  };
}
