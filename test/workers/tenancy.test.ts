// Two tenants: every resource route answers 404 for the other tenant's ids and lists never show them
// (routes/api/agents.ts, routes/api/api-keys.ts, routes/api/me.ts, routes/pages/app.tsx).
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Account, BASE, api, apiKey, expectError, signup } from './helpers';

let a: Account;
let b: Account;
let agentA: any;
let keyB: string;

beforeAll(async () => {
  a = await signup('Tenant A');
  b = await signup('Tenant B');
  agentA = await (await api('/api/v1/agents', { body: { name: 'Secret A', instructions: 'A only', model: 'm' }, as: a })).json();
  await api(`/api/v1/agents/${agentA.id}`, { method: 'PATCH', body: { temperature: 0.5 }, as: a });
  keyB = await apiKey(b);
});

describe("another tenant's agent is a 404 on every route, by cookie and by key", () => {
  const routes = (id: string) =>
    [
      ['GET', `/api/v1/agents/${id}`],
      ['PATCH', `/api/v1/agents/${id}`, { name: 'hijacked' }],
      ['DELETE', `/api/v1/agents/${id}`],
      ['GET', `/api/v1/agents/${id}/versions`],
      ['POST', `/api/v1/agents/${id}/versions/1/restore`],
    ] as const;

  it('answers 404 to tenant B using a cookie', async () => {
    for (const [method, path, body] of routes(agentA.id)) {
      await expectError(await api(path, { method, body, as: b }), 404, 'not_found');
    }
  });

  it('answers 404 to tenant B using an API key', async () => {
    for (const [method, path, body] of routes(agentA.id)) {
      await expectError(await api(path, { method, body, as: { key: keyB } }), 404, 'not_found');
    }
  });

  it('left tenant A’s agent untouched', async () => {
    const now = (await (await api(`/api/v1/agents/${agentA.id}`, { as: a })).json()) as any;
    expect(now).toMatchObject({ name: 'Secret A', version: 2 });
  });
});

describe('lists never show the other tenant', () => {
  it('keeps agent lists apart', async () => {
    const listB = await (await api('/api/v1/agents?limit=100', { as: b })).text();
    expect(listB).not.toContain(agentA.id);
    expect(listB).not.toContain('Secret A');
    const listA = (await (await api('/api/v1/agents?limit=100', { as: a })).json()) as any;
    expect(listA.data.map((x: any) => x.id)).toContain(agentA.id);
  });

  it('keeps API key lists apart, and a key of A cannot be revoked by B', async () => {
    await apiKey(a);
    const keysA = (await (await api('/api/v1/api-keys', { as: a })).json()) as any;
    const keysB = (await (await api('/api/v1/api-keys', { as: b })).json()) as any;
    const idsB = keysB.data.map((k: any) => k.id);
    for (const k of keysA.data) {
      expect(idsB).not.toContain(k.id);
      await expectError(await api(`/api/v1/api-keys/${k.id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    }
  });

  it('shows each signed-in user only their own organization and agents in the app pages', async () => {
    const page = await (await SELF.fetch(`${BASE}/app/agents`, { headers: { cookie: b.cookie } })).text();
    expect(page).toContain('Tenant B');
    expect(page).not.toContain('Secret A');
    expect(page).not.toContain('Tenant A');
  });

  it('ignores a tenant_id smuggled in a request body', async () => {
    const res = await api('/api/v1/agents', { body: { name: 'x', model: 'm', tenant_id: a.tenant.id }, as: b });
    await expectError(res, 400, 'validation_failed');
  });
});
