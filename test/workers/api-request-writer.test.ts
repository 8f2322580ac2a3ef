// The API request log's writer (worker/db/api-request-writer.ts): a queue batch's rows in a few set-wise statements per
// chunk, for many tenants at once, and a prune of each written tenant's rows past retention that leaves other tenants'.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { API_CHUNK_BYTES, API_CHUNK_ROWS, API_REQUEST_RETENTION_MS, chunkApiRequests, writeApiRequests } from '../../worker/db/api-request-writer';
import type { ApiRequestEvent } from '../../worker/queues/api-request-events';
import { signup } from './helpers';

const tenant = async () => (await signup()).tenant.id as string;
const event = (tenant_id: string, i: number, at = Date.now()): ApiRequestEvent => ({
  tenant_id,
  key_id: 'key_1',
  method: i % 2 ? 'POST' : 'GET',
  path: `/api/v1/agents/${i}`,
  status: i % 5 ? 200 : 404,
  latency_ms: i,
  request_id: `req_${i}`,
  at: at + i,
});
const rowsOf = async (tenantId: string) =>
  (
    await env.DB.prepare('select key_id, method, path, status, latency_ms, request_id, created_at from api_requests where tenant_id = ? order by created_at')
      .bind(tenantId)
      .all<Record<string, unknown>>()
  ).results;

describe('the API request log writer', () => {
  it('writes every field of every tenant’s rows, each row to its own tenant', async () => {
    const a = await tenant();
    const b = await tenant();
    const at = Date.now();
    const events = [0, 1, 2, 3].map((i) => event(i % 2 ? b : a, i, at));
    await writeApiRequests(env, events);
    expect(await rowsOf(a)).toEqual([
      { key_id: 'key_1', method: 'GET', path: '/api/v1/agents/0', status: 404, latency_ms: 0, request_id: 'req_0', created_at: at },
      { key_id: 'key_1', method: 'GET', path: '/api/v1/agents/2', status: 200, latency_ms: 2, request_id: 'req_2', created_at: at + 2 },
    ]);
    expect((await rowsOf(b)).map((r) => r.path)).toEqual(['/api/v1/agents/1', '/api/v1/agents/3']);
  });

  it('splits a large batch into chunks of at most API_CHUNK_ROWS rows and about API_CHUNK_BYTES, and writes them all', async () => {
    const t = await tenant();
    const many = Array.from({ length: API_CHUNK_ROWS * 2 + 500 }, (_, i) => event(t, i));
    const chunks = chunkApiRequests(many);
    expect(chunks.map((c) => c.rows.length)).toEqual([API_CHUNK_ROWS, API_CHUNK_ROWS, 500]);
    expect(chunks.every((c) => JSON.parse(c.json).length === c.rows.length && c.rows.every((r) => r.tenant_id === t))).toBe(true);
    const long = Array.from({ length: 600 }, (_, i) => ({ ...event(t, i), path: `/${'p'.repeat(1_500)}` }));
    const byBytes = chunkApiRequests(long);
    expect(byBytes.length).toBeGreaterThan(1);
    expect(byBytes.every((c) => c.json.length <= API_CHUNK_BYTES)).toBe(true);
    expect(byBytes.reduce((n, c) => n + c.rows.length, 0)).toBe(600);

    await writeApiRequests(env, many);
    const rows = await rowsOf(t);
    expect(rows.length).toBe(many.length);
    expect(rows.map((r) => r.request_id)).toEqual(many.map((e) => e.request_id));
  });

  it('prunes rows past retention for the tenants it writes, and leaves other tenants’ rows alone', async () => {
    const a = await tenant();
    const other = await tenant();
    const now = Date.now();
    const old = now - API_REQUEST_RETENTION_MS - 60_000;
    await writeApiRequests(env, [event(a, 0, old), event(other, 0, old)], old);
    expect((await rowsOf(a)).length).toBe(1);
    await writeApiRequests(env, [event(a, 1, now)], now);
    expect((await rowsOf(a)).map((r) => r.request_id)).toEqual(['req_1']);
    expect((await rowsOf(other)).map((r) => r.request_id)).toEqual(['req_0']);
  });

  it('writes nothing for an empty batch', async () => {
    expect(chunkApiRequests([])).toEqual([]);
    await writeApiRequests(env, []);
  });
});
