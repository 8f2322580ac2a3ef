// Testing a connection (services/connection-test.ts): the outcome is kept on the row, the dashboard's first step is
// done only once a model connection passed, and agents with no usable model adopt the first one that passes.
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { tenantDb } from '../../worker/db/tenant-db';
import { pickModel, testConnection } from '../../worker/services/connection-test';
import { type Account, api, getPage, helloWorld, postForm, signup } from './helpers';

const LLM = inject('llmUrl');
/** The Worker's bindings without an operator default: the first-run situation of a self-hosted install. */
const bare = { ...env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', AI: undefined } as typeof env;

async function connection(a: Account, body: Record<string, unknown> = {}) {
  const res = await api('/api/v1/connections', {
    body: { name: 'Model', kind: 'openai_compatible', base_url: LLM, auth: { type: 'bearer', secret: 'sk-good-key-123456' }, ...body },
    as: a,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const actorOf = (a: Account) => ({ type: 'user' as const, id: a.user.id, audit: () => {} });

describe('testing a connection', () => {
  it('makes Hello World, which had no model, adopt the first model connection that passes (a new version)', async () => {
    const a = await signup();
    const db = tenantDb(env, a.tenant.id);
    const failing = await connection(a, { name: 'Wrong key', auth: { type: 'bearer', secret: 'bad-key' } });
    const bad = await testConnection(db, bare, failing, actorOf(a));
    expect(bad.result.ok).toBe(false);
    expect(bad.adopted).toEqual([]);
    expect((await helloWorld(a)).version).toBe(1);

    const good = await connection(a);
    const r = await testConnection(db, bare, good, actorOf(a));
    expect(r.result.ok).toBe(true);
    expect(r.adopted).toEqual([{ id: (await helloWorld(a)).id, name: 'Hello World', model: 'gpt-4o-mini', version: 2 }]);
    const hello = await helloWorld(a);
    expect(hello).toMatchObject({ version: 2, connection_id: good, model: 'gpt-4o-mini' });
    const versions = (await (await api(`/api/v1/agents/${hello.id}/versions`, { as: a })).json()) as {
      data: { version: number; connection_id: string | null }[];
    };
    expect(versions.data.map((v) => [v.version, v.connection_id])).toEqual([
      [2, good],
      [1, null],
    ]);

    // A second connection that passes changes nothing: every agent has a model now.
    expect((await testConnection(db, bare, await connection(a, { name: 'Second' }), actorOf(a))).adopted).toEqual([]);
    expect((await helloWorld(a)).version).toBe(2);
  });

  it('leaves agents alone when the platform default serves them, and never touches another tenant', async () => {
    const a = await signup();
    const b = await signup();
    const r = await testConnection(tenantDb(env, a.tenant.id), env, await connection(a), actorOf(a));
    expect(r).toMatchObject({ result: { ok: true }, adopted: [] });
    await testConnection(tenantDb(env, a.tenant.id), bare, await connection(a, { name: 'Bare' }), actorOf(a));
    expect((await helloWorld(a)).version).toBe(2);
    expect(await helloWorld(b)).toMatchObject({ version: 1, connection_id: null });
  });

  it('does not adopt an http or MCP connection, which serves no model', async () => {
    const a = await signup();
    const id = await connection(a, { kind: 'http', base_url: inject('toolsApiUrl'), config: { health_path: '/health' }, auth: { type: 'none' } });
    const r = await testConnection(tenantDb(env, a.tenant.id), bare, id, actorOf(a));
    expect(r).toMatchObject({ result: { ok: true }, adopted: [] });
  });

  it('shows the last outcome on the connections page and ticks the dashboard step only after a pass', async () => {
    const a = await signup();
    const id = await connection(a, { auth: { type: 'bearer', secret: 'bad-key' } });
    expect(await (await getPage(a, '/app/connections')).text()).toContain('Not tested yet');
    const failed = await (await postForm(a, `/app/connections/${id}/test`, {}, { htmx: true })).text();
    expect(failed).toContain('The test failed');
    expect(await (await getPage(a, '/app/connections')).text()).toContain('Last test failed');
    expect(await (await getPage(a, '/app')).text()).toContain('0 of 3 done');
    await api(`/api/v1/connections/${id}`, { method: 'PATCH', body: { auth: { secret: 'sk-good-key-123456' } }, as: a });
    const passed = await (await postForm(a, `/app/connections/${id}/test`, {}, { htmx: true })).text();
    expect(passed).toContain('Works');
    expect(passed).toMatch(new RegExp(`<hx-partial hx-target="#last-check-${id}" hx-swap="outerHTML"><p class="conn-meta" id="last-check-${id}">`));
    expect(await (await getPage(a, '/app/connections')).text()).toContain('Last test passed');
    expect(await (await getPage(a, '/app')).text()).toContain('1 of 3 done');
  });
});

describe('pickModel', () => {
  it("keeps the agent's model when listed, else the starter model, else the first chat model", () => {
    expect(pickModel(['a-model', 'gpt-4o', 'gpt-4o-mini'], 'gpt-4o')).toBe('gpt-4o');
    expect(pickModel(['llama3', 'gpt-4o-mini'], 'claude')).toBe('gpt-4o-mini');
    expect(pickModel(['text-embedding-3-small', 'whisper-1', 'llama3.1'], 'gpt-4o-mini')).toBe('llama3.1');
    expect(pickModel(['text-embedding-3-small'], 'x')).toBe('text-embedding-3-small');
    expect(pickModel([], 'x')).toBeNull();
  });
});
