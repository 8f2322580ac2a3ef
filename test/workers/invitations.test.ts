// Invitations (routes/api/invitations.ts): single-use links valid 7 days, stored hashed, shown once; resend and
// revoke kill the old link; accepting signed in or as a new person; email through the fake Resend-style API.
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { sha256Hex } from '../../worker/crypto/encoding';
import { BASE, accept, api, auditRow, expectError, invite, login, signup, tokenOf, uniqueEmail, uniqueIp } from './helpers';

const mailbox = async (to: string) =>
  ((await (await fetch(`${inject('emailApiUrl')}/sent?to=${encodeURIComponent(to)}`)).json()) as { data: { subject: string; text: string }[] }).data;

async function mailed(to: string, count = 1) {
  for (let i = 0; i < 100; i++) {
    const mails = await mailbox(to);
    if (mails.length >= count) return mails;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no mail for ${to}`);
}

const newPerson = { name: 'Nia New', password: 'a long enough password' };

describe('creating invitations', () => {
  it('answers the link once, stores only its hash, mails it, and lists the invitation without it', async () => {
    const owner = await signup('Invite Co');
    const inv = await invite(owner, 'admin');
    expect(inv).toMatchObject({ email: inv.email, role: 'admin', status: 'pending', emailed: true });
    expect(inv.id).toMatch(/^inv_/);
    expect(inv.url).toMatch(new RegExp(`^${BASE}/invite/[A-Za-z0-9_-]{40,}$`));
    const days = (Date.parse(inv.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const row = await env.DB.prepare('select * from invitations where id = ?').bind(inv.id).first<Record<string, unknown>>();
    expect(row!.token_hash).toBe(await sha256Hex(tokenOf(inv.url)));
    expect(JSON.stringify(row)).not.toContain(tokenOf(inv.url));

    const [mail] = await mailed(inv.email);
    expect(mail!.subject).toBe('Join Invite Co on Edgent');
    expect(mail!.text).toContain(inv.url);
    expect(mail!.text).toContain('as an admin');

    const list = await api('/api/v1/invitations', { as: owner });
    const text = await list.text();
    expect(JSON.parse(text).data).toEqual([
      { id: inv.id, email: inv.email, role: 'admin', status: 'pending', expires_at: inv.expires_at, created_at: expect.any(String) },
    ]);
    expect(text).not.toContain(tokenOf(inv.url));

    const audit = await auditRow(owner.tenant.id, 'invitation.create', inv.id);
    expect(audit.actor_id).toBe(owner.user.id);
    expect(audit.data).not.toContain(tokenOf(inv.url));
  });

  it('refuses a member’s email, a second pending invitation, bad input, and owners invited by an admin', async () => {
    const owner = await signup();
    await expectError(await api('/api/v1/invitations', { body: { email: owner.email, role: 'member' }, as: owner }), 409, 'conflict');
    const inv = await invite(owner, 'viewer');
    const again = await expectError(await api('/api/v1/invitations', { body: { email: inv.email, role: 'member' }, as: owner }), 409, 'conflict');
    expect(again.message).toContain('pending invitation');
    const bad = await expectError(await api('/api/v1/invitations', { body: { email: 'nope', role: 'boss' }, as: owner }), 400, 'validation_failed');
    expect(bad.details!.map((d) => d.path).sort()).toEqual(['email', 'role']);

    // An admin invites up to admin; only an owner invites owners.
    const adminInv = await invite(owner, 'admin');
    const res = await accept(tokenOf(adminInv.url), newPerson);
    const admin = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrf_token: string }).csrf_token };
    await invite(admin, 'admin');
    await expectError(await api('/api/v1/invitations', { body: { email: uniqueEmail(), role: 'owner' }, as: admin }), 403, 'forbidden');
    expect((await invite(owner, 'owner')).role).toBe('owner');
  });

  it('is refused to members and viewers (403 naming the permission)', async () => {
    const owner = await signup();
    for (const role of ['member', 'viewer'] as const) {
      const inv = await invite(owner, role);
      const res = await accept(tokenOf(inv.url), newPerson);
      const who = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrf_token: string }).csrf_token };
      const e = await expectError(await api('/api/v1/invitations', { body: { email: uniqueEmail(), role: 'viewer' }, as: who }), 403, 'forbidden');
      expect(e.details).toEqual([{ path: 'permission', message: 'members:write' }]);
      expect((await api('/api/v1/invitations', { as: who })).status).toBe(200);
    }
  });
});

describe('accepting', () => {
  it('as a new person: makes the account, signs it in, in the inviting organization with the role', async () => {
    const owner = await signup('Join Me');
    const inv = await invite(owner, 'member');
    const res = await accept(tokenOf(inv.url), newPerson);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ tenant: { id: owner.tenant.id, name: 'Join Me' }, role: 'member', csrf_token: expect.any(String) });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const me = (await (await api('/api/v1/me', { as: { cookie } })).json()) as { user: { email: string; name: string }; tenant: { id: string }; role: string };
    expect(me).toMatchObject({ user: { email: inv.email, name: 'Nia New' }, tenant: { id: owner.tenant.id }, role: 'member' });
    // The password works for logging in later.
    await login({ ...owner, email: inv.email, password: newPerson.password });
    const audit = await auditRow(owner.tenant.id, 'invitation.accept', inv.id);
    expect(audit.data).toContain('member');
    // Gone from the open invitations.
    expect(((await (await api('/api/v1/invitations', { as: owner })).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it('as a signed-in person of the invited email: joins, and the session moves to that organization', async () => {
    const other = await signup('Home Org');
    const owner = await signup('Second Org');
    const inv = await invite(owner, 'viewer', other.email);
    // Signed out, an existing account must sign in first.
    await expectError(await accept(tokenOf(inv.url), newPerson), 409, 'conflict');
    // A cookie session without its CSRF token is refused.
    await expectError(await accept(tokenOf(inv.url), {}, { cookie: other.cookie }), 403, 'csrf_failed');
    // Someone else signed in cannot take it.
    const stranger = await signup();
    await expectError(await accept(tokenOf(inv.url), {}, stranger), 403, 'forbidden');

    const res = await accept(tokenOf(inv.url), {}, other);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ tenant: { id: owner.tenant.id, name: 'Second Org' }, role: 'viewer' });
    const me = (await (await api('/api/v1/me', { as: other })).json()) as { tenant: { id: string }; role: string; memberships: unknown[] };
    expect(me.tenant.id).toBe(owner.tenant.id);
    expect(me.role).toBe('viewer');
    expect(me.memberships).toEqual([
      { tenant: { id: other.tenant.id, name: 'Home Org' }, role: 'owner' },
      { tenant: { id: owner.tenant.id, name: 'Second Org' }, role: 'viewer' },
    ]);
  });

  it('a used link answers 410, once only even for two requests at once', async () => {
    const owner = await signup();
    const inv = await invite(owner);
    const [a, b] = await Promise.all([accept(tokenOf(inv.url), newPerson), accept(tokenOf(inv.url), newPerson)]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
    const again = await expectError(await accept(tokenOf(inv.url), newPerson), 410, 'gone');
    expect(again.message).toContain('already been used');
  });

  it('an expired link answers 410 and can be resent', async () => {
    const owner = await signup();
    const inv = await invite(owner);
    await env.DB.prepare('update invitations set expires_at = ? where id = ?')
      .bind(Date.now() - 1, inv.id)
      .run();
    const e = await expectError(await accept(tokenOf(inv.url), newPerson), 410, 'gone');
    expect(e.message).toContain('expired');
    const list = (await (await api('/api/v1/invitations', { as: owner })).json()) as { data: { status: string }[] };
    expect(list.data[0]!.status).toBe('expired');
    const again = await api(`/api/v1/invitations/${inv.id}/resend`, { method: 'POST', as: owner });
    expect(again.status).toBe(200);
    expect((await accept(tokenOf(((await again.json()) as { url: string }).url), newPerson)).status).toBe(200);
  });

  it('resend: a new link (mailed again), the old one answers 410', async () => {
    const owner = await signup();
    const inv = await invite(owner);
    const res = await api(`/api/v1/invitations/${inv.id}/resend`, { method: 'POST', as: owner });
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as { id: string; url: string };
    expect(fresh.id).toBe(inv.id);
    expect(fresh.url).not.toBe(inv.url);
    const mails = await mailed(inv.email, 2);
    expect(mails.at(-1)!.text).toContain(fresh.url);
    await expectError(await accept(tokenOf(inv.url), newPerson), 410, 'gone');
    expect((await accept(tokenOf(fresh.url), newPerson)).status).toBe(200);
    await auditRow(owner.tenant.id, 'invitation.resend', inv.id);
  });

  it('revoke: the link answers 410; revoking twice is 404', async () => {
    const owner = await signup();
    const inv = await invite(owner);
    expect((await api(`/api/v1/invitations/${inv.id}`, { method: 'DELETE', as: owner })).status).toBe(204);
    const e = await expectError(await accept(tokenOf(inv.url), newPerson), 410, 'gone');
    expect(e.message).toContain('revoked');
    await expectError(await api(`/api/v1/invitations/${inv.id}`, { method: 'DELETE', as: owner }), 404);
    await auditRow(owner.tenant.id, 'invitation.revoke', inv.id);
  });

  it('an unknown token answers 410; a new person needs a name and a password', async () => {
    const owner = await signup();
    await expectError(await accept('x'.repeat(43), newPerson), 410, 'gone');
    const inv = await invite(owner);
    const e = await expectError(await accept(tokenOf(inv.url), { name: 'No Password' }), 400, 'validation_failed');
    expect(e.details).toEqual([{ path: 'password', message: 'Choose a password' }]);
    // The failed attempt did not use the link.
    expect((await accept(tokenOf(inv.url), newPerson)).status).toBe(200);
  });

  it('an API key cannot accept', async () => {
    const owner = await signup();
    const inv = await invite(owner);
    const key = ((await (await api('/api/v1/api-keys', { body: { name: 'k' }, as: owner })).json()) as { key: string }).key;
    await expectError(await accept(tokenOf(inv.url), {}, { key, ip: uniqueIp() }), 403, 'forbidden');
  });
});

describe('two organizations', () => {
  it('another organization’s invitation answers 404 to resend and revoke, and is not listed', async () => {
    const a = await signup();
    const b = await signup();
    const inv = await invite(a);
    await expectError(await api(`/api/v1/invitations/${inv.id}/resend`, { method: 'POST', as: b }), 404);
    await expectError(await api(`/api/v1/invitations/${inv.id}`, { method: 'DELETE', as: b }), 404);
    expect(((await (await api('/api/v1/invitations', { as: b })).json()) as { data: unknown[] }).data).toEqual([]);
    // Still usable in A.
    expect((await accept(tokenOf(inv.url), newPerson)).status).toBe(200);
  });
});
