/**
 * The EVENTS queue consumer's writer for the API request log: rows for many tenants in one D1 batch per chunk, plus a
 * prune of rows older than API_REQUEST_RETENTION_MS for the tenants in the chunk (indexed by tenant and time). The
 * tenant id comes from the event, which our own middleware built from the verified API key, never from a client.
 *
 * Set-wise like the usage writer (usage-writer.ts): a chunk's rows travel as one JSON parameter (`json_each`), so a
 * batch of a thousand requests is two statements, not a hundred ten-row inserts built one by one.
 */
import type { ApiRequestEvent } from '../queues/api-request-events';
import { newId } from './ids';
import { int, jsonChunks, type JsonChunk } from './json-rows';

export const API_REQUEST_RETENTION_MS = 7 * 24 * 3600_000;
/** Rows per chunk (one D1 batch), and the most JSON text one chunk's parameter may hold (D1 takes up to 2 MB). */
export const API_CHUNK_ROWS = 1_000;
export const API_CHUNK_BYTES = 512 * 1024;

const COLUMNS = ['id', 'tenant_id', 'key_id', 'method', 'path', 'status', 'latency_ms', 'request_id', 'created_at'] as const;
const INSERT = `insert into "api_requests" (${COLUMNS.join(', ')}) select ${COLUMNS.map((c) => `j.value ->> '${c}'`).join(', ')} from json_each(?1) j`;
const PRUNE = 'delete from "api_requests" where "tenant_id" in (select value from json_each(?1)) and "created_at" < ?2';

type Row = Record<(typeof COLUMNS)[number], string | number>;

const row = (e: ApiRequestEvent): Row => ({
  id: newId('apiRequest', int(e.at)),
  tenant_id: e.tenant_id,
  key_id: e.key_id,
  method: String(e.method ?? ''),
  path: String(e.path ?? ''),
  status: int(e.status),
  latency_ms: int(e.latency_ms),
  request_id: String(e.request_id ?? ''),
  created_at: int(e.at),
});

/** The rows in chunks of at most API_CHUNK_ROWS and (but for a single huge row) API_CHUNK_BYTES of JSON. */
export const chunkApiRequests = (events: readonly ApiRequestEvent[]): JsonChunk<Row>[] => jsonChunks(events.map(row), API_CHUNK_ROWS, API_CHUNK_BYTES);

export async function writeApiRequests(env: { DB: D1Database }, events: ApiRequestEvent[], now = Date.now()): Promise<void> {
  const cutoff = now - API_REQUEST_RETENTION_MS;
  for (const c of chunkApiRequests(events)) {
    const tenants = JSON.stringify([...new Set(c.rows.map((r) => r.tenant_id))]);
    await env.DB.batch([env.DB.prepare(INSERT).bind(c.json), env.DB.prepare(PRUNE).bind(tenants, cutoff)]);
  }
}
