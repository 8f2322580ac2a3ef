// Raw analytics retention: the hourly cron deletes usage_events and tool_call_events older than RAW_RETENTION_DAYS,
// oldest first, in bounded chunks (by id range on the primary key: ids start with their creation time). Rollups stay.
import { type IdKind, idFloor } from './ids';

export const RAW_RETENTION_DAYS = 30;
const CHUNK = 5000;

/**
 * Raw tables trimmed after RAW_RETENTION_DAYS: table and id kind. Other raw analytics tables (e.g. search text) add
 * their entry here, or call `trimTable` beside this.
 */
export const RAW_TABLES: { table: string; kind: IdKind }[] = [
  { table: 'usage_events', kind: 'usage' },
  { table: 'tool_call_events', kind: 'toolCall' },
];

/** Deletes up to `maxChunks` chunks of `table` rows whose id is below `bound`; answers how many rows went. */
export async function trimTable(env: { DB: D1Database }, table: string, bound: string, maxChunks = 20): Promise<number> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
  let total = 0;
  for (let i = 0; i < maxChunks; i++) {
    const r = await env.DB.prepare(`delete from ${table} where id in (select id from ${table} where id < ?1 order by id limit ?2)`).bind(bound, CHUNK).run();
    const n = r.meta.changes ?? 0;
    total += n;
    if (n < CHUNK) break;
  }
  return total;
}

/** Trims every raw analytics table; answers the rows deleted per table. */
export async function trimRawAnalytics(env: { DB: D1Database }, now = Date.now(), maxChunks = 20): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { table, kind } of RAW_TABLES) out[table] = await trimTable(env, table, idFloor(kind, now - RAW_RETENTION_DAYS * 86_400_000), maxChunks);
  return out;
}
