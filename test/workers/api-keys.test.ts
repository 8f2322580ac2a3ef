// API keys (routes/api/api-keys.ts): shown once, stored hashed, Bearer auth, scopes enforced, revoke is immediate.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clearAuthCache } from '../../worker/middleware/auth-cache';
import { api, apiKey, expectError, signup } from './helpers';

describe('api keys', () => {
  it('shows the key once, stores only its hash, and lists it without the key', async () => {
    const a = await signup();
    const res = await api('/api/v1/api-keys', { body: { name: 'CI', scopes: ['agents:read'] }, as: a });
    expect(res.status).toBe(201);
    const created = (await res.json()) as any;
    expect(created).toMatchObject({ name: 'CI', scopes: ['agents:read'], prefix: created.key.slice(0, 12) });
    expect(created.id).toMatch(/^key_/);
    expect(created.key).toMatch(/^edg_[A-Za-z0-9_-]{40}$/);

    const stored = await env.DB.prepare('select * from api_keys where id = ?').bind(created.id).first<Record<string, unknown>>();
    expect(JSON.stringify(stored)).not.toContain(created.key);

    const list = await (await api('/api/v1/api-keys', { as: a })).text();
    expect(list).toContain(created.id);
    expect(list).not.toContain(created.key);
  });

  it('authenticates with Bearer and acts in the key owner’s tenant', async () => {
    const a = await signup('Keyed Co');
    const key = await apiKey(a);
    const me = (await (await api('/api/v1/me', { as: { key } })).json()) as any;
    expect(me).toMatchObject({ tenant: { id: a.tenant.id, name: 'Keyed Co' }, user: { id: a.user.id }, csrf_token: null, api_key: { scopes: ['*'] } });
    // API-key calls need no CSRF token
    expect((await api('/api/v1/agents', { body: { name: 'By key', model: 'm' }, as: { key } })).status).toBe(201);
  });

  it('answers 401 at once after a key is revoked', async () => {
    const a = await signup();
    const key = await apiKey(a);
    const id = ((await (await api('/api/v1/api-keys', { as: a })).json()) as any).data[0].id;
    expect((await api('/api/v1/agents', { as: { key } })).status).toBe(200);
    expect((await api(`/api/v1/api-keys/${id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await api('/api/v1/agents', { as: { key } }), 401, 'unauthorized');
    await expectError(await api(`/api/v1/api-keys/${id}`, { method: 'DELETE', as: a }), 404, 'not_found');
  });

  it('refuses malformed and unknown keys with 401', async () => {
    await expectError(await api('/api/v1/agents', { as: { key: 'edg_doesnotexist' } }), 401, 'unauthorized');
    await expectError(await api('/api/v1/agents', { headers: { authorization: 'Basic abc' } }), 401, 'unauthorized');
  });

  it('enforces scopes and names the missing one', async () => {
    const a = await signup();
    const key = await apiKey(a, ['agents:read']);
    expect((await api('/api/v1/agents', { as: { key } })).status).toBe(200);
    const err = await expectError(await api('/api/v1/agents', { body: { name: 'x', model: 'm' }, as: { key } }), 403, 'insufficient_scope');
    expect(err.message).toContain('agents:write');
    await expectError(await api('/api/v1/api-keys', { as: { key } }), 403, 'insufficient_scope');
  });

  it('lets a write scope read, and never lets a key mint a broader key', async () => {
    const a = await signup();
    const key = await apiKey(a, ['agents:write', 'api_keys:write']);
    expect((await api('/api/v1/agents', { as: { key } })).status).toBe(200);
    await expectError(await api('/api/v1/api-keys', { body: { name: 'wider', scopes: ['*'] }, as: { key } }), 403, 'insufficient_scope');
    expect((await api('/api/v1/api-keys', { body: { name: 'same', scopes: ['agents:read'] }, as: { key } })).status).toBe(201);
  });

  it('takes a preset instead of scopes, mapped to explicit scopes, and names the access in the list', async () => {
    const a = await signup();
    const make = (body: Record<string, unknown>) => api('/api/v1/api-keys', { body: { name: 'k', ...body }, as: a });
    const chat = (await (await make({ preset: 'chat' })).json()) as any;
    expect(chat).toMatchObject({ scopes: ['agents:read', 'sessions:write'], access: 'Chat only' });
    expect((await api('/v1/models', { as: { key: chat.key } })).status).toBe(200);
    expect((await api('/api/v1/agents', { body: { name: 'x', model: 'y' }, as: { key: chat.key } })).status).toBe(403);
    expect((await (await make({})).json()) as any).toMatchObject({ scopes: ['*'], access: 'Full access' });
    const reads = [
      'agents:read',
      'sessions:read',
      'connections:read',
      'tools:read',
      'api_keys:read',
      'members:read',
      'audit:read',
      'workflows:read',
      'runs:read',
      'analytics:read',
      'knowledge:read',
    ];
    expect(((await (await make({ scopes: reads })).json()) as any).access).toBe('Read only');
    const both = await expectError(await make({ preset: 'read', scopes: ['agents:read'] }), 400, 'validation_failed');
    expect(both.details).toEqual([{ path: 'preset', message: 'Send scopes or a preset, not both' }]);
    await expectError(await make({ preset: 'admin' }), 400, 'validation_failed');
  });

  it('refuses unknown scopes and missing names with 400', async () => {
    const a = await signup();
    const err = await expectError(await api('/api/v1/api-keys', { body: { scopes: ['root'] }, as: a }), 400, 'validation_failed');
    expect(err.details!.map((d) => d.path).sort()).toEqual(['name', 'scopes.0']);
  });

  it('stops working after its expiry', async () => {
    const a = await signup();
    const created = (await (await api('/api/v1/api-keys', { body: { name: 'short', expires_in_days: 1 }, as: a })).json()) as any;
    expect((await api('/api/v1/me', { as: { key: created.key } })).status).toBe(200);
    await env.DB.prepare('update api_keys set expires_at = ? where id = ?')
      .bind(Date.now() - 1, created.id)
      .run();
    clearAuthCache(); // the row changed behind the API's back; a real expiry is also honoured by the cache itself
    await expectError(await api('/api/v1/me', { as: { key: created.key } }), 401);
  });
});
