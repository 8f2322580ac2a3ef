// Single sign-on end to end against a real OpenID provider on loopback (test/fixtures/oidc-provider.mjs): the test
// follows every redirect by hand, logs in on the provider's own login form, and hands the callback to the Worker.
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it, vi } from 'vitest';
import { app } from '../../worker/app';
import { BASE, signup, uniqueEmail, uniqueIp } from './helpers';

const ISSUER = inject('oidcIssuer');
type Tamper = 'forged' | 'audience' | 'audiences' | 'azp' | 'nonce' | 'issuer' | 'expired' | 'userinfo';

/** An account at the provider; its id is the `sub` of its tokens. */
async function providerAccount(a: { email: string; email_verified?: boolean; name?: string; tamper?: Tamper }): Promise<string> {
  const id = `sub-${crypto.randomUUID()}`;
  const res = await fetch(`${ISSUER}/test/accounts`, { method: 'POST', body: JSON.stringify({ id, email_verified: true, ...a }) });
  expect(res.status).toBe(204);
  return id;
}

/** GET /auth/oidc/start as a browser: the provider URL and the browser-binding cookie. */
async function start(next?: string, ip = uniqueIp()) {
  const res = await SELF.fetch(`${BASE}/auth/oidc/start${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`, {
    redirect: 'manual',
    headers: { 'cf-connecting-ip': ip },
  });
  expect(res.status).toBe(302);
  const cookie = /(edgent_oidc=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
  expect(cookie).toBeTruthy();
  return { authUrl: res.headers.get('location')!, cookie: cookie!, ip };
}

/** The person logs in on the provider's login form; answers the callback URL the provider sends the browser to. */
async function loginAtProvider(authUrl: string, accountId: string): Promise<string> {
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie } });
    // workerd's Headers.getAll keeps each Set-Cookie apart (a joined header would split inside Expires dates).
    for (const c of (res.headers as unknown as { getAll(name: string): string[] }).getAll('set-cookie')) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
  expect(new URL(authUrl).origin).toBe(ISSUER);
  let res = await go(authUrl);
  let location = new URL(res.headers.get('location')!, ISSUER).href;
  expect(location).toMatch(/\/interaction\//);
  const form = await go(location);
  expect(await form.text()).toContain('name="login"');
  res = await go(location, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login: accountId, password: 'any' }).toString(),
  });
  for (let hops = 0; hops < 5; hops++) {
    location = new URL(res.headers.get('location')!, ISSUER).href;
    if (location.startsWith(`${BASE}/auth/oidc/callback`)) return location;
    res = await go(location);
  }
  throw new Error(`the provider never sent the browser back (last: ${location})`);
}

async function callback(url: string, cookie: string | undefined, ip: string) {
  return SELF.fetch(url, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), 'cf-connecting-ip': ip } });
}

/** The whole sign-on for `accountId`; answers the Worker's final response. */
async function signOn(accountId: string, next?: string) {
  const s = await start(next);
  return callback(await loginAtProvider(s.authUrl, accountId), s.cookie, s.ip);
}

async function me(res: Response) {
  const cookie = /(edgent_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  expect(cookie).toBeTruthy();
  const r = await SELF.fetch(`${BASE}/api/v1/me`, { headers: { cookie: cookie! } });
  expect(r.status).toBe(200);
  return (await r.json()) as { user: { id: string; email: string }; tenant: { id: string } };
}

async function expectRefused(res: Response, text: RegExp) {
  expect(res.status).toBe(400);
  expect(res.headers.get('set-cookie') ?? '').not.toMatch(/edgent_session=[^;]/);
  const html = await res.text();
  expect(html).toMatch(text);
  return html;
}

const auditRows = (tenantId: string, action: string) =>
  env.DB.prepare('select actor_id, target_id, data, ip from audit_log where tenant_id = ? and action = ?')
    .bind(tenantId, action)
    .all<{ actor_id: string; target_id: string; data: string | null; ip: string | null }>()
    .then((r) => r.results);

describe('single sign-on (OpenID Connect)', () => {
  it('shows "Sign in with <name>" on the login page, carrying next', async () => {
    const html = await (await SELF.fetch(`${BASE}/login?next=/app/agents`)).text();
    expect(html).toContain('Sign in with Test IdP');
    expect(html).toContain('href="/auth/oidc/start?next=%2Fapp%2Fagents"');
  });

  it('sends the browser to the provider with code flow, PKCE S256, state and nonce', async () => {
    const { authUrl } = await start('/app');
    const q = new URL(authUrl).searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('edgent-test');
    expect(q.get('redirect_uri')).toBe(`${BASE}/auth/oidc/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toMatch(/^[\w-]{43}$/);
    expect(q.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(q.get('scope')).toBe('openid email profile');
  });

  it('signs an existing user in by verified email, links the identity and returns to next', async () => {
    const owner = await signup('SSO Existing Co');
    const sub = await providerAccount({ email: owner.email.toUpperCase() });
    const res = await signOn(sub, '/app/agents?tab=mine');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/agents?tab=mine');
    const who = await me(res);
    expect(who.user.id).toBe(owner.user.id);
    expect(who.tenant.id).toBe(owner.tenant.id);
    const link = await env.DB.prepare('select user_id from user_identities where issuer = ? and subject = ?').bind(ISSUER, sub).first();
    expect(link).toEqual({ user_id: owner.user.id });
    await vi.waitFor(async () => expect(await auditRows(owner.tenant.id, 'auth.sso_login')).toHaveLength(1), { timeout: 10_000 });
    const [row] = await auditRows(owner.tenant.id, 'auth.sso_login');
    expect(row).toMatchObject({ actor_id: owner.user.id, target_id: owner.user.id });
  });

  it('keeps mapping a linked subject to its user after the email changes at the provider (the link wins over email)', async () => {
    const first = await signup('Linked Co');
    const other = await signup('Other Co');
    const sub = await providerAccount({ email: first.email });
    expect((await signOn(sub)).status).toBe(303);
    // Same subject, now with the other user's email: it still signs in as the linked user.
    const again = await fetch(`${ISSUER}/test/accounts`, { method: 'POST', body: JSON.stringify({ id: sub, email: other.email, email_verified: true }) });
    expect(again.status).toBe(204);
    const res = await signOn(sub);
    expect(res.status).toBe(303);
    expect((await me(res)).user.id).toBe(first.user.id);
  });

  it('refuses a second subject with the email of a user already linked at this provider, and audits it', async () => {
    const owner = await signup('Conflict Co');
    expect((await signOn(await providerAccount({ email: owner.email }))).status).toBe(303);
    const res = await signOn(await providerAccount({ email: owner.email }));
    await expectRefused(res, /linked to another Test IdP account/);
    await vi.waitFor(async () => expect(await auditRows(owner.tenant.id, 'auth.login_failed')).toHaveLength(1), { timeout: 10_000 });
    const [row] = await auditRows(owner.tenant.id, 'auth.login_failed');
    expect(JSON.parse(row!.data!)).toEqual({ changes: { reason: { after: 'identity_conflict' } } });
  });

  it('gives a new person an account and an organization (OIDC_SIGNUP defaults to yes)', async () => {
    const email = uniqueEmail('newcomer');
    const res = await signOn(await providerAccount({ email, name: 'Ada Lovelace' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app');
    const who = await me(res);
    expect(who.user.email).toBe(email);
    const tenant = await env.DB.prepare('select name from tenants where id = ?').bind(who.tenant.id).first<{ name: string }>();
    expect(tenant?.name).toBe("Ada Lovelace's organization");
    const agents = await env.DB.prepare('select count(*) as n from agents where tenant_id = ?').bind(who.tenant.id).first<{ n: number }>();
    expect(agents?.n).toBe(1);
  });

  it('refuses a new person when the operator set OIDC_SIGNUP=false, and creates nothing', async () => {
    const email = uniqueEmail('uninvited');
    const sub = await providerAccount({ email });
    const s = await start();
    const url = await loginAtProvider(s.authUrl, sub);
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(url, { headers: { cookie: s.cookie, 'cf-connecting-ip': s.ip } }), { ...env, OIDC_SIGNUP: 'false' }, ctx);
    await waitOnExecutionContext(ctx);
    await expectRefused(res, /No Edgent account uses/);
    expect(await env.DB.prepare('select id from users where email = ?').bind(email).first()).toBeNull();
  });

  it('refuses an email the provider has not verified', async () => {
    const owner = await signup('Unverified Co');
    const res = await signOn(await providerAccount({ email: owner.email, email_verified: false }));
    await expectRefused(res, /verified email/);
    expect(await env.DB.prepare('select count(*) as n from user_identities where user_id = ?').bind(owner.user.id).first()).toEqual({ n: 0 });
  });

  it.each([
    ['forged', 'an ID token signed with another key under the provider’s key id'],
    ['audience', 'an ID token for another client'],
    ['audiences', 'an ID token for several clients without azp'],
    ['azp', 'an ID token authorized for another party'],
    ['nonce', 'an ID token with another nonce'],
    ['issuer', 'an ID token from another issuer'],
    ['expired', 'an expired ID token'],
  ] as const)('refuses %s: %s', async (tamper, _what) => {
    const owner = await signup(`Tamper ${tamper} Co`);
    const html = await expectRefused(await signOn(await providerAccount({ email: owner.email, tamper })), /could not be verified/);
    expect(html).not.toMatch(/eyJ/); // no token echoed
    expect(await env.DB.prepare('select count(*) as n from user_identities where user_id = ?').bind(owner.user.id).first()).toEqual({ n: 0 });
  });

  it('reads the email from userinfo when the ID token leaves it out (same subject only)', async () => {
    const owner = await signup('Userinfo Co');
    const res = await signOn(await providerAccount({ email: owner.email, tamper: 'userinfo' }));
    expect(res.status).toBe(303);
    expect((await me(res)).user.id).toBe(owner.user.id);
  });

  it('keeps the discovery document and the keys: a second sign-on fetches neither', async () => {
    const owner = await signup('Cache Co');
    const sub = await providerAccount({ email: owner.email });
    expect((await signOn(sub)).status).toBe(303);
    const hits = async () => (await (await fetch(`${ISSUER}/test/hits`)).json()) as { discovery: number; jwks: number };
    const before = await hits();
    expect((await signOn(sub)).status).toBe(303);
    expect(await hits()).toEqual(before);
  });

  it('logs neither the code nor a token, whether the sign-on succeeds or is refused', async () => {
    const lines: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
    );
    try {
      const owner = await signup('Quiet Co');
      const s = await start();
      const url = await loginAtProvider(s.authUrl, await providerAccount({ email: owner.email }));
      expect((await callback(url, s.cookie, s.ip)).status).toBe(303);
      await expectRefused(await callback(url, s.cookie, s.ip), /already used/);
      await expectRefused(await signOn(await providerAccount({ email: owner.email, tamper: 'forged' })), /could not be verified/);
      const code = new URL(url).searchParams.get('code')!;
      const state = new URL(url).searchParams.get('state')!;
      expect(lines.length).toBeGreaterThan(0); // the refusals were logged, by reason
      for (const line of lines) {
        expect(line).not.toContain(code);
        expect(line).not.toContain(state);
        expect(line).not.toMatch(/eyJ[\w-]+\.eyJ/);
      }
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });

  it('refuses a replayed state: the second callback with the same state and cookie fails', async () => {
    const owner = await signup('Replay Co');
    const s = await start();
    const url = await loginAtProvider(s.authUrl, await providerAccount({ email: owner.email }));
    expect((await callback(url, s.cookie, s.ip)).status).toBe(303);
    await expectRefused(await callback(url, s.cookie, s.ip), /expired or was already used/);
  });

  it('refuses a callback without the browser-binding cookie, or with another browser’s', async () => {
    const owner = await signup('No Cookie Co');
    const sub = await providerAccount({ email: owner.email });
    const s = await start();
    await expectRefused(await callback(await loginAtProvider(s.authUrl, sub), undefined, s.ip), /another browser/);
    const mine = await start();
    const theirs = await start();
    await expectRefused(await callback(await loginAtProvider(mine.authUrl, sub), theirs.cookie, mine.ip), /another browser/);
  });

  it('refuses a callback with no state, an unknown state, or the provider’s error', async () => {
    const ip = uniqueIp();
    await expectRefused(await callback(`${BASE}/auth/oidc/callback?code=abc`, undefined, ip), /expired or was already used/);
    const s = await start();
    await expectRefused(await callback(`${BASE}/auth/oidc/callback?code=abc&state=forged-state`, s.cookie, ip), /expired or was already used/);
    const state = new URL(s.authUrl).searchParams.get('state')!;
    await expectRefused(await callback(`${BASE}/auth/oidc/callback?error=access_denied&state=${state}`, s.cookie, ip), /cancelled or refused/);
  });

  it('refuses a callback naming another issuer (RFC 9207) but accepts the provider naming itself', async () => {
    const owner = await signup('Mix-up Co');
    const sub = await providerAccount({ email: owner.email });
    const s = await start();
    const url = new URL(await loginAtProvider(s.authUrl, sub));
    expect(url.searchParams.get('iss')).toBe(ISSUER);
    url.searchParams.set('iss', 'https://evil.example');
    await expectRefused(await callback(url.href, s.cookie, s.ip), /another provider/);
    expect((await signOn(sub)).status).toBe(303);
  });

  it('limits how often one IP may start a sign-on (each start stores a row)', async () => {
    const ip = uniqueIp();
    const go = () => SELF.fetch(`${BASE}/auth/oidc/start`, { redirect: 'manual', headers: { 'cf-connecting-ip': ip } });
    for (let i = 0; i < 60; i++) expect((await go()).status).toBe(302);
    const res = await go();
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.text()).toContain('Too many attempts');
  });

  it('refuses a code that was not issued for this sign-in (PKCE verifier does not match)', async () => {
    const owner = await signup('PKCE Co');
    const sub = await providerAccount({ email: owner.email });
    const a = await start();
    const b = await start();
    const codeForA = new URL(await loginAtProvider(a.authUrl, sub)).searchParams.get('code')!;
    const stateB = new URL(b.authUrl).searchParams.get('state')!;
    await expectRefused(await callback(`${BASE}/auth/oidc/callback?code=${codeForA}&state=${stateB}`, b.cookie, b.ip), /did not accept this sign-in/);
  });

  /** Calls the Worker with other operator settings (the vitest config's bindings are fixed for the run). */
  async function withSettings(path: string, settings: Record<string, string>) {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(BASE + path, { headers: { 'cf-connecting-ip': uniqueIp() } }), { ...env, ...settings }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it('shows no button and answers 404 when single sign-on is not configured (or its issuer is not http(s))', async () => {
    for (const settings of [{ OIDC_ISSUER: '' }, { OIDC_ISSUER: 'file:///etc/passwd' }]) {
      expect(await (await withSettings('/login', settings)).text()).not.toContain('Sign in with');
      expect((await withSettings('/auth/oidc/start', settings)).status).toBe(404);
      expect((await withSettings('/auth/oidc/callback?state=x&code=y', settings)).status).toBe(404);
    }
  });

  it('says so on a 400 page when the provider cannot be reached or its discovery names another issuer', async () => {
    await expectRefused(await withSettings('/auth/oidc/start', { OIDC_ISSUER: 'http://127.0.0.1:9' }), /could not be reached/);
    await expectRefused(await withSettings('/auth/oidc/start', { OIDC_ISSUER: `${ISSUER}/test/impostor` }), /not set up correctly/);
  });

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)'])(
    'never redirects off-site after sign-in (next=%s)',
    async (next) => {
      const owner = await signup('Redirect Co');
      const res = await signOn(await providerAccount({ email: owner.email }), next);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/app');
    },
  );
});
