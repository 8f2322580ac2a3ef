// Tenant-scoped reads of the API request log (the developer portal); rows are written by the queue consumer.
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { apiRequests } from '../schema';

export type ApiRequestRow = typeof apiRequests.$inferSelect;

export function apiRequestsRepo(db: Database, tenantId: string) {
  return {
    /** The newest requests, optionally of one key. */
    async recent(limit: number, keyId?: string): Promise<ApiRequestRow[]> {
      const where = keyId ? and(eq(apiRequests.tenantId, tenantId), eq(apiRequests.keyId, keyId)) : eq(apiRequests.tenantId, tenantId);
      return db.select().from(apiRequests).where(where).orderBy(desc(apiRequests.createdAt)).limit(limit);
    },
  };
}
