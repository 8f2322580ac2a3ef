// API keys made and managed with API keys (services/api-keys.ts): a key made with a key works, acting as that
// key's user; a key sees and manages only keys no broader than itself (scopes it covers, creators not above it).
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clearAuthCache } from '../../worker/middleware/auth-cache';
import { api, apiKey, expectError, signup } from './helpers';

type KeyJson = { id: string; key: string; scopes: string[] };
const makeKey = async (as: { key: string }, scopes: string[]) => {
  const res = await api('/api/v1/api-keys', { body: { name: 'made by a key', scopes }, as });
  expect(res.status).toBe(201);
  return (await res.json()) as KeyJson;
};
const listIds = async (as: { key?: string; cookie?: string }) =>
  ((await (await api('/api/v1/api-keys', { as })).json()) as { data: { id: string }[] }).data.map((k) => k.id);

describe('keys made with a key', () => {
  it('works at once, acting as the creating key’s user with no more scopes', async () => {
    const a = await signup('Keymaker Co');
    const parent = await apiKey(a, ['api_keys:write', 'agents:read']);
    const child = await makeKey({ key: parent }, ['agents:read']);
    const res = await api('/api/v1/agents', { as: { key: child.key } });
    expect(res.status).toBe(200);
    const me = (await (await api('/api/v1/me', { as: { key: child.key } })).json()) as { user: { id: string }; tenant: { id: string } };
    expect(me).toMatchObject({ user: { id: a.user.id }, tenant: { id: a.tenant.id } });
    await expectError(await api('/api/v1/agents', { body: { name: 'x', model: 'm' }, as: { key: child.key } }), 403, 'insufficient_scope');
    const row = await env.DB.prepare('select created_by from api_keys where id = ?').bind(child.id).first<{ created_by: string }>();
    expect(row?.created_by).toBe(a.user.id);
  });
});

describe('keys manage only keys no broader than themselves', () => {
  it('an api_keys:write key neither lists nor revokes the owner’s * key', async () => {
    const a = await signup();
    const owner = await apiKey(a);
    const narrow = await apiKey(a, ['api_keys:write']);
    const all = await listIds(a); // the signed-in owner sees every key
    expect(all).toHaveLength(2);
    const [ownerId, narrowId] = [all[1]!, all[0]!];

    expect(await listIds({ key: narrow })).toEqual([narrowId]);
    await expectError(await api(`/api/v1/api-keys/${ownerId}`, { method: 'DELETE', as: { key: narrow } }), 404, 'not_found');
    expect((await api('/api/v1/agents', { as: { key: owner } })).status).toBe(200);

    // What it made itself, or anything within its scopes, it sees and revokes.
    const child = await makeKey({ key: narrow }, ['api_keys:read']);
    expect(await listIds({ key: narrow })).toEqual([child.id, narrowId]);
    expect((await api(`/api/v1/api-keys/${child.id}`, { method: 'DELETE', as: { key: narrow } })).status).toBe(204);
    await expectError(await api('/api/v1/api-keys', { as: { key: child.key } }), 401, 'unauthorized');

    // The * key sees and manages everything.
    expect(await listIds({ key: owner })).toEqual([narrowId, ownerId]);
    expect((await api(`/api/v1/api-keys/${narrowId}`, { method: 'DELETE', as: { key: owner } })).status).toBe(204);
  });

  it('a * key of an admin does not see or revoke keys of the owner; a member’s key may not manage keys at all', async () => {
    const a = await signup();
    const b = await signup(); // another person, added to a's organization as an admin
    await env.DB.prepare("insert into memberships (id, tenant_id, user_id, role, created_at) values (?, ?, ?, 'admin', ?)")
      .bind(`mem_${crypto.randomUUID().slice(0, 8)}`, a.tenant.id, b.user.id, Date.now())
      .run();
    const memberKey = `edg_${crypto.randomUUID().replace(/-/g, '')}member`;
    const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(memberKey)))]
      .map((x) => x.toString(16).padStart(2, '0'))
      .join('');
    const memberKeyId = `key_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
    await env.DB.prepare(
      `insert into api_keys (id, tenant_id, name, prefix, key_hash, scopes, created_by, created_at) values (?, ?, 'member', ?, ?, '["*"]', ?, ?)`,
    )
      .bind(memberKeyId, a.tenant.id, memberKey.slice(0, 12), hash, b.user.id, Date.now())
      .run();
    await apiKey(a); // the owner's key
    const ownerKeyId = (await listIds(a)).find((id) => id !== memberKeyId)!;
    expect(await listIds({ key: memberKey })).toEqual([memberKeyId]);
    await expectError(await api(`/api/v1/api-keys/${ownerKeyId}`, { method: 'DELETE', as: { key: memberKey } }), 404, 'not_found');
    // As a member, the same key keeps its other uses but may no longer see or manage keys (admin and above).
    await env.DB.prepare("update memberships set role = 'member' where tenant_id = ? and user_id = ?").bind(a.tenant.id, b.user.id).run();
    clearAuthCache();
    const refused = await expectError(await api('/api/v1/api-keys', { as: { key: memberKey } }), 403, 'forbidden');
    expect(refused.details).toEqual([{ path: 'permission', message: 'api_keys:read' }]);
    expect((await api('/api/v1/agents', { as: { key: memberKey } })).status).toBe(200);
  });
});
