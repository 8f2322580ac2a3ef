// Connections API (routes/api/connections.ts, services/connections.ts): every kind and auth type, validation, secrets
// that never leave KV as plaintext, write-only secret replacement, delete while in use, scopes and two tenants.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSecret } from '../../worker/crypto/envelope';
import { type Account, api, apiKey, expectError, login, post, signup } from './helpers';

const SECRET = 'sk-proj-TOPSECRET-4f8a9c1e77d2b0aa9fQa';

/** Every D1 row and KV value of the tenant, as text, to scan for a leaked secret. */
async function storedText(tenantId: string) {
  const rows = [];
  for (const table of ['connections', 'audit_log']) {
    rows.push(...(await env.DB.prepare(`SELECT * FROM ${table} WHERE tenant_id = ?`).bind(tenantId).all()).results);
  }
  const kv = await env.SECRETS.list({ prefix: `tenant:${tenantId}:` });
  const values = await Promise.all(kv.keys.map((k) => env.SECRETS.get(k.name)));
  return { d1: JSON.stringify(rows), kv: values.join('\n'), kvKeys: kv.keys.map((k) => k.name) };
}

describe('connections', () => {
  it('creates each kind and auth type, showing a hint but never the secret', async () => {
    const a = await signup();
    const cases = [
      [
        { name: 'OpenAI', kind: 'openai', auth: { type: 'bearer', secret: SECRET } },
        { base_url: 'https://api.openai.com/v1', auth: { type: 'bearer', hint: 'sk-…9fQa' } },
      ],
      [
        {
          name: 'Groq',
          kind: 'openai_compatible',
          base_url: 'https://api.groq.com/openai/v1',
          auth: { type: 'header', secret: 'gsk_abcdefghijklmnopqrstuv', header_name: 'X-Api-Key' },
        },
        { auth: { type: 'header', hint: 'gsk…stuv', header_name: 'X-Api-Key' } },
      ],
      [
        { name: 'Weather', kind: 'http', base_url: 'https://api.weather.test', auth: { type: 'query', secret: 'q-secret-12345', param_name: 'appid' } },
        { auth: { type: 'query', hint: '…', param_name: 'appid' } },
      ],
      [
        { name: 'Docs MCP', kind: 'mcp', base_url: 'https://mcp.example.com/mcp', auth: { type: 'basic', secret: 'pa55word-long-enough', username: 'bot' } },
        { auth: { type: 'basic', hint: 'pa5…ough', username: 'bot' } },
      ],
      [{ name: 'Local', kind: 'http', base_url: 'http://localhost:8080', auth: { type: 'none' } }, { auth: { type: 'none', hint: null } }],
    ] as const;
    for (const [body, expected] of cases) {
      const c = await post(a, '/api/v1/connections', body);
      expect(c).toMatchObject({ name: body.name, kind: body.kind, ...expected });
      expect(Object.keys(c).sort()).toEqual(['auth', 'base_url', 'config', 'created_at', 'id', 'kind', 'name', 'updated_at']);
      expect(c.id).toMatch(/^con_[0-9a-z]{24}$/);
      expect(await (await api(`/api/v1/connections/${c.id}`, { as: a })).json()).toEqual(c);
      expect(await openSecret(env, a.tenant.id, c.id)).toBe('secret' in body.auth ? body.auth.secret : null);
    }
    const list = (await (await api('/api/v1/connections', { as: a })).json()) as any;
    expect(list.data.map((c: any) => c.name)).toEqual(['Local', 'Docs MCP', 'Weather', 'Groq', 'OpenAI']);
  });

  it('never shows the secret in any answer, D1 row or audit row; KV holds only ciphertext', async () => {
    const a = await signup();
    const c = await post(a, '/api/v1/connections', { name: 'Leak check', kind: 'openai', auth: { type: 'bearer', secret: SECRET } });
    const answers = [
      JSON.stringify(c),
      await (await api(`/api/v1/connections/${c.id}`, { as: a })).text(),
      await (await api('/api/v1/connections', { as: a })).text(),
      await (await api(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { name: 'Renamed' }, as: a })).text(),
      await (await api(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { auth: { secret: `${SECRET}-v2` } }, as: a })).text(),
    ];
    for (const text of answers) expect(text).not.toContain('TOPSECRET');
    const stored = await storedText(a.tenant.id);
    expect(stored.d1).toContain(c.id);
    expect(stored.d1).not.toContain('TOPSECRET');
    expect(stored.kvKeys.sort()).toEqual([`tenant:${a.tenant.id}:con:${c.id}`, `tenant:${a.tenant.id}:dek`]);
    expect(stored.kv).not.toContain('TOPSECRET');
    expect(Object.keys(JSON.parse((await env.SECRETS.get(`tenant:${a.tenant.id}:con:${c.id}`))!)).sort()).toEqual(['ct', 'iv', 'v']);
  });

  it('replaces the secret on PATCH, keeps it when omitted, and drops it for auth type none', async () => {
    const a = await signup();
    const c = await post(a, '/api/v1/connections', {
      name: 'Rotate me',
      kind: 'openai_compatible',
      base_url: 'https://llm.test/v1',
      auth: { type: 'bearer', secret: SECRET },
    });
    const p1 = (await (
      await api(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { auth: { secret: 'sk-brand-new-key-000000ZZZZ' } }, as: a })
    ).json()) as any;
    expect(p1.auth).toEqual({ type: 'bearer', hint: 'sk-…ZZZZ' });
    expect(await openSecret(env, a.tenant.id, c.id)).toBe('sk-brand-new-key-000000ZZZZ');
    const p2 = (await (
      await api(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { name: 'Kept', auth: { type: 'header', header_name: 'api-key' } }, as: a })
    ).json()) as any;
    expect(p2).toMatchObject({ name: 'Kept', base_url: 'https://llm.test/v1', auth: { type: 'header', hint: 'sk-…ZZZZ', header_name: 'api-key' } });
    expect(await openSecret(env, a.tenant.id, c.id)).toBe('sk-brand-new-key-000000ZZZZ');
    const p3 = (await (await api(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { auth: { type: 'none' } }, as: a })).json()) as any;
    expect(p3.auth).toEqual({ type: 'none', hint: null });
    expect(await openSecret(env, a.tenant.id, c.id)).toBeNull();
    const err = await expectError(
      await api(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { auth: { type: 'bearer' } }, as: a }),
      400,
      'validation_failed',
    );
    expect(err.details).toEqual([{ path: 'auth.secret', message: expect.stringContaining('needs a secret') }]);
    expect(await (await api(`/api/v1/connections/${c.id}`, { as: a })).json()).toEqual(p3);
  });

  it('refuses to delete a connection an agent uses, unless forced, and deletes its secret', async () => {
    const a = await signup();
    const c = await post(a, '/api/v1/connections', { name: 'In use', kind: 'openai', auth: { type: 'bearer', secret: SECRET } });
    const agent = (await (await api('/api/v1/agents', { body: { name: 'User', model: 'gpt-4o-mini', connection_id: c.id }, as: a })).json()) as any;
    expect(agent.connection_id).toBe(c.id);
    const err = await expectError(await api(`/api/v1/connections/${c.id}`, { method: 'DELETE', as: a }), 409, 'conflict');
    expect(err.message).toMatch(/used by 1 agent\b.*force=true.*default model provider/);
    await expectError(await api(`/api/v1/connections/${c.id}?force=maybe`, { method: 'DELETE', as: a }), 400, 'validation_failed');
    expect((await api(`/api/v1/connections/${c.id}?force=true`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await api(`/api/v1/connections/${c.id}`, { as: a }), 404, 'not_found');
    expect(await openSecret(env, a.tenant.id, c.id)).toBeNull();
    const unused = await post(a, '/api/v1/connections', { name: 'Unused', kind: 'http', base_url: 'https://x.test', auth: { type: 'none' } });
    expect((await api(`/api/v1/connections/${unused.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await api(`/api/v1/connections/${unused.id}`, { method: 'DELETE', as: a }), 404, 'not_found');
  });

  it('paginates with limit and cursor, newest first', async () => {
    const a = await signup();
    for (let i = 0; i < 3; i++) await post(a, '/api/v1/connections', { name: `C${i}`, kind: 'http', base_url: 'https://x.test', auth: { type: 'none' } });
    const p1 = (await (await api('/api/v1/connections?limit=2', { as: a })).json()) as any;
    expect(p1.data.map((c: any) => c.name)).toEqual(['C2', 'C1']);
    const p2 = (await (await api(`/api/v1/connections?limit=2&cursor=${p1.next_cursor}`, { as: a })).json()) as any;
    expect(p2).toEqual({ data: [expect.objectContaining({ name: 'C0' })], next_cursor: null });
    await expectError(await api('/api/v1/connections?limit=0', { as: a }), 400, 'validation_failed');
  });
});

describe('connections: validation', () => {
  const bad: [string, unknown, string[]][] = [
    ['no base_url for a compatible endpoint', { name: 'x', kind: 'openai_compatible', auth: { type: 'bearer', secret: 's' } }, ['base_url']],
    ['a relative or non-http URL', { name: 'x', kind: 'http', base_url: 'ftp://x.test', auth: { type: 'none' } }, ['base_url']],
    ['credentials in the URL', { name: 'x', kind: 'mcp', base_url: 'https://u:p@x.test', auth: { type: 'none' } }, ['base_url']],
    ['no secret', { name: 'x', kind: 'openai', auth: { type: 'bearer' } }, ['auth.secret']],
    ['no header_name', { name: 'x', kind: 'http', base_url: 'https://x.test', auth: { type: 'header', secret: 's' } }, ['auth.header_name']],
    ['no param_name', { name: 'x', kind: 'http', base_url: 'https://x.test', auth: { type: 'query', secret: 's' } }, ['auth.param_name']],
    ['no username', { name: 'x', kind: 'http', base_url: 'https://x.test', auth: { type: 'basic', secret: 's' } }, ['auth.username']],
    [
      'a secret for type none, a header for bearer',
      { name: 'x', kind: 'openai', auth: { type: 'none', secret: 's', header_name: 'X' } },
      ['auth.header_name', 'auth.secret'],
    ],
    ['a line break in the secret', { name: 'x', kind: 'openai', auth: { type: 'bearer', secret: 'a\r\nHost: evil' } }, ['auth.secret']],
    [
      'a reserved header',
      { name: 'x', kind: 'http', base_url: 'https://x.test', auth: { type: 'header', secret: 's', header_name: 'Host' } },
      ['auth.header_name'],
    ],
    ['wrong types and unknown fields', { name: '', kind: 'smtp', auth: { type: 'oauth' }, tenant_id: 'ten_x' }, ['(body)', 'auth.type', 'kind', 'name']],
  ];
  for (const [what, body, paths] of bad) {
    it(`answers 400 with details for ${what}`, async () => {
      const a = await signup();
      const err = await expectError(await api('/api/v1/connections', { body, as: a }), 400, 'validation_failed');
      expect(err.details!.map((d) => d.path).sort()).toEqual(paths);
      expect((await (await api('/api/v1/connections', { as: a })).json()) as any).toEqual({ data: [], next_cursor: null });
    });
  }
});

describe('connections: permissions and tenancy', () => {
  let a: Account;
  let b: Account;
  let conA: any;
  let keyB: string;

  beforeAll(async () => {
    a = await signup('Tenant A');
    b = await signup('Tenant B');
    conA = await post(a, '/api/v1/connections', { name: 'Secret A conn', kind: 'openai', auth: { type: 'bearer', secret: SECRET } });
    keyB = await apiKey(b);
  });

  it("answers 404 for another tenant's connection on every route, by cookie and by key", async () => {
    const routes = [
      ['GET', `/api/v1/connections/${conA.id}`],
      ['PATCH', `/api/v1/connections/${conA.id}`, { name: 'hijacked', auth: { secret: 'sk-attacker-000000000000' } }],
      ['DELETE', `/api/v1/connections/${conA.id}`],
      ['DELETE', `/api/v1/connections/${conA.id}?force=true`],
    ] as const;
    for (const as of [b, { key: keyB }]) {
      for (const [method, path, body] of routes) await expectError(await api(path, { method, body, as }), 404, 'not_found');
    }
    const list = await (await api('/api/v1/connections?limit=100', { as: b })).text();
    expect(list).not.toContain(conA.id);
    expect(list).not.toContain('Secret A conn');
    await expectError(await api('/api/v1/agents', { body: { name: 'x', model: 'm', connection_id: conA.id }, as: b }), 400, 'validation_failed');
    expect(await (await api(`/api/v1/connections/${conA.id}`, { as: a })).json()).toEqual(conA);
    expect(await openSecret(env, a.tenant.id, conA.id)).toBe(SECRET);
  });

  it('answers 403 to an API key without the connections scopes, and to a read-only key that writes', async () => {
    const none = await apiKey(a, ['agents:read']);
    await expectError(await api('/api/v1/connections', { as: { key: none } }), 403, 'insufficient_scope');
    await expectError(await api(`/api/v1/connections/${conA.id}`, { as: { key: none } }), 403, 'insufficient_scope');
    const read = await apiKey(a, ['connections:read']);
    expect((await api(`/api/v1/connections/${conA.id}`, { as: { key: read } })).status).toBe(200);
    const body = { name: 'x', kind: 'openai', auth: { type: 'bearer', secret: SECRET } };
    await expectError(await api('/api/v1/connections', { body, as: { key: read } }), 403, 'insufficient_scope');
    await expectError(await api(`/api/v1/connections/${conA.id}`, { method: 'DELETE', as: { key: read } }), 403, 'insufficient_scope');
    const write = await apiKey(a, ['connections:write']);
    expect((await api('/api/v1/connections', { body, as: { key: write } })).status).toBe(201);
  });

  it('lets a viewer read connections but not change them', async () => {
    const v = await signup('Viewer Org');
    const c = await post(v, '/api/v1/connections', { name: 'Viewed', kind: 'http', base_url: 'https://x.test', auth: { type: 'none' } });
    await env.DB.prepare("UPDATE memberships SET role = 'viewer' WHERE user_id = ?").bind(v.user.id).run();
    const viewer = await login(v); // a new session, so no credential cached with the old role is reused
    expect((await api(`/api/v1/connections/${c.id}`, { as: viewer })).status).toBe(200);
    await expectError(await api(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { name: 'no' }, as: viewer }), 403, 'forbidden');
    await expectError(await api(`/api/v1/connections/${c.id}`, { method: 'DELETE', as: viewer }), 403, 'forbidden');
  });
});
