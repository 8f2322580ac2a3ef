// Audit log retention: the hourly cron deletes entries older than AUDIT_RETENTION_DAYS, oldest first, in chunks
// (by id range on the primary key: ids start with their creation time).
import { idFloor } from './ids';
import { AUDIT_RETENTION_DAYS } from './repos/audit-log';

const CHUNK = 5000;

/** Deletes up to `maxChunks` chunks of expired entries; answers how many rows went. */
export async function trimAuditLog(env: { DB: D1Database }, now = Date.now(), maxChunks = 20): Promise<number> {
  const bound = idFloor('audit', now - AUDIT_RETENTION_DAYS * 86_400_000);
  let total = 0;
  for (let i = 0; i < maxChunks; i++) {
    const r = await env.DB.prepare('delete from audit_log where id in (select id from audit_log where id < ?1 order by id limit ?2)').bind(bound, CHUNK).run();
    const n = r.meta.changes ?? 0;
    total += n;
    if (n < CHUNK) break;
  }
  return total;
}
