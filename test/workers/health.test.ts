// Service basics (routes/api/health.ts): health, request ids, security headers, unknown routes, static assets.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, expectError } from './helpers';

describe('service', () => {
  it('answers /healthz with ok', async () => {
    const res = await SELF.fetch(`${BASE}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('gives every response an X-Request-Id, keeping a sane incoming one', async () => {
    const a = await SELF.fetch(`${BASE}/healthz`);
    expect(a.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const b = await SELF.fetch(`${BASE}/healthz`, { headers: { 'x-request-id': 'trace-12345678' } });
    expect(b.headers.get('x-request-id')).toBe('trace-12345678');
    const c = await SELF.fetch(`${BASE}/healthz`, { headers: { 'x-request-id': '<script>' } });
    expect(c.headers.get('x-request-id')).toMatch(/^req_/);
    const missing = await SELF.fetch(`${BASE}/api/v1/nope`);
    expect(missing.headers.get('x-request-id')).toMatch(/^req_/);
    // Errors (thrown, answered by the error handler), pages and static assets carry the incoming id too.
    for (const path of ['/api/v1/agents', '/no/such/page', '/login', '/assets/app.css']) {
      const r = await SELF.fetch(`${BASE}${path}`, { headers: { 'x-request-id': 'trace-abcdefgh', accept: 'text/html' } });
      expect(r.headers.get('x-request-id'), path).toBe('trace-abcdefgh');
    }
  });

  it('answers unknown API routes with a 404 in the error shape', async () => {
    await expectError(await SELF.fetch(`${BASE}/api/v1/does-not-exist`), 404, 'not_found');
  });

  it('renders an HTML 404 page for browsers', async () => {
    const res = await SELF.fetch(`${BASE}/no/such/page`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('serves the stylesheet and htmx from the Worker, no CDN', async () => {
    const css = await SELF.fetch(`${BASE}/assets/app.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    const htmx = await SELF.fetch(`${BASE}/assets/vendor/htmx.min.js`);
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toContain('htmx');
  });

  it('sets nosniff and a referrer policy on API answers', async () => {
    const res = await SELF.fetch(`${BASE}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});
