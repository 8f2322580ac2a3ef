// Tenant-scoped API key storage (hashes only; the key itself is shown once and never stored).
import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import type { PageParams } from '../page';
import { apiKeys } from '../schema';
import { type Actor, auditInsert } from './audit';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export function apiKeysRepo(db: Database, tenantId: string) {
  return {
    async create(v: { name: string; prefix: string; keyHash: string; scopes: string[]; expiresAt: number | null }, actor: Actor) {
      const now = Date.now();
      const id = newId('apiKey', now);
      const [rows] = await db.batch([
        db.insert(apiKeys).values({ id, tenantId, ...v, createdBy: actor.type === 'user' ? actor.id : null, createdAt: now }).returning(),
        auditInsert(db, tenantId, actor, { action: 'api_key.create', targetType: 'api_key', targetId: id, data: { name: v.name, scopes: v.scopes } }, now),
      ]);
      return rows[0]!;
    },

    async list(page: PageParams) {
      const conds = [eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)];
      if (page.cursor) conds.push(lt(apiKeys.id, page.cursor));
      return db.select().from(apiKeys).where(and(...conds)).orderBy(desc(apiKeys.id)).limit(page.limit + 1);
    },

    async countActive() {
      const row = await db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt))).get();
      return row?.n ?? 0;
    },

    /** Revokes an active key; false when there is none with that id in this tenant. */
    async revoke(id: string, actor: Actor) {
      const now = Date.now();
      const [rows] = await db.batch([
        db
          .update(apiKeys)
          .set({ revokedAt: now })
          .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
          .returning({ id: apiKeys.id }),
        auditInsert(db, tenantId, actor, { action: 'api_key.revoke', targetType: 'api_key', targetId: id }, now),
      ]);
      return rows.length > 0;
    },
  };
}
