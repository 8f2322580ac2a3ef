// Accounts API (routes/api/auth.ts, routes/api/me.ts): sign-up, login, logout, CSRF, Origin checks and rate limits.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, api, expectError, sessionCookie, signup, uniqueEmail, uniqueIp } from './helpers';

describe('sign-up', () => {
  it('creates the tenant, its owner, a Hello World agent and a session', async () => {
    const ip = uniqueIp();
    const email = uniqueEmail();
    const res = await api('/api/v1/auth/signup', { body: { email, password: 'long enough pw', organization: 'Globex', name: 'Ada' }, as: { ip } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.user).toMatchObject({ email, name: 'Ada' });
    expect(body.user.id).toMatch(/^usr_/);
    expect(body.tenant).toMatchObject({ name: 'Globex', slug: expect.stringMatching(/^globex/) });
    expect(body.tenant.id).toMatch(/^ten_/);
    expect(body.csrf_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await api('/api/v1/me', { as: { cookie: sessionCookie(res) } });
    expect(await me.json()).toMatchObject({ user: { email }, tenant: { id: body.tenant.id }, role: 'owner', csrf_token: body.csrf_token });

    const agents = (await (await api('/api/v1/agents', { as: { cookie: sessionCookie(res) } })).json()) as any;
    expect(agents.data).toHaveLength(1);
    expect(agents.data[0]).toMatchObject({ name: 'Hello World', slug: 'hello-world', version: 1, runtime: 'edge' });
  });

  it('stores the password as a salted PBKDF2 hash, never in clear', async () => {
    const a = await signup();
    const b = await signup();
    const rows = await env.DB.prepare('select password_hash from users where email in (?, ?)').bind(a.email, b.email).all<{ password_hash: string }>();
    const [h1, h2] = rows.results.map((r) => r.password_hash);
    expect(h1).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(h1).not.toContain(a.password);
    expect(h1).not.toBe(h2); // same password, different salts
  });

  it('refuses a duplicate email with 409, whatever its case', async () => {
    const a = await signup();
    const res = await api('/api/v1/auth/signup', {
      body: { email: a.email.toUpperCase(), password: 'another password', organization: 'Other' },
      as: { ip: uniqueIp() },
    });
    const err = await expectError(res, 409, 'conflict');
    expect(err.details).toEqual([{ path: 'email', message: 'is already registered' }]);
  });

  it('explains every invalid field at once', async () => {
    const res = await api('/api/v1/auth/signup', { body: { email: 'not-an-email', password: 'short', organization: '' }, as: { ip: uniqueIp() } });
    const err = await expectError(res, 400, 'validation_failed');
    expect(err.details!.map((d) => d.path).sort()).toEqual(['email', 'organization', 'password']);
  });

  it('answers wrong types and missing fields with 400, never 5xx', async () => {
    for (const body of [{}, { email: 5, password: [], organization: {} }, [], 'null', '"text"']) {
      const res = await api('/api/v1/auth/signup', { body, as: { ip: uniqueIp() } });
      await expectError(res, 400);
    }
  });
});

describe('login and logout', () => {
  it('logs in with the right password and sets a new session', async () => {
    const a = await signup();
    const res = await api('/api/v1/auth/login', { body: { email: a.email, password: a.password }, as: { ip: uniqueIp() } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ user: { id: a.user.id }, tenant: { id: a.tenant.id } });
    expect(sessionCookie(res)).not.toBe(a.cookie);
  });

  it('gives a wrong password and an unknown email the same 401', async () => {
    const a = await signup();
    const wrong = await expectError(
      await api('/api/v1/auth/login', { body: { email: a.email, password: 'wrong password!' }, as: { ip: uniqueIp() } }),
      401,
      'unauthorized',
    );
    const unknown = await expectError(
      await api('/api/v1/auth/login', { body: { email: uniqueEmail('ghost'), password: 'wrong password!' }, as: { ip: uniqueIp() } }),
      401,
      'unauthorized',
    );
    expect(wrong.message).toBe(unknown.message);
  });

  it('revokes the session on logout', async () => {
    const a = await signup();
    expect((await api('/api/v1/auth/logout', { method: 'POST', as: a })).status).toBe(204);
    await expectError(await api('/api/v1/me', { as: a }), 401, 'unauthorized');
  });

  it('rate limits login attempts per IP across emails', { timeout: 30_000 }, async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await api('/api/v1/auth/login', { body: { email: uniqueEmail('spray'), password: 'wrong password!' }, as: { ip } })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

describe('CSRF and Origin', () => {
  it('refuses a cookie-authenticated change without the CSRF token', async () => {
    const a = await signup();
    const res = await api('/api/v1/agents', { body: { name: 'X', model: 'm' }, as: { cookie: a.cookie } });
    await expectError(res, 403, 'csrf_failed');
    const wrong = await api('/api/v1/agents', { body: { name: 'X', model: 'm' }, as: { cookie: a.cookie, csrf: 'forged' } });
    await expectError(wrong, 403, 'csrf_failed');
  });

  it('refuses a cross-site Origin even with a valid token', async () => {
    const a = await signup();
    const res = await api('/api/v1/agents', { body: { name: 'X', model: 'm' }, as: a, headers: { origin: 'https://evil.example' } });
    await expectError(res, 403, 'csrf_failed');
    const same = await api('/api/v1/agents', { body: { name: 'X', model: 'm' }, as: a, headers: { origin: BASE } });
    expect(same.status).toBe(201);
  });

  it('refuses a cross-site login form post', async () => {
    const res = await SELF.fetch(`${BASE}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'email=a%40b.co&password=whatever123',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
  });

  it('marks the cookie Secure and __Host- over https', async () => {
    const res = await SELF.fetch('https://edgent.test/api/v1/auth/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': uniqueIp() },
      body: JSON.stringify({ email: uniqueEmail(), password: 'long enough pw', organization: 'Secure Co' }),
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-edgent_session=/);
    expect(cookie).toMatch(/Secure/);
  });
});

describe('GET /api/v1/me', () => {
  it('answers 401 without credentials and with a bogus cookie', async () => {
    await expectError(await api('/api/v1/me'), 401, 'unauthorized');
    await expectError(await api('/api/v1/me', { as: { cookie: 'edgent_session=bogus' } }), 401, 'unauthorized');
  });
});
