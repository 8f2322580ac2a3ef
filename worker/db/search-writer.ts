/**
 * Conversation search index (migration 0018): the EVENTS consumer's writer and the 30-day trim of the hourly cron
 * (a deleted conversation's messages go through worker/db/repos/message-search.ts). search_entries holds one row per message
 * (unique per tenant and message, so a redelivered event adds nothing); its id is the message's rowid in the FTS5
 * table message_search, which lets removals go through indexed rows instead of scanning the text table.
 */
import type { SearchEvent } from '../queues/search-events';

/** Raw search text is kept as long as raw usage events. */
export const SEARCH_RETENTION_DAYS = 30;

export async function writeSearchEvents(env: { DB: D1Database }, events: SearchEvent[]): Promise<void> {
  const stmts: D1PreparedStatement[] = [];
  for (const e of events)
    for (const m of e.messages) {
      stmts.push(
        env.DB.prepare(
          'insert into search_entries (tenant_id, message_id, session_id, agent_id, created_at) values (?1, ?2, ?3, ?4, ?5) on conflict (tenant_id, message_id) do nothing',
        ).bind(e.tenant_id, m.id, e.session_id, e.agent_id, m.at),
        env.DB.prepare(
          `insert into message_search (rowid, text, tenant_id, session_id, message_id, agent_id, role, created_at)
           select d.id, ?3, d.tenant_id, d.session_id, d.message_id, d.agent_id, ?4, d.created_at from search_entries d
           where d.tenant_id = ?1 and d.message_id = ?2 and not exists (select 1 from message_search s where s.rowid = d.id)`,
        ).bind(e.tenant_id, m.id, m.text, m.role),
      );
    }
  if (stmts.length) await env.DB.batch(stmts);
}

const CHUNK = 2000;

/** Deletes search text older than SEARCH_RETENTION_DAYS (every tenant), in chunks; answers how many messages went. */
export async function trimSearchIndex(env: { DB: D1Database }, now = Date.now(), maxChunks = 20): Promise<number> {
  const bound = now - SEARCH_RETENTION_DAYS * 86_400_000;
  let total = 0;
  for (let i = 0; i < maxChunks; i++) {
    const ids = (
      await env.DB.prepare('select id from search_entries where created_at < ?1 order by created_at limit ?2').bind(bound, CHUNK).all<{ id: number }>()
    ).results;
    if (!ids.length) break;
    const list = JSON.stringify(ids.map((r) => r.id));
    await env.DB.batch([
      env.DB.prepare('delete from message_search where rowid in (select value from json_each(?1))').bind(list),
      env.DB.prepare('delete from search_entries where id in (select value from json_each(?1))').bind(list),
    ]);
    total += ids.length;
    if (ids.length < CHUNK) break;
  }
  return total;
}
