// Tools API (routes/api/tools.ts, services/tools.ts): built-ins in the list, http and mcp tools, per-field validation,
// unique names, delete while in use, audit rows, scopes, and two tenants on every route.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type Account, api, apiKey, type Caller, expectError, login, post, signup } from './helpers';

const WEATHER = {
  name: 'get_weather',
  description: 'Current weather for a city',
  kind: 'http',
  parameters: { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string', enum: ['metric', 'imperial'] } }, required: ['city'] },
  config: { method: 'GET', url: '/weather/{city}', query: ['units'] },
};

async function httpConnection(as: Caller, base = 'https://api.weather.test/v1') {
  return post(as, '/api/v1/connections', { name: 'Weather API', kind: 'http', base_url: base, auth: { type: 'bearer', secret: 'tapi-secret-000111' } });
}

async function auditActions(tenantId: string, targetId: string) {
  const rows = await env.DB.prepare('select action from audit_log where tenant_id = ? and target_id = ? order by id')
    .bind(tenantId, targetId)
    .all<{ action: string }>();
  return rows.results.map((r) => r.action);
}

describe('tools: list', () => {
  it('lists the built-in tools with ids agents can use, before the tenant tools', async () => {
    const a = await signup();
    const list = (await (await api('/api/v1/tools', { as: a })).json()) as any;
    const names = list.data.map((t: any) => t.name);
    expect(names).toEqual(expect.arrayContaining(['current_time', 'fetch_url', 'calculator', 'call_agent']));
    const calc = list.data.find((t: any) => t.name === 'calculator');
    expect(calc).toMatchObject({
      id: 'tol_calculator',
      kind: 'builtin',
      builtin: true,
      connection_id: null,
      parameters: { type: 'object', required: ['expression'] },
    });
    expect(calc.description.length).toBeGreaterThan(40);
    for (const t of list.data) expect(t.id).toMatch(/^tol_/);
    const conn = await httpConnection(a);
    const mine = await post(a, '/api/v1/tools', { ...WEATHER, connection_id: conn.id });
    const again = (await (await api('/api/v1/tools', { as: a })).json()) as any;
    expect(again.data.at(-1)).toEqual(mine);
    expect(again.data.slice(0, -1).every((t: any) => t.builtin)).toBe(true);
    expect(((await (await api('/api/v1/tools?builtin=false', { as: a })).json()) as any).data).toEqual([mine]);
    expect(((await (await api('/api/v1/tools?kind=http', { as: a })).json()) as any).data).toEqual([mine]);
    const builtinsOnly = ((await (await api('/api/v1/tools?kind=builtin', { as: a })).json()) as any).data;
    expect(builtinsOnly.map((t: any) => t.name)).toEqual(expect.arrayContaining(['fetch_url', 'call_agent']));
    expect(builtinsOnly.every((t: any) => t.kind === 'builtin')).toBe(true);
    await expectError(await api('/api/v1/tools?kind=shell', { as: a }), 400, 'validation_failed');
    expect(await (await api('/api/v1/tools/tol_fetch_url', { as: a })).json()).toMatchObject({ name: 'fetch_url', builtin: true });
  });

  it('paginates tenant tools with limit and cursor', async () => {
    const a = await signup();
    for (let i = 0; i < 3; i++) await post(a, '/api/v1/tools', { ...WEATHER, name: `t${i}`, config: { method: 'GET', url: 'https://api.example.com/x' } });
    const p1 = (await (await api('/api/v1/tools?limit=2&builtin=false', { as: a })).json()) as any;
    expect(p1.data.map((t: any) => t.name)).toEqual(['t2', 't1']);
    const p2 = (await (await api(`/api/v1/tools?limit=2&cursor=${p1.next_cursor}`, { as: a })).json()) as any;
    expect(p2).toEqual({ data: [expect.objectContaining({ name: 't0' })], next_cursor: null });
  });
});

describe('tools: create, update, delete', () => {
  it('creates an http tool on a connection, reads, updates and deletes it, with audit rows', async () => {
    const a = await signup();
    const conn = await httpConnection(a);
    const t = await post(a, '/api/v1/tools', { ...WEATHER, connection_id: conn.id });
    expect(t).toMatchObject({
      name: 'get_weather',
      kind: 'http',
      connection_id: conn.id,
      builtin: false,
      config: { method: 'GET', url: '/weather/{city}', query: ['units'] },
    });
    expect(t.id).toMatch(/^tol_[0-9a-z]{24}$/);
    expect(await (await api(`/api/v1/tools/${t.id}`, { as: a })).json()).toEqual(t);
    const patched = (await (
      await api(`/api/v1/tools/${t.id}`, { method: 'PATCH', body: { name: 'weather_now', config: { method: 'get', url: '/weather/{city}' } }, as: a })
    ).json()) as any;
    expect(patched).toMatchObject({ name: 'weather_now', config: { method: 'GET', url: '/weather/{city}' }, description: WEATHER.description });
    await expectError(await api(`/api/v1/tools/${t.id}`, { method: 'PATCH', body: { kind: 'mcp' }, as: a }), 400, 'validation_failed');
    expect((await api(`/api/v1/tools/${t.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await api(`/api/v1/tools/${t.id}`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/tools/${t.id}`, { method: 'DELETE', as: a }), 404, 'not_found');
    // Audit rows arrive through the EVENTS queue, after the answers.
    await vi.waitFor(async () => expect(await auditActions(a.tenant.id, t.id)).toEqual(['tool.create', 'tool.update', 'tool.delete']), {
      timeout: 10_000,
      interval: 200,
    });
  });

  it('keeps names unique per tenant (409) and refuses the names of built-ins', async () => {
    const a = await signup();
    const b = await signup();
    const body = { ...WEATHER, config: { method: 'GET', url: 'https://api.example.com/weather/{city}' } };
    const first = await post(a, '/api/v1/tools', body);
    const err = await expectError(await api('/api/v1/tools', { body, as: a }), 409, 'conflict');
    expect(err.details).toEqual([{ path: 'name', message: 'is taken' }]);
    await post(b, '/api/v1/tools', body); // another tenant may use the same name
    const other = await post(a, '/api/v1/tools', { ...body, name: 'other' });
    await expectError(await api(`/api/v1/tools/${other.id}`, { method: 'PATCH', body: { name: first.name }, as: a }), 409, 'conflict');
    const builtin = await expectError(await api('/api/v1/tools', { body: { ...body, name: 'calculator' }, as: a }), 400, 'validation_failed');
    expect(builtin.details).toEqual([{ path: 'name', message: 'is the name of a built-in tool' }]);
    await expectError(await api('/api/v1/tools/tol_calculator', { method: 'PATCH', body: { description: 'x' }, as: a }), 400, 'bad_request');
    await expectError(await api('/api/v1/tools/tol_calculator', { method: 'DELETE', as: a }), 400, 'bad_request');
  });

  it('refuses to delete a tool an agent uses, unless forced; forcing removes it from the agent in a new version', async () => {
    const a = await signup();
    const t = await post(a, '/api/v1/tools', { ...WEATHER, config: { method: 'GET', url: 'https://api.example.com/w/{city}' } });
    const agent = await post(a, '/api/v1/agents', { name: 'Forecaster', model: 'm', tool_ids: [t.id, 'tol_calculator'] });
    const err = await expectError(await api(`/api/v1/tools/${t.id}`, { method: 'DELETE', as: a }), 409, 'conflict');
    expect(err.message).toMatch(/used by 1 agent\b.*force=true/);
    await expectError(await api(`/api/v1/tools/${t.id}?force=yes`, { method: 'DELETE', as: a }), 400, 'validation_failed');
    expect((await api(`/api/v1/tools/${t.id}?force=true`, { method: 'DELETE', as: a })).status).toBe(204);
    const after = (await (await api(`/api/v1/agents/${agent.id}`, { as: a })).json()) as any;
    expect(after).toMatchObject({ version: 2, tool_ids: ['tol_calculator'] });
    // the agent can still be saved: no dangling tool id is left behind
    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { name: 'Renamed' }, as: a })).status).toBe(200);
  });

  it('creates an mcp tool by hand on an mcp connection', async () => {
    const a = await signup();
    const mcp = await post(a, '/api/v1/connections', { name: 'Docs', kind: 'mcp', base_url: 'https://mcp.example.com/mcp', auth: { type: 'none' } });
    const t = await post(a, '/api/v1/tools', {
      name: 'search_docs',
      description: 'Search the docs',
      kind: 'mcp',
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
      config: { server_tool_name: 'search' },
      connection_id: mcp.id,
    });
    expect(t).toMatchObject({ kind: 'mcp', config: { server_tool_name: 'search' }, connection_id: mcp.id });
  });
});

describe('tools: validation', () => {
  const http = (config: unknown, extra: Record<string, unknown> = {}) => ({ ...WEATHER, config, ...extra });
  const bad: [string, unknown, string[]][] = [
    ['a name that is not a function name', { ...WEATHER, name: 'get weather!', config: { method: 'GET', url: 'https://x.example.com' } }, ['name']],
    ['a name over 64 characters', { ...WEATHER, name: 'a'.repeat(65), config: { method: 'GET', url: 'https://x.example.com' } }, ['name']],
    [
      'parameters that are not an object schema',
      { ...WEATHER, parameters: { type: 'string' }, config: { method: 'GET', url: 'https://x.example.com' } },
      ['parameters'],
    ],
    [
      'a bad "required" list',
      { ...WEATHER, parameters: { type: 'object', required: 'city' }, config: { method: 'GET', url: 'https://x.example.com' } },
      ['parameters'],
    ],
    ['an unknown kind and missing description', { name: 'x', kind: 'smtp' }, ['description', 'kind']],
    ['the builtin kind', { ...WEATHER, kind: 'builtin' }, ['kind']],
    ['an unknown method and no url', http({ method: 'FETCH' }), ['config.method', 'config.url']],
    ['a relative url without a connection', http({ method: 'GET', url: '/weather/{city}' }), ['config.url']],
    ['a url that is not a path or http(s)', http({ method: 'GET', url: 'ftp://x.example.com/a' }), ['config.url']],
    ['a placeholder in the host', http({ method: 'GET', url: 'https://{city}.example.com/' }), ['config.url']],
    ['a metadata address', http({ method: 'GET', url: 'http://169.254.169.254/latest/meta-data/' }), ['config.url']],
    [
      'a credential header in the config',
      http({ method: 'GET', url: 'https://x.example.com', headers: { Authorization: 'Bearer sk-live' } }),
      ['config.headers.Authorization'],
    ],
    ['a query argument not in parameters', http({ method: 'GET', url: 'https://x.example.com/{city}', query: ['days'] }), ['config']],
    ['unknown config fields', http({ method: 'GET', url: 'https://x.example.com', timeout: 5 }), ['config']],
    ['an mcp tool without a connection', { ...WEATHER, kind: 'mcp', config: {} }, ['config.server_tool_name', 'connection_id']],
    [
      'a connection that does not exist',
      http({ method: 'GET', url: '/w' }, { connection_id: 'con_00000000000000000000000000' }),
      ['config.url', 'connection_id'],
    ],
    ['a tenant_id in the body', { ...WEATHER, config: { method: 'GET', url: 'https://x.example.com' }, tenant_id: 'ten_x' }, ['(body)']],
  ];
  for (const [what, body, paths] of bad) {
    it(`answers 400 with details for ${what}`, async () => {
      const a = await signup();
      const err = await expectError(await api('/api/v1/tools', { body, as: a }), 400, 'validation_failed');
      expect([...new Set(err.details!.map((d) => d.path))].sort()).toEqual(paths);
      expect(((await (await api('/api/v1/tools?builtin=false', { as: a })).json()) as any).data).toEqual([]);
    });
  }

  it('refuses an absolute url on another origin than the connection (its credential only goes there)', async () => {
    const a = await signup();
    const conn = await httpConnection(a);
    const err = await expectError(
      await api('/api/v1/tools', { body: { ...WEATHER, connection_id: conn.id, config: { method: 'GET', url: 'https://evil.example.com/{city}' } }, as: a }),
      400,
    );
    expect(err.details).toEqual([{ path: 'config.url', message: expect.stringContaining("not on the connection's origin") }]);
    await post(a, '/api/v1/tools', { ...WEATHER, connection_id: conn.id, config: { method: 'GET', url: 'https://api.weather.test/v2/{city}' } });
  });
});

describe('tools: permissions and tenancy', () => {
  let a: Account;
  let b: Account;
  let toolA: any;
  let connA: any;
  let keyB: string;

  beforeAll(async () => {
    a = await signup('Tenant A');
    b = await signup('Tenant B');
    connA = await httpConnection(a);
    toolA = await post(a, '/api/v1/tools', { ...WEATHER, name: 'tenant_a_secret_tool', connection_id: connA.id });
    keyB = await apiKey(b);
  });

  it("answers 404 for another tenant's tool on every route, by cookie and by key", async () => {
    for (const as of [b, { key: keyB }]) {
      await expectError(await api(`/api/v1/tools/${toolA.id}`, { as }), 404, 'not_found');
      await expectError(await api(`/api/v1/tools/${toolA.id}`, { method: 'PATCH', body: { name: 'hijacked' }, as }), 404, 'not_found');
      await expectError(await api(`/api/v1/tools/${toolA.id}`, { method: 'DELETE', as }), 404, 'not_found');
      await expectError(await api(`/api/v1/tools/${toolA.id}?force=true`, { method: 'DELETE', as }), 404, 'not_found');
      const list = await (await api('/api/v1/tools?limit=100', { as })).text();
      expect(list).not.toContain(toolA.id);
      expect(list).not.toContain('tenant_a_secret_tool');
    }
    expect(await (await api(`/api/v1/tools/${toolA.id}`, { as: a })).json()).toEqual(toolA);
  });

  it("cannot use another tenant's tool or connection from its own resources", async () => {
    await expectError(await api('/api/v1/agents', { body: { name: 'x', model: 'm', tool_ids: [toolA.id] }, as: b }), 400, 'validation_failed');
    const err = await expectError(await api('/api/v1/tools', { body: { ...WEATHER, connection_id: connA.id }, as: b }), 400, 'validation_failed');
    expect(err.details).toContainEqual({ path: 'connection_id', message: 'No such connection' });
    const imp = await expectError(
      await api('/api/v1/tools/import/openapi', { body: { spec: { openapi: '3.1.0', paths: { '/x': { get: {} } } }, connection_id: connA.id }, as: b }),
      400,
    );
    expect(imp.details).toEqual([{ path: 'connection_id', message: 'No such connection' }]);
    await expectError(await api(`/api/v1/connections/${connA.id}/tools`, { method: 'POST', as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/connections/${connA.id}/test`, { method: 'POST', as: b }), 404, 'not_found');
    // B may use the same name: names are per tenant
    await post(b, '/api/v1/tools', { ...WEATHER, name: 'tenant_a_secret_tool', config: { method: 'GET', url: 'https://api.example.com/{city}' } });
  });

  it('answers 403 to keys without the tools scopes and to viewers who write', async () => {
    const none = await apiKey(a, ['agents:read']);
    await expectError(await api('/api/v1/tools', { as: { key: none } }), 403, 'insufficient_scope');
    await expectError(await api(`/api/v1/tools/${toolA.id}`, { as: { key: none } }), 403, 'insufficient_scope');
    const read = await apiKey(a, ['tools:read']);
    expect((await api(`/api/v1/tools/${toolA.id}`, { as: { key: read } })).status).toBe(200);
    const body = { ...WEATHER, name: 'by_key', config: { method: 'GET', url: 'https://api.example.com/{city}' } };
    await expectError(await api('/api/v1/tools', { body, as: { key: read } }), 403, 'insufficient_scope');
    await expectError(await api(`/api/v1/tools/${toolA.id}`, { method: 'PATCH', body: { name: 'x' }, as: { key: read } }), 403, 'insufficient_scope');
    await expectError(await api('/api/v1/tools/import/openapi', { body: { spec: '{}' }, as: { key: read } }), 403, 'insufficient_scope');
    const write = await apiKey(a, ['tools:write']);
    expect((await api('/api/v1/tools', { body, as: { key: write } })).status).toBe(201);

    const v = await signup('Viewer Org');
    const t = await post(v, '/api/v1/tools', { ...body, name: 'viewed' });
    await env.DB.prepare("UPDATE memberships SET role = 'viewer' WHERE user_id = ?").bind(v.user.id).run();
    const viewer = await login(v);
    expect((await api(`/api/v1/tools/${t.id}`, { as: viewer })).status).toBe(200);
    await expectError(await api(`/api/v1/tools/${t.id}`, { method: 'DELETE', as: viewer }), 403, 'forbidden');
  });
});
