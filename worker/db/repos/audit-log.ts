// Tenant-scoped reading of the audit log (the EVENTS consumer writes it): filtered pages, newest first, every query
// on an index that leads with tenant_id (migrations/0011_audit_log_filters.sql), plus the actors' names.
import { and, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { idFloor } from '../ids';
import { apiKeys, auditLog, users } from '../schema';

export type AuditRow = typeof auditLog.$inferSelect;

/** `actionPrefix` ends with "." (e.g. "agent."); `since`/`until` are epoch ms (until exclusive). */
export type AuditFilter = { actorId?: string; action?: string; actionPrefix?: string; resourceType?: string; since?: number; until?: number };

/** Retention: entries older than this are trimmed by the hourly cron (worker/db/audit-retention.ts). */
export const AUDIT_RETENTION_DAYS = 365;

export function auditLogRepo(db: Database, tenantId: string) {
  return {
    /** The page query (limit + 1 rows) as a builder, so a test can ask SQLite for its plan. */
    query(filter: AuditFilter, page: { limit: number; cursor: string | null }) {
      const conds: SQL[] = [eq(auditLog.tenantId, tenantId)];
      if (filter.actorId) conds.push(eq(auditLog.actorId, filter.actorId));
      if (filter.action) conds.push(eq(auditLog.action, filter.action));
      // A prefix as a range: "agent." ≤ action < "agent/" ("/" follows "." in ASCII), so the index serves it.
      if (filter.actionPrefix) conds.push(gte(auditLog.action, filter.actionPrefix), lt(auditLog.action, filter.actionPrefix.slice(0, -1) + '/'));
      if (filter.resourceType) conds.push(eq(auditLog.targetType, filter.resourceType));
      // Ids start with their creation time, so a date range is an id range on the same index.
      if (filter.since !== undefined) conds.push(gte(auditLog.id, idFloor('audit', filter.since)));
      if (filter.until !== undefined) conds.push(lt(auditLog.id, idFloor('audit', filter.until)));
      if (page.cursor) conds.push(lt(auditLog.id, page.cursor));
      return db
        .select()
        .from(auditLog)
        .where(and(...conds))
        .orderBy(desc(auditLog.id))
        .limit(page.limit + 1);
    },

    async list(filter: AuditFilter, page: { limit: number; cursor: string | null }) {
      return this.query(filter, page);
    },

    /** Display names of the actors: users (name or email) and this tenant's API keys (revoked ones too). */
    async actorNames(userIds: string[], keyIds: string[]) {
      const out = new Map<string, string>();
      if (userIds.length) {
        const rows = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, userIds));
        for (const r of rows) out.set(r.id, r.name || r.email);
      }
      if (keyIds.length) {
        const rows = await db
          .select({ id: apiKeys.id, name: apiKeys.name })
          .from(apiKeys)
          .where(and(eq(apiKeys.tenantId, tenantId), inArray(apiKeys.id, keyIds)));
        for (const r of rows) out.set(r.id, r.name);
      }
      return out;
    },
  };
}
