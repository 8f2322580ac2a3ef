// Audit log: who changed what in a tenant, written by the EVENTS consumer (worker/db/audit-writer.ts). Ids are
// time-sortable: (tenant_id, id) orders by time; the other indexes serve the filters of GET /api/v1/audit-log.
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, tenantId } from './columns';

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    tenantId: tenantId(),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    data: json<Record<string, unknown>>('data'),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_tenant_idx').on(t.tenantId, t.id),
    index('audit_log_target_idx').on(t.tenantId, t.targetId),
    index('audit_log_tenant_actor_idx').on(t.tenantId, t.actorId, t.id),
    index('audit_log_tenant_action_idx').on(t.tenantId, t.action, t.id),
    index('audit_log_tenant_type_idx').on(t.tenantId, t.targetType, t.id),
  ],
);
