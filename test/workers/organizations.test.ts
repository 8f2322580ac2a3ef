// Several organizations (routes/api/organizations.ts, /me): memberships, switching the browser session (then the
// data seen is the other organization's), creating an organization; API keys stay bound to theirs.
import { describe, expect, it } from 'vitest';
import { type Caller, accept, api, auditRow, createAgent, expectError, invite, signup, tokenOf } from './helpers';

type Me = { tenant: { id: string }; role: string; memberships: { tenant: { id: string; name: string }; role: string }[] };
const me = async (as: Caller) => (await (await api('/api/v1/me', { as })).json()) as Me;
const agentNames = async (as: Caller) => ((await (await api('/api/v1/agents', { as })).json()) as { data: { name: string }[] }).data.map((a) => a.name).sort();

describe('switching organizations', () => {
  it('moves the session: the data seen is the other organization’s, with the role there', async () => {
    const person = await signup('Mine');
    const boss = await signup('Theirs');
    await createAgent(boss, { name: 'Their agent' });
    await createAgent(person, { name: 'My agent' });
    const inv = await invite(boss, 'viewer', person.email);
    expect((await accept(tokenOf(inv.url), {}, person)).status).toBe(200);
    // Accepting moved the session; switch back, then over again.
    const back = await api('/api/v1/auth/switch', { body: { tenant_id: person.tenant.id }, as: person });
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ tenant: { id: person.tenant.id, name: 'Mine' }, role: 'owner', csrf_token: person.csrf });
    expect(await agentNames(person)).toEqual(['Hello World', 'My agent']);
    const there = await api('/api/v1/auth/switch', { body: { tenant_id: boss.tenant.id }, as: person });
    expect(there.status).toBe(200);
    expect(await agentNames(person)).toEqual(['Hello World', 'Their agent']);
    expect((await me(person)).role).toBe('viewer');
    await expectError(await api('/api/v1/agents', { body: { name: 'x', instructions: 'x', model: 'gpt-4o-mini' }, as: person }), 403, 'forbidden');
    await auditRow(boss.tenant.id, 'organization.switch', boss.tenant.id);
  });

  it('a tenant the person does not belong to answers 404; bad input 400', async () => {
    const person = await signup();
    const stranger = await signup('Stranger Org');
    const res = await api('/api/v1/auth/switch', { body: { tenant_id: stranger.tenant.id }, as: person });
    const e = await expectError(res, 404);
    expect(e.message).not.toContain('Stranger Org');
    await expectError(await api('/api/v1/auth/switch', { body: {}, as: person }), 400, 'validation_failed');
    expect((await me(person)).tenant.id).toBe(person.tenant.id);
  });

  it('API keys stay bound to their organization: no switch, and /me lists only theirs', async () => {
    const person = await signup('Key Home');
    const boss = await signup();
    const inv = await invite(boss, 'member', person.email);
    await accept(tokenOf(inv.url), {}, person);
    await api('/api/v1/auth/switch', { body: { tenant_id: person.tenant.id }, as: person });
    const key = ((await (await api('/api/v1/api-keys', { body: { name: 'k' }, as: person })).json()) as { key: string }).key;
    await expectError(await api('/api/v1/auth/switch', { body: { tenant_id: boss.tenant.id }, as: { key } }), 403, 'forbidden');
    const mine = await me({ key });
    expect(mine.memberships).toEqual([{ tenant: { id: person.tenant.id, name: 'Key Home' }, role: 'owner' }]);
    // The cookie session sees both.
    expect((await me(person)).memberships.map((m) => m.tenant.id)).toEqual([person.tenant.id, boss.tenant.id]);
  });
});

describe('creating an organization', () => {
  it('makes the creator its owner, with the Hello World agent, and moves the session to it', async () => {
    const person = await signup('First');
    await createAgent(person, { name: 'First agent' });
    const res = await api('/api/v1/organizations', { body: { name: 'Second' }, as: person });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { tenant: { id: string; name: string }; role: string };
    expect(body).toMatchObject({ tenant: { name: 'Second' }, role: 'owner' });
    expect(body.tenant.id).not.toBe(person.tenant.id);
    expect(await agentNames(person)).toEqual(['Hello World']);
    expect((await me(person)).memberships).toEqual([
      { tenant: { id: person.tenant.id, name: 'First' }, role: 'owner' },
      { tenant: { id: body.tenant.id, name: 'Second' }, role: 'owner' },
    ]);
    await auditRow(body.tenant.id, 'organization.create', body.tenant.id);
    await expectError(await api('/api/v1/organizations', { body: { name: '' }, as: person }), 400, 'validation_failed');
  });

  it('is refused to an API key', async () => {
    const person = await signup();
    const key = ((await (await api('/api/v1/api-keys', { body: { name: 'k' }, as: person })).json()) as { key: string }).key;
    await expectError(await api('/api/v1/organizations', { body: { name: 'Nope' }, as: { key } }), 403, 'forbidden');
  });
});
