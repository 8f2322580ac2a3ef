// Forgot password (routes/api/auth.ts, routes/pages/auth.tsx, Settings → Members): reset by email through the fake
// Resend-style API, one-time admin links, single use, expiry, sessions revoked, no account enumeration, limits.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../worker/crypto/password';
import { httpEmailSender } from '../../worker/email/http-email-sender';
import { requestPasswordReset } from '../../worker/services/password-reset';
import { type Account, BASE, api, expectError, getPage, postForm, sessionCookie, signup, uniqueEmail, uniqueIp } from './helpers';

const mailbox = async (to: string) =>
  ((await (await fetch(`${inject('emailApiUrl')}/sent?to=${encodeURIComponent(to)}`)).json()) as { data: { from: string; subject: string; text: string }[] })
    .data;

/** Waits for the reset mail (it is sent after the 202) and returns the token from its link. */
async function mailedToken(to: string, count = 1): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const mails = await mailbox(to);
    if (mails.length >= count) {
      const m = /\/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(mails.at(-1)!.text);
      expect(m, mails.at(-1)!.text).toBeTruthy();
      return decodeURIComponent(m![1]!);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no reset mail for ${to}`);
}

const ask = (email: string, ip = uniqueIp()) => api('/api/v1/auth/password-reset', { body: { email }, as: { ip } });
const confirm = (token: string, password: string) => api('/api/v1/auth/password-reset/confirm', { body: { token, password }, as: { ip: uniqueIp() } });
const login = (email: string, password: string) => api('/api/v1/auth/login', { body: { email, password }, as: { ip: uniqueIp() } });

/** A second user who belongs only to `owner`'s organization, with the given role (no invites yet, so by SQL). */
async function addMember(owner: Account, role: 'admin' | 'member' | 'viewer') {
  const id = `usr_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const email = uniqueEmail(role);
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare('insert into users (id, email, name, password_hash, created_at, updated_at) values (?, ?, null, ?, ?, ?)').bind(
      id,
      email,
      await hashPassword('old password 123'),
      now,
      now,
    ),
    env.DB.prepare('insert into memberships (id, tenant_id, user_id, role, created_at) values (?, ?, ?, ?, ?)').bind(
      `mem_${id}`,
      owner.tenant.id,
      id,
      role,
      now,
    ),
  ]);
  const res = await login(email, 'old password 123');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrf_token: string; user: Account['user']; tenant: Account['tenant'] };
  const account: Account = {
    email,
    password: 'old password 123',
    ip: uniqueIp(),
    cookie: sessionCookie(res),
    csrf: body.csrf_token,
    user: body.user,
    tenant: body.tenant,
  };
  return { ...account, id };
}

describe('password reset by email', () => {
  it('mails a one-time link; the new password works, the old one and every old session stop working', async () => {
    const a = await signup();
    const res = await ask(a.email);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ email_configured: true, message: 'If an account exists for this email, a reset link is on its way.' });
    const token = await mailedToken(a.email);
    const [mail] = await mailbox(a.email);
    expect(mail).toMatchObject({ from: 'Edgent <no-reply@edgent.test>', subject: 'Reset your Edgent password' });
    expect(mail!.text).toContain(`${BASE}/reset-password?token=`);

    // Hashed at rest, with a one-hour expiry.
    const row = await env.DB.prepare('select token_hash, expires_at, created_at from password_resets where user_id = ?')
      .bind(a.user.id)
      .first<{ token_hash: string; expires_at: number; created_at: number }>();
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(token);
    expect(row!.expires_at - row!.created_at).toBe(3600_000);

    expect((await confirm(token, 'a brand new password')).status).toBe(204);
    expect((await api('/api/v1/me', { as: a })).status).toBe(401);
    expect((await login(a.email, a.password)).status).toBe(401);
    expect((await login(a.email, 'a brand new password')).status).toBe(200);

    const again = await expectError(await confirm(token, 'yet another password'), 400, 'bad_request');
    expect(again.message).toMatch(/invalid, used or expired/);
  });

  it('answers an unknown email exactly like a known one, and mails nothing', async () => {
    const nobody = uniqueEmail('nobody');
    const res = await ask(nobody);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ email_configured: true, message: 'If an account exists for this email, a reset link is on its way.' });
    await new Promise((r) => setTimeout(r, 200));
    expect(await mailbox(nobody)).toEqual([]);
  });

  it('refuses an expired link', async () => {
    const a = await signup();
    await ask(a.email);
    const token = await mailedToken(a.email);
    await env.DB.prepare('update password_resets set expires_at = ? where user_id = ?')
      .bind(Date.now() - 1, a.user.id)
      .run();
    await expectError(await confirm(token, 'a brand new password'), 400, 'bad_request');
    expect((await login(a.email, a.password)).status).toBe(200);
  });

  it('makes only the newest link work', async () => {
    const a = await signup();
    await ask(a.email);
    const first = await mailedToken(a.email, 1);
    await ask(a.email);
    const second = await mailedToken(a.email, 2);
    await expectError(await confirm(first, 'a brand new password'), 400);
    expect((await confirm(second, 'a brand new password')).status).toBe(204);
  });

  it('validates the input with 400s, never 5xx', async () => {
    await expectError(await ask('not-an-email'), 400, 'validation_failed');
    await expectError(await api('/api/v1/auth/password-reset', { body: [], as: { ip: uniqueIp() } }), 400);
    const short = await expectError(await confirm('x'.repeat(43), 'short'), 400, 'validation_failed');
    expect(short.details!.map((d) => d.path)).toEqual(['password']);
    await expectError(await confirm('made-up-token-that-is-long-enough', 'a brand new password'), 400, 'bad_request');
  });

  it('limits requests per email and per IP', async () => {
    const a = await signup();
    for (let i = 0; i < 5; i++) expect((await ask(a.email)).status).toBe(202);
    const res = await ask(a.email);
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);

    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) expect((await ask(uniqueEmail('spray'), ip)).status).toBe(202);
    await expectError(await ask(uniqueEmail('spray'), ip), 429, 'rate_limited');
  });

  it('mails nothing and says so when the operator set up no email', async () => {
    const a = await signup();
    const r = await requestPasswordReset({ ...env, EMAIL_API_URL: '' }, a.email, uniqueIp(), BASE);
    expect(r).toEqual({ emailConfigured: false, delivery: null });
    expect(await env.DB.prepare('select count(*) as n from password_resets where user_id = ?').bind(a.user.id).first('n')).toBe(0);
  });
});

describe('the HTTP email sender', () => {
  it('fails loudly when the email API refuses the key', async () => {
    const sender = httpEmailSender({ url: `${inject('emailApiUrl')}/emails`, apiKey: 'wrong', from: 'x@edgent.test' });
    await expect(sender.send({ to: 'a@example.com', subject: 's', text: 't' })).rejects.toThrow(/answered 401: .*API key is invalid/);
  });
});

describe('forgot-password pages', () => {
  it('links the login page to a form that answers the same for any email', async () => {
    expect(await (await getPage(null, '/login')).text()).toContain('href="/forgot-password"');
    const form = await (await getPage(null, '/forgot-password')).text();
    expect(form).toContain('action="/forgot-password"');
    const res = await SELF.fetch(`${BASE}/forgot-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': uniqueIp() },
      body: `email=${encodeURIComponent(uniqueEmail('nobody'))}`,
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toContain('Check your email');
  });

  it('sets the new password from the link and sends the user to log in', async () => {
    const a = await signup();
    await ask(a.email);
    const token = await mailedToken(a.email);
    const page = await getPage(null, `/reset-password?token=${encodeURIComponent(token)}`);
    // The token never leaves the site in a Referer, yet the form's POST keeps its Origin: under `no-referrer` a
    // browser sends `Origin: null` with a form post (Fetch, "append a request Origin header"), which is refused.
    const policy = page.headers.get('referrer-policy');
    expect(policy).toBe('same-origin');
    const origin = policy === 'no-referrer' ? 'null' : BASE;
    expect(await page.text()).toContain(`name="token" value="${token}"`);
    const post = (password: string) =>
      SELF.fetch(`${BASE}/reset-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': uniqueIp(), origin },
        body: new URLSearchParams({ token, password }).toString(),
        redirect: 'manual',
      });
    const short = await post('short');
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('Use at least 10 characters');
    const ok = await post('a brand new password');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/login?notice=password_reset');
    expect(await (await getPage(null, '/login?notice=password_reset')).text()).toContain('Your password is changed');
    const reused = await post('another new password');
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('invalid, used or expired');
  });
});

describe('reset links made by an admin (Settings → Members)', () => {
  it('shows the owner a one-time link for a member, which resets that member’s password', async () => {
    const owner = await signup();
    const member = await addMember(owner, 'member');
    const page = await (await getPage(owner, '/app/settings')).text();
    expect(page).toContain(`/app/settings/members/${member.id}/reset-link`);
    const res = await postForm(owner, `/app/settings/members/${member.id}/reset-link`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`Reset link for ${member.email}`);
    const token = decodeURIComponent(/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(html)![1]!);
    expect((await confirm(token, 'member new password')).status).toBe(204);
    expect((await api('/api/v1/me', { as: member })).status).toBe(401);
    expect((await login(member.email, 'member new password')).status).toBe(200);
  });

  it('refuses members, equal roles, one’s own account and users of other organizations', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const other = await addMember(owner, 'admin');
    const member = await addMember(owner, 'member');
    expect((await postForm(member, `/app/settings/members/${admin.id}/reset-link`)).status).toBe(403);
    expect((await postForm(admin, `/app/settings/members/${other.id}/reset-link`)).status).toBe(403);
    expect((await postForm(admin, `/app/settings/members/${owner.user.id}/reset-link`)).status).toBe(403);
    expect((await postForm(owner, `/app/settings/members/${owner.user.id}/reset-link`)).status).toBe(400);
    expect((await postForm(admin, `/app/settings/members/${member.id}/reset-link`)).status).toBe(200);

    // In a second organization too: their password guards that one as well.
    await env.DB.prepare('insert into memberships (id, tenant_id, user_id, role, created_at) values (?, ?, ?, ?, ?)')
      .bind(`mem_x_${member.id}`, (await signup()).tenant.id, member.id, 'member', Date.now())
      .run();
    const twice = await postForm(owner, `/app/settings/members/${member.id}/reset-link`);
    expect(twice.status).toBe(403);
    expect(await twice.text()).toContain('also belongs to another organization');
  });

  it('answers 404 for a user of another tenant', async () => {
    const a = await signup();
    const b = await signup();
    const res = await postForm(a, `/app/settings/members/${b.user.id}/reset-link`);
    expect(res.status).toBe(404);
    expect((await login(b.email, b.password)).status).toBe(200);
  });
});
