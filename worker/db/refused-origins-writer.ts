/**
 * The EVENTS consumer's writer for refused embed origins: one row per key and origin (count and last time), and
 * at most KEEP_PER_KEY rows per key, so a client sending made-up Origin headers cannot grow the table.
 */
import type { RefusedOriginEvent } from '../queues/refused-origin-events';

export const KEEP_PER_KEY = 20;

// Only for a key of that tenant: the event comes from our own guard, and the check keeps a key deleted in between
// from failing the whole batch on its foreign key.
const UPSERT = `insert into embed_refused_origins (tenant_id, embed_key_id, origin, count, first_seen_at, last_seen_at)
  select ?1, ?2, ?3, 1, ?4, ?4 where exists (select 1 from embed_keys where id = ?2 and tenant_id = ?1)
  on conflict (tenant_id, embed_key_id, origin) do update set count = count + 1, last_seen_at = max(last_seen_at, excluded.last_seen_at)`;

const TRIM = `delete from embed_refused_origins where tenant_id = ?1 and embed_key_id = ?2 and origin not in
  (select origin from embed_refused_origins where tenant_id = ?1 and embed_key_id = ?2 order by last_seen_at desc limit ?3)`;

export async function writeRefusedOrigins(env: { DB: D1Database }, events: RefusedOriginEvent[]): Promise<void> {
  if (!events.length) return;
  const stmts = events.map((e) => env.DB.prepare(UPSERT).bind(e.tenant_id, e.key_id, e.origin, e.at));
  for (const e of new Map(events.map((e) => [`${e.tenant_id} ${e.key_id}`, e])).values()) {
    stmts.push(env.DB.prepare(TRIM).bind(e.tenant_id, e.key_id, KEEP_PER_KEY));
  }
  await env.DB.batch(stmts);
}
