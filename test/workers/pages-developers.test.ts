// The developer portal (routes/pages/developers.tsx, /app/developers) and the API request log behind it: keys made and revoked from the page
// (a new key shown once), snippets per agent, and API-key requests recorded through the EVENTS queue, per tenant.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { SCOPE_LABELS, SCOPE_PRESETS } from '../../worker/services/scope-presets';
import { type Account, api, apiKey, signup } from './helpers';

const form = (a: Account, path: string, fields: [string, string][]) =>
  api(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, as: a });
const page = async (a: Account, query = '') => {
  const res = await api(`/app/developers${query}`, { as: a, headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  return res.text();
};

describe('/app/developers', () => {
  it('needs a browser session', async () => {
    const res = await api('/app/developers', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fapp%2Fdevelopers');
    const a = await signup();
    expect((await api('/app/developers', { as: { key: await apiKey(a) } })).status).toBe(302);
  });

  it('creates a key, shows it once with its scopes, and revokes it', async () => {
    const a = await signup();
    const created = await form(a, '/app/developers/api-keys', [
      ['name', 'CI deploys'],
      ['scopes', 'agents:read'],
      ['scopes', 'sessions:write'],
      ['expires_in_days', '30'],
    ]);
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const html = await created.text();
    const key = /edg_[A-Za-z0-9_-]{40}/.exec(html)?.[0];
    expect(key).toBeDefined();
    expect(html).toMatch(/<td>CI deploys<\/td><td><code>edg_[^<]*…<\/code><\/td><td class="hide-sm">Chat only<\/td>/);
    const me = (await (await api('/api/v1/me', { as: { key } })).json()) as any;
    expect(me.api_key.scopes).toEqual(['agents:read', 'sessions:write']);
    const later = await page(a);
    expect(later).toContain('CI deploys');
    expect(later).not.toContain(key);
    const revoked = await form(a, `/app/developers/api-keys/${me.api_key.id}/revoke`, []);
    expect(revoked.status).toBe(303);
    expect((await api('/api/v1/me', { as: { key } })).status).toBe(401);
    expect(await page(a)).not.toContain('CI deploys');
  });

  it('offers the API’s presets and scope wording, and creates a key from a preset or custom scopes', async () => {
    const a = await signup();
    const html = await page(a);
    for (const [id, p] of Object.entries(SCOPE_PRESETS)) {
      expect(html).toContain(`name="access" value="${id}"`);
      expect(html).toContain(p.label);
    }
    expect(html).toContain(SCOPE_LABELS['sessions:write']);
    const read = await form(a, '/app/developers/api-keys', [
      ['name', 'Dashboards'],
      ['access', 'read'],
      ['scopes', 'agents:write'],
    ]);
    expect(read.status).toBe(201);
    const key = /edg_[A-Za-z0-9_-]{40}/.exec(await read.text())![0];
    const me = (await (await api('/api/v1/me', { as: { key } })).json()) as any;
    expect(me.api_key.scopes).toEqual(SCOPE_PRESETS.read.scopes);
    const custom = await form(a, '/app/developers/api-keys', [
      ['name', 'Tools only'],
      ['access', 'custom'],
      ['scopes', 'tools:write'],
    ]);
    expect(custom.status).toBe(201);
    expect(await custom.text()).toContain('Custom: tools:write');
    const empty = await form(a, '/app/developers/api-keys', [
      ['name', 'Nothing'],
      ['access', 'custom'],
    ]);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Choose at least one scope');
    const listed = ((await (await api('/api/v1/api-keys', { as: a })).json()) as any).data.map((k: any) => k.access);
    expect(listed).toEqual(['Custom: tools:write', 'Read only']);
  });

  it('refuses a nameless key and another tenant’s key id', async () => {
    const a = await signup();
    const b = await signup();
    expect((await form(a, '/app/developers/api-keys', [['name', '']])).status).toBe(400);
    await apiKey(b);
    const bKey = ((await (await api('/api/v1/api-keys', { as: b })).json()) as any).data[0].id;
    expect((await form(a, `/app/developers/api-keys/${bKey}/revoke`, [])).status).toBe(404);
  });

  it('shows snippets for the chosen agent, every way in', async () => {
    const a = await signup();
    const agent = (await (await api('/api/v1/agents', { body: { name: 'Billing Bot', model: 'edgent-test' }, as: a })).json()) as any;
    const html = (await page(a, `?agent=${agent.id}`))
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
    for (const s of [
      '/v1/chat/completions',
      '"model":"billing-bot"',
      `/api/v1/agents/${agent.id}/sessions`,
      "from '@edgent/sdk'",
      'from openai import OpenAI',
      "baseURL: 'http://edgent.test/v1'",
      '"url": "http://edgent.test/mcp"',
      'ask_billing-bot',
      '<script src="http://edgent.test/widget.js" data-agent="pk_…" async></script>',
    ]) {
      expect(html).toContain(s);
    }
  });
});

describe('the API request log', () => {
  it('records API-key requests (method, path, status, latency) via the queue, and shows them to that tenant only', async () => {
    const a = await signup();
    const b = await signup();
    const key = await apiKey(a);
    await api('/api/v1/agents', { as: { key } });
    await api('/api/v1/agents/agt_00000000000000000000000000', { as: { key } });
    await api('/v1/models', { as: { key } });
    await api('/api/v1/agents', { as: { key: 'edg_not-a-key' } }); // no tenant: not logged
    await vi.waitFor(
      async () => {
        const rows = (
          await env.DB.prepare('select method, path, status, latency_ms from api_requests where tenant_id = ? order by created_at').bind(a.tenant.id).all<any>()
        ).results;
        expect(rows.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
          'GET /api/v1/agents 200',
          'GET /api/v1/agents/agt_00000000000000000000000000 404',
          'GET /v1/models 200',
        ]);
        expect(rows.every((r) => r.latency_ms >= 0)).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
    const html = await page(a);
    expect(html).toContain('GET /api/v1/agents/agt_00000000000000000000000000');
    expect(html).toContain('test key');
    expect(await page(b)).toContain('No API requests yet');
  });
});
