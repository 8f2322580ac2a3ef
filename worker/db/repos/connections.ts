// Tenant-scoped connection metadata (secrets live encrypted in KV, see worker/crypto).
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { connections } from '../schema';

export type ConnectionRow = typeof connections.$inferSelect;

export function connectionsRepo(db: Database, tenantId: string) {
  return {
    async get(id: string) {
      return db.select().from(connections).where(and(eq(connections.tenantId, tenantId), eq(connections.id, id))).get();
    },
    async existing(ids: string[]) {
      if (!ids.length) return new Set<string>();
      const rows = await db
        .select({ id: connections.id })
        .from(connections)
        .where(and(eq(connections.tenantId, tenantId), inArray(connections.id, ids)));
      return new Set(rows.map((r) => r.id));
    },
  };
}
