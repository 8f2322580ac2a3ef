/**
 * Conversation search index (migration 0018): the EVENTS consumer's writer and the 30-day trim of the hourly cron
 * (a deleted conversation's messages go through worker/db/repos/message-search.ts). search_entries holds one row per message
 * (unique per tenant and message, so a redelivered event adds nothing); its id is the message's rowid in the FTS5
 * table message_search, which lets removals go through indexed rows instead of scanning the text table.
 */
import type { SearchEvent } from '../queues/search-events';
import { jsonChunks } from './json-rows';

/** Raw search text is kept as long as raw usage events. */
export const SEARCH_RETENTION_DAYS = 30;

/** Messages per D1 batch, and about the most text one batch carries (a message's text is at most 4,000 characters). */
const WRITE_MESSAGES = 200;
const WRITE_BYTES = 512 * 1024;

/**
 * The messages of many events in a few statements: their rows travel as one JSON parameter (`json_each`). A message
 * already indexed (a redelivered event, or the same message twice in one batch) adds nothing: its search_entries row
 * exists, and the FTS row is only written for an entry that has none.
 */
const INSERT_ENTRIES =
  'insert into search_entries (tenant_id, message_id, session_id, agent_id, created_at) ' +
  "select value ->> 'tenant_id', value ->> 'message_id', value ->> 'session_id', value ->> 'agent_id', value ->> 'created_at' " +
  'from json_each(?1) where true on conflict (tenant_id, message_id) do nothing';
const INSERT_TEXT =
  "with m as materialized (select value ->> 'tenant_id' tenant_id, value ->> 'message_id' message_id, value ->> 'text' text, value ->> 'role' role from json_each(?1)) " +
  'insert into message_search (rowid, text, tenant_id, session_id, message_id, agent_id, role, created_at) ' +
  'select d.id, m.text, d.tenant_id, d.session_id, d.message_id, d.agent_id, m.role, d.created_at from m ' +
  'join search_entries d on d.tenant_id = m.tenant_id and d.message_id = m.message_id where not exists (select 1 from message_search s where s.rowid = d.id)';

export async function writeSearchEvents(env: { DB: D1Database }, events: SearchEvent[]): Promise<void> {
  const rows = new Map<string, Record<string, unknown>>();
  for (const e of events)
    for (const m of e.messages)
      rows.set(`${e.tenant_id}\u0000${m.id}`, {
        tenant_id: e.tenant_id,
        message_id: m.id,
        session_id: e.session_id,
        agent_id: e.agent_id,
        created_at: m.at,
        text: m.text,
        role: m.role,
      });
  for (const { json } of jsonChunks(rows.values(), WRITE_MESSAGES, WRITE_BYTES))
    await env.DB.batch([env.DB.prepare(INSERT_ENTRIES).bind(json), env.DB.prepare(INSERT_TEXT).bind(json)]);
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
