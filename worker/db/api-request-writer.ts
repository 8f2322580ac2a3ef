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

export const API_REQUEST_RETENTION_MS = 7 * 24 * 3600_000;
/** Rows per chunk (one D1 batch), and the most JSON text one chunk's parameter may hold (D1 takes up to 2 MB). */
export const API_CHUNK_ROWS = 1_000;
export const API_CHUNK_BYTES = 512 * 1024;

const COLUMNS = ['id', 'tenant_id', 'key_id', 'method', 'path', 'status', 'latency_ms', 'request_id', 'created_at'] as const;
const INSERT = `insert into "api_requests" (${COLUMNS.join(', ')}) select ${COLUMNS.map((c) => `j.value ->> '${c}'`).join(', ')} from json_each(?1) j`;
const PRUNE = 'delete from "api_requests" where "tenant_id" in (select value from json_each(?1)) and "created_at" < ?2';

type Row = Record<(typeof COLUMNS)[number], string | number>;

const str = (v: unknown, max: number) => String(v ?? '').slice(0, max);
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0);

function row(e: ApiRequestEvent): Row {
  const at = int(e.at);
  return {
    id: newId('apiRequest', at),
    tenant_id: e.tenant_id,
    key_id: e.key_id,
    method: str(e.method, 16),
    path: str(e.path, 2048),
    status: int(e.status),
    latency_ms: int(e.latency_ms),
    request_id: str(e.request_id, 128),
    created_at: at,
  };
}

/** One D1 batch's worth: the rows as a JSON array, and the tenants they belong to. */
export type ApiRequestChunk = { rows: string; count: number; tenants: string[] };

/** The rows in chunks of at most API_CHUNK_ROWS and (but for a single huge row) API_CHUNK_BYTES of JSON. */
export function chunkApiRequests(events: readonly ApiRequestEvent[]): ApiRequestChunk[] {
  const chunks: ApiRequestChunk[] = [];
  let cur: string[] = [];
  let tenants = new Set<string>();
  let bytes = 0;
  const flush = () => chunks.push({ rows: `[${cur.join(',')}]`, count: cur.length, tenants: [...tenants] });
  for (const e of events) {
    const json = JSON.stringify(row(e));
    if (cur.length && (cur.length >= API_CHUNK_ROWS || bytes + json.length > API_CHUNK_BYTES)) {
      flush();
      cur = [];
      tenants = new Set();
      bytes = 0;
    }
    cur.push(json);
    tenants.add(e.tenant_id);
    bytes += json.length + 1;
  }
  if (cur.length) flush();
  return chunks;
}

export async function writeApiRequests(env: { DB: D1Database }, events: ApiRequestEvent[], now = Date.now()): Promise<void> {
  const cutoff = now - API_REQUEST_RETENTION_MS;
  for (const c of chunkApiRequests(events))
    await env.DB.batch([env.DB.prepare(INSERT).bind(c.rows), env.DB.prepare(PRUNE).bind(JSON.stringify(c.tenants), cutoff)]);
}
