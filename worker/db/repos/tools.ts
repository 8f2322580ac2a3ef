// Tenant-scoped tool definitions (built-in tools are code, not rows).
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { tools } from '../schema';

export type ToolRow = typeof tools.$inferSelect;

export function toolsRepo(db: Database, tenantId: string) {
  return {
    async get(id: string) {
      return db.select().from(tools).where(and(eq(tools.tenantId, tenantId), eq(tools.id, id))).get();
    },
    async byIds(ids: string[]) {
      if (!ids.length) return [];
      return db.select().from(tools).where(and(eq(tools.tenantId, tenantId), inArray(tools.id, ids)));
    },
    async existing(ids: string[]) {
      if (!ids.length) return new Set<string>();
      const rows = await db.select({ id: tools.id }).from(tools).where(and(eq(tools.tenantId, tenantId), inArray(tools.id, ids)));
      return new Set(rows.map((r) => r.id));
    },
  };
}
