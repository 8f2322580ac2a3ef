// Embed keys API (routes/api/embed-keys.ts): create with allowed origins and widget settings, list, change, revoke;
// validation; another tenant's agent or key answers 404.
import { describe, expect, it } from 'vitest';
import { api, apiKey, expectError, helloWorld, signup } from './helpers';

const keysOf = (agentId: string) => `/api/v1/agents/${agentId}/embed-keys`;

describe('embed keys', () => {
  it('creates a key with normalized origins and settings, lists it, changes it and revokes it', async () => {
    const a = await signup();
    const agentId = (await helloWorld(a)).id;
    const res = await api(keysOf(agentId), {
      body: {
        allowed_origins: ['https://WWW.Example.com/', 'http://localhost:3000', 'https://*.example.org', 'https://www.example.com'],
        greeting: 'Hi! Ask me anything.',
        suggested_prompts: ['What can you do?', 'Opening hours?'],
        theme: { title: 'Acme help', color: '#0f766e', position: 'left', mode: 'dark' },
      },
      as: a,
    });
    expect(res.status).toBe(201);
    const key = (await res.json()) as any;
    expect(key.id).toMatch(/^emb_/);
    expect(key.public_key).toMatch(/^pk_[A-Za-z0-9_-]{24}$/);
    expect(key).toMatchObject({
      agent_id: agentId,
      name: 'Website',
      allowed_origins: ['https://www.example.com', 'http://localhost:3000', 'https://*.example.org'],
      greeting: 'Hi! Ask me anything.',
      suggested_prompts: ['What can you do?', 'Opening hours?'],
      theme: { title: 'Acme help', color: '#0f766e', position: 'left', mode: 'dark' },
    });

    const list = (await (await api(keysOf(agentId), { as: a })).json()) as any;
    expect(list.data.map((k: any) => k.id)).toEqual([key.id]);

    const patched = await api(`${keysOf(agentId)}/${key.id}`, {
      method: 'PATCH',
      body: { allowed_origins: ['https://shop.example.com'], greeting: '' },
      as: a,
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      allowed_origins: ['https://shop.example.com'],
      greeting: null,
      suggested_prompts: ['What can you do?', 'Opening hours?'],
      public_key: key.public_key,
    });

    expect((await api(`${keysOf(agentId)}/${key.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect(((await (await api(keysOf(agentId), { as: a })).json()) as any).data).toEqual([]);
    await expectError(await api(`${keysOf(agentId)}/${key.id}`, { method: 'DELETE', as: a }), 404, 'not_found');
  });

  it('works with an API key that may write agents, and refuses one that may only read them', async () => {
    const a = await signup();
    const agentId = (await helloWorld(a)).id;
    const writer = await apiKey(a, ['agents:write']);
    expect((await api(keysOf(agentId), { body: { allowed_origins: ['https://a.example'] }, as: { key: writer } })).status).toBe(201);
    const reader = await apiKey(a, ['agents:read']);
    expect((await api(keysOf(agentId), { as: { key: reader } })).status).toBe(200);
    await expectError(await api(keysOf(agentId), { body: { allowed_origins: ['https://a.example'] }, as: { key: reader } }), 403, 'insufficient_scope');
  });

  it('refuses anything that is not an origin, per entry', async () => {
    const a = await signup();
    const agentId = (await helloWorld(a)).id;
    for (const bad of ['*', 'example.com', 'https://example.com/path', 'ftp://example.com', 'https://user:pw@example.com', 'null', 'https://*']) {
      const err = await expectError(await api(keysOf(agentId), { body: { allowed_origins: ['https://ok.example', bad] }, as: a }), 400, 'validation_failed');
      expect(err.details).toEqual([expect.objectContaining({ path: 'allowed_origins.1' })]);
    }
    await expectError(await api(keysOf(agentId), { body: { allowed_origins: [] }, as: a }), 400, 'validation_failed');
    await expectError(await api(keysOf(agentId), { body: {}, as: a }), 400, 'validation_failed');
    const err = await expectError(
      await api(keysOf(agentId), { body: { allowed_origins: ['https://ok.example'], theme: { color: 'red', avatar_url: 'javascript:alert(1)' } }, as: a }),
      400,
    );
    expect(err.details!.map((d) => d.path).sort()).toEqual(['theme.avatar_url', 'theme.color']);
    await expectError(await api(keysOf('agt_nope'), { body: { allowed_origins: ['https://ok.example'] }, as: a }), 404, 'not_found');
  });

  it("answers 404 for another tenant's agent and another tenant's key", async () => {
    const a = await signup('Tenant A');
    const b = await signup('Tenant B');
    const agentA = (await helloWorld(a)).id;
    const agentB = (await helloWorld(b)).id;
    const key = (await (await api(keysOf(agentA), { body: { allowed_origins: ['https://a.example'] }, as: a })).json()) as any;
    await expectError(await api(keysOf(agentA), { as: b }), 404, 'not_found');
    await expectError(await api(keysOf(agentA), { body: { allowed_origins: ['https://b.example'] }, as: b }), 404, 'not_found');
    await expectError(await api(`${keysOf(agentA)}/${key.id}`, { as: b }), 404, 'not_found');
    await expectError(
      await api(`${keysOf(agentA)}/${key.id}`, { method: 'PATCH', body: { allowed_origins: ['https://evil.example'] }, as: b }),
      404,
      'not_found',
    );
    await expectError(await api(`${keysOf(agentA)}/${key.id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    // a key id through B's own agent is still not found
    await expectError(await api(`${keysOf(agentB)}/${key.id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    expect(((await (await api(keysOf(agentA), { as: a })).json()) as any).data).toHaveLength(1);
  });

  it('needs a signed-in caller', async () => {
    const a = await signup();
    await expectError(await api(keysOf((await helloWorld(a)).id)), 401, 'unauthorized');
  });
});
