// The EVENTS consumer's writer for audit events: one row each, the event's own id-time kept as created_at.
import type { AuditEvent } from '../queues/audit-events';
import { newId } from './ids';

const INSERT = `insert into audit_log (id, tenant_id, actor_type, actor_id, action, target_type, target_id, data, ip, created_at)
  select ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 where exists (select 1 from tenants where id = ?2)`;

export async function writeAuditEvents(env: { DB: D1Database }, events: AuditEvent[]): Promise<void> {
  if (!events.length) return;
  await env.DB.batch(
    events.map((e) =>
      env.DB.prepare(INSERT).bind(
        newId('audit', e.at),
        e.tenant_id,
        e.actor.type,
        e.actor.id,
        e.action,
        e.resource.type,
        e.resource.id,
        e.changes ? JSON.stringify({ changes: e.changes }) : null,
        e.ip,
        e.at,
      ),
    ),
  );
}
