// The login page's `next` (routes/pages/auth.tsx, lib/safe-redirect.ts): only same-origin paths, never a 5xx.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, signup, uniqueIp } from './helpers';

const login = (fields: Record<string, string>) =>
  SELF.fetch(`${BASE}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': uniqueIp() },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

describe('login redirect (next)', () => {
  it('never sends the browser to another host, whatever the spelling', async () => {
    const a = await signup();
    const hostile = [
      '/\t/evil.example/x',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/a/..//evil.example/x',
      '/%2F/evil.example',
      '/\\/evil.example',
      ' //evil.example',
    ];
    for (const next of hostile) {
      const res = await login({ email: a.email, password: a.password, next });
      expect(res.status, JSON.stringify(next)).toBe(303);
      const location = res.headers.get('location')!;
      // Resolved as a browser would, the target stays on this site.
      expect(new URL(location, BASE).origin, JSON.stringify(next)).toBe(BASE);
      expect(location.startsWith('//'), JSON.stringify(next)).toBe(false);
    }
  });

  it('answers 303, not 500, for a newline in next, and sets no extra header', async () => {
    const a = await signup();
    const res = await login({ email: a.email, password: a.password, next: '/app\r\nSet-Cookie: hijack=1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).not.toContain('hijack');
    expect(res.headers.get('location')).toMatch(/^\/app/);
  });

  it('keeps a same-site path with its query and hash', async () => {
    const a = await signup();
    const res = await login({ email: a.email, password: a.password, next: '/app/agents?q=a%20b#top' });
    expect(res.headers.get('location')).toBe('/app/agents?q=a%20b#top');
  });

  it('does not put a hostile next into the login form', async () => {
    const res = await SELF.fetch(`${BASE}/login?next=/%09/evil.example/x`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="next" value="/app"');
  });
});
