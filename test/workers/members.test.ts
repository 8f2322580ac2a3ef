// Members (routes/api/members.ts): list, change roles, remove and leave; the last owner stays; admins cannot touch
// owners; a removed person's sessions and keys stop working at once.
import { describe, expect, it } from 'vitest';
import { type Caller, addMember, api, auditRow, expectError, login, signup } from './helpers';

const patch = (as: Caller, userId: string, role: string) => api(`/api/v1/members/${userId}`, { method: 'PATCH', body: { role }, as });
const remove = (as: Caller, userId: string) => api(`/api/v1/members/${userId}`, { method: 'DELETE', as });

describe('the member list', () => {
  it('lists everyone with their role, oldest first, to any member', async () => {
    const owner = await signup();
    const viewer = await addMember(owner, 'viewer');
    const res = await api('/api/v1/members', { as: viewer });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: [
        { user: { id: owner.user.id, email: owner.email, name: null }, role: 'owner', joined_at: expect.any(String) },
        { user: { id: viewer.user.id, email: viewer.email, name: 'New viewer' }, role: 'viewer', joined_at: expect.any(String) },
      ],
      next_cursor: null,
    });
  });
});

describe('changing roles', () => {
  it('an owner promotes and demotes; the new role applies at once and is audited with before and after', async () => {
    const owner = await signup();
    const m = await addMember(owner, 'viewer');
    await expectError(await api('/api/v1/agents', { body: { name: 'x', instructions: 'x', model: 'gpt-4o-mini' }, as: m }), 403, 'forbidden');
    const res = await patch(owner, m.user.id, 'member');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { id: m.user.id }, role: 'member' });
    // The same session, right away: now allowed.
    expect((await api('/api/v1/agents', { body: { name: 'x', instructions: 'x', model: 'gpt-4o-mini' }, as: m })).status).toBe(201);
    const audit = await auditRow(owner.tenant.id, 'member.role_change', m.user.id);
    expect(JSON.parse(audit.data!)).toEqual({ changes: { role: { before: 'viewer', after: 'member' } } });
  });

  it('the last owner cannot be demoted (409); with a second owner they can', async () => {
    const owner = await signup();
    const e = await expectError(await patch(owner, owner.user.id, 'admin'), 409, 'conflict');
    expect(e.message).toContain('last owner');
    const second = await addMember(owner, 'admin');
    expect((await patch(owner, second.user.id, 'owner')).status).toBe(200);
    expect((await patch(second, owner.user.id, 'admin')).status).toBe(200);
    // Now `second` is the only owner.
    await expectError(await patch(second, second.user.id, 'member'), 409, 'conflict');
  });

  it('admins cannot change owners nor make owners; members cannot change roles', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const member = await addMember(owner, 'member');
    await expectError(await patch(admin, owner.user.id, 'member'), 403, 'forbidden');
    await expectError(await patch(admin, member.user.id, 'owner'), 403, 'forbidden');
    expect((await patch(admin, member.user.id, 'viewer')).status).toBe(200);
    const refused = await expectError(await patch(member, admin.user.id, 'viewer'), 403, 'forbidden');
    expect(refused.details).toEqual([{ path: 'permission', message: 'members:write' }]);
    await expectError(await patch(owner, member.user.id, 'boss'), 400, 'validation_failed');
  });
});

describe('removing and leaving', () => {
  it('removal ends the person’s sessions and API keys in the organization at once', async () => {
    const owner = await signup();
    const m = await addMember(owner, 'admin');
    const key = ((await (await api('/api/v1/api-keys', { body: { name: 'theirs' }, as: m })).json()) as { key: string }).key;
    expect((await api('/api/v1/agents', { as: { key } })).status).toBe(200);
    expect((await api('/api/v1/agents', { as: m })).status).toBe(200);
    expect((await remove(owner, m.user.id)).status).toBe(204);
    await expectError(await api('/api/v1/agents', { as: m }), 401);
    await expectError(await api('/api/v1/agents', { as: { key } }), 401);
    expect(((await (await api('/api/v1/members', { as: owner })).json()) as { data: unknown[] }).data).toHaveLength(1);
    await auditRow(owner.tenant.id, 'member.remove', m.user.id);
  });

  it('admins cannot remove owners; members cannot remove others; anyone may leave; the last owner cannot', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const member = await addMember(owner, 'member');
    await expectError(await remove(admin, owner.user.id), 403, 'forbidden');
    await expectError(await remove(member, admin.user.id), 403, 'forbidden');
    const last = await expectError(await remove(owner, owner.user.id), 409, 'conflict');
    expect(last.message).toContain('cannot leave');
    expect((await remove(member, member.user.id)).status).toBe(204);
    await expectError(await api('/api/v1/agents', { as: member }), 401);
    await auditRow(owner.tenant.id, 'member.leave', member.user.id);
  });

  it('someone leaving one of their organizations moves to another one', async () => {
    const home = await signup('Home');
    const other = await signup('Other');
    const inv = await api('/api/v1/invitations', { body: { email: home.email, role: 'member' }, as: other });
    const token = decodeURIComponent(((await inv.json()) as { url: string }).url.split('/invite/')[1]!);
    expect((await api('/api/v1/invitations/accept', { body: { token }, as: home })).status).toBe(200);
    expect((await remove(home, home.user.id)).status).toBe(204);
    const me = (await (await api('/api/v1/me', { as: home })).json()) as { tenant: { id: string }; memberships: unknown[] };
    expect(me.tenant.id).toBe(home.tenant.id);
    expect(me.memberships).toEqual([{ tenant: { id: home.tenant.id, name: 'Home' }, role: 'owner' }]);
    // And can still sign in, to the organization they kept.
    expect((await login(home)).cookie).toBeTruthy();
  });
});

describe('two organizations', () => {
  it('another organization’s member answers 404 to change and remove', async () => {
    const a = await signup();
    const b = await signup();
    const am = await addMember(a, 'member');
    await expectError(await patch(b, am.user.id, 'viewer'), 404);
    await expectError(await remove(b, am.user.id), 404);
    await expectError(await patch(b, a.user.id, 'viewer'), 404);
    const list = (await (await api('/api/v1/members', { as: b })).json()) as { data: { user: { id: string } }[] };
    expect(list.data.map((m) => m.user.id)).toEqual([b.user.id]);
    expect((await api('/api/v1/agents', { as: am })).status).toBe(200);
  });
});
