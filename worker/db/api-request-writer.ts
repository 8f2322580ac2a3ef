/**
 * The EVENTS queue consumer's writer for the API request log: rows for many tenants in one D1 batch, plus a prune of
 * rows older than API_REQUEST_RETENTION_MS for the tenants in the batch (indexed by tenant and time). The tenant id
 * comes from the event, which our own middleware built from the verified API key, never from a client.
 */
import { and, inArray, lt } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { ApiRequestEvent } from '../queues/api-request-events';
import { database } from './client';
import { newId } from './ids';
import { apiRequests } from './schema';

export const API_REQUEST_RETENTION_MS = 7 * 24 * 3600_000;
const ROWS_PER_INSERT = 10; // D1 allows 100 bound parameters per statement; a row has 9

export async function writeApiRequests(env: { DB: D1Database }, events: ApiRequestEvent[], now = Date.now()): Promise<void> {
  if (!events.length) return;
  const db = database(env);
  const rows = events.map((e) => ({
    id: newId('apiRequest', e.at),
    tenantId: e.tenant_id,
    keyId: e.key_id,
    method: e.method,
    path: e.path,
    status: e.status,
    latencyMs: e.latency_ms,
    requestId: e.request_id,
    createdAt: e.at,
  }));
  const stmts: BatchItem<'sqlite'>[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) stmts.push(db.insert(apiRequests).values(rows.slice(i, i + ROWS_PER_INSERT)));
  const tenants = [...new Set(events.map((e) => e.tenant_id))];
  stmts.push(db.delete(apiRequests).where(and(inArray(apiRequests.tenantId, tenants), lt(apiRequests.createdAt, now - API_REQUEST_RETENTION_MS))));
  await db.batch(stmts as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}
