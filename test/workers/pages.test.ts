// HTML pages (routes/pages/auth.tsx, routes/pages/app.tsx): forms that work without JavaScript, inline errors,
// the signed-in home, logout, and escaping of user content.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, sessionCookie, signup, uniqueEmail, uniqueIp } from './helpers';

const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  SELF.fetch(BASE + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': uniqueIp(), ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

const page = (path: string, cookie?: string) => SELF.fetch(BASE + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

describe('sign-up and login pages', () => {
  it('serves a sign-up form whose fields carry the API names, with htmx and CSS from the Worker', async () => {
    const res = await page('/signup');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html.toLowerCase()).toMatch(/^<!doctype html>/);
    for (const name of ['email', 'password', 'organization', 'name']) expect(html).toContain(`name="${name}"`);
    expect(html).toContain('action="/signup"');
    expect(html).toContain('/assets/vendor/htmx.min.js');
    expect(html).toContain('/assets/app.css');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
  });

  it('signs up through the plain form and lands in the app with the organization shown', async () => {
    const res = await form('/signup', { email: uniqueEmail(), password: 'long enough pw', organization: 'Form Co', name: 'Grace' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app');
    const home = await (await page('/app', sessionCookie(res))).text();
    expect(home).toContain('Form Co');
    expect(home).toContain('Hello World');
  });

  it('re-renders the form with an error next to each invalid field, keeping what was typed', async () => {
    const res = await form('/signup', { email: 'nope', password: 'short', organization: 'Kept Org' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="Kept Org"');
    expect(html).toMatch(/id="field-email-error"[^>]*>[^<]*(<[^>]+>)*[^<]*valid email/);
    expect(html).toMatch(/id="field-password-error"/);
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain('short'); // the password is never echoed back
  });

  it('tells a duplicate email on the form', async () => {
    const a = await signup();
    const res = await form('/signup', { email: a.email, password: 'long enough pw', organization: 'Dup' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('already exists');
  });

  it('logs in through the form and goes back to the page that asked for it', async () => {
    const a = await signup();
    const gate = await page('/app/agents');
    expect(gate.status).toBe(302);
    expect(gate.headers.get('location')).toBe('/login?next=%2Fapp%2Fagents');
    const res = await form('/login', { email: a.email, password: a.password, next: '/app/agents' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/agents');
  });

  it('never redirects to another site after login', async () => {
    const a = await signup();
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      const res = await form('/login', { email: a.email, password: a.password, next });
      expect(res.headers.get('location')).toBe('/app');
    }
  });

  it('shows a wrong password as a form error with 401', async () => {
    const a = await signup();
    const res = await form('/login', { email: a.email, password: 'not the password' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Email or password is incorrect');
  });
});

describe('app pages', () => {
  it('logs out through the form with the CSRF token, and refuses it without', async () => {
    const a = await signup();
    expect((await form('/logout', {}, { cookie: a.cookie })).status).toBe(403);
    const res = await form('/logout', { _csrf: a.csrf }, { cookie: a.cookie });
    expect(res.status).toBe(303);
    expect((await page('/app', a.cookie)).status).toBe(302);
  });

  it('escapes user content: an organization and agent named like markup render as text', async () => {
    const xss = '<img src=x onerror=alert(1)>';
    const a = await signup(xss, { name: '<script>alert(2)</script>' });
    const home = await (await page('/app', a.cookie)).text();
    expect(home).not.toContain(xss);
    expect(home).not.toContain('<script>alert(2)');
    expect(home).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('lists the tenant’s agents with a chat link', async () => {
    const a = await signup();
    const html = await (await page('/app/agents', a.cookie)).text();
    expect(html).toMatch(/href="\/app\/agents\/agt_[0-9a-z]{24}\/chat"/);
  });
});
