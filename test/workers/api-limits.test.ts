// Rate limits of API-key requests (worker/services/api-limits.ts, durable-objects/rate-limiter.ts): RateLimit
// headers, a key's and a tenant's limit trip with 429 + Retry-After and recover in the next window, tenants and
// browser sessions are unaffected, and a fresh isolate learns the global count from the limiter.
import { env, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RateLimiter } from '../../durable-objects/rate-limiter';
import { API_LIMITS, enforceApiLimits, resetApiLimits } from '../../worker/services/api-limits';
import { type Account, api, apiKey, expectError, signup } from './helpers';

const defaults = structuredClone(API_LIMITS);
afterEach(() => {
  Object.assign(API_LIMITS, structuredClone(defaults));
  resetApiLimits();
});

const get = (key: string, path = '/api/v1/agents') => api(path, { as: { key } });

/** Waits until the window restarts, so a test's requests all land in one fresh window. */
async function freshWindow(windowMs: number, need: number) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < need) await new Promise((r) => setTimeout(r, left + 5));
}

async function limiterCount(a: Account, bucket: string) {
  const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(a.tenant.id));
  return runInDurableObject(stub, (o: RateLimiter) => (o as unknown as { windows: Map<string, { count: number }> }).windows.get(bucket)?.count ?? 0);
}

describe('API rate limits', () => {
  it('sends RateLimit headers counting down on API-key requests, none on browser sessions', async () => {
    const a = await signup();
    const key = await apiKey(a);
    const first = await get(key);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe(String(API_LIMITS.perKey.max));
    const remaining = Number(first.headers.get('ratelimit-remaining'));
    expect(remaining).toBe(API_LIMITS.perKey.max - 1);
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(Number((await get(key)).headers.get('ratelimit-remaining'))).toBe(remaining - 1);
    expect((await api('/api/v1/agents', { as: a })).headers.get('ratelimit-limit')).toBeNull();
  });

  it('trips a key’s limit with 429 and Retry-After, leaves other keys and tenants alone, and recovers', async () => {
    API_LIMITS.perKey = { max: 4, windowMs: 2_000 };
    await freshWindow(2_000, 1_000);
    const a = await signup();
    const b = await signup();
    const [k1, k2, kb] = [await apiKey(a), await apiKey(a), await apiKey(b)];
    for (let i = 0; i < 4; i++) expect((await get(k1)).status).toBe(200);
    const refused = await get(k1);
    const error = await expectError(refused, 429, 'rate_limited');
    expect(error.message).toMatch(/API key/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect((await get(k2)).status).toBe(200);
    expect((await get(kb)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Number(refused.headers.get('retry-after')) * 1000 + 50));
    expect((await get(k1)).status).toBe(200);
  });

  it('trips the tenant’s limit across its keys, also on the OpenAI-compatible API and MCP', async () => {
    API_LIMITS.perTenant = { max: 3, windowMs: 10_000 };
    await freshWindow(10_000, 2_000);
    const a = await signup();
    const [k1, k2] = [await apiKey(a), await apiKey(a)];
    expect((await get(k1)).status).toBe(200);
    expect((await get(k2)).status).toBe(200);
    expect((await get(k1, '/v1/models')).status).toBe(200);
    const v1 = await get(k2, '/v1/models');
    expect(v1.status).toBe(429);
    expect(((await v1.json()) as any).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(((await (await get(k2)).json()) as any).error.message).toMatch(/organization/);
    const mcp = await api('/mcp', { body: { jsonrpc: '2.0', id: 1, method: 'ping' }, as: { key: k1 } });
    expect(mcp.status).toBe(429);
  });

  it('counts every isolate’s hits in the tenant’s limiter, so a fresh isolate still stops at the limit', async () => {
    API_LIMITS.perKey = { max: 20, windowMs: 10_000 };
    await freshWindow(10_000, 3_000);
    const a = await signup();
    const key = await apiKey(a);
    const keyId = ((await (await api('/api/v1/me', { as: { key } })).json()) as any).api_key.id;
    for (let i = 0; i < 9; i++) expect((await get(key)).status).toBe(200);
    await vi.waitFor(async () => expect(await limiterCount(a, `key:${keyId}`)).toBe(10), { timeout: 2_000, interval: 20 });
    resetApiLimits(); // another isolate: it knows nothing of the 10 requests so far
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await get(key)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
  });

  it('with API_LIMITS_STRICT counts every request in the limiter before answering; operators can set the limits', async () => {
    const a = await signup();
    const strict = { ...env, API_LIMITS_STRICT: 'true', API_LIMIT_PER_KEY: '3' } as typeof env;
    const background: Promise<unknown>[] = [];
    const state = await enforceApiLimits(strict, a.tenant.id, 'key_strict', (p) => background.push(p));
    expect(background).toHaveLength(0); // nothing left to report: the limiter already counted it
    expect(await limiterCount(a, 'key:key_strict')).toBe(1);
    expect(state).toMatchObject({ limit: 3, remaining: 2 });
    await enforceApiLimits(strict, a.tenant.id, 'key_strict', () => {});
    await enforceApiLimits(strict, a.tenant.id, 'key_strict', () => {});
    await expect(enforceApiLimits(strict, a.tenant.id, 'key_strict', () => {})).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
