// The Embed page (routes/pages/embed.tsx): create a key through the form, see the snippet and the live preview,
// change settings, errors re-shown with what was typed, revoke, allow a refused origin; another tenant's agent is a 404.
import { SELF, env } from 'cloudflare:test';
import { KEEP_PER_KEY, writeRefusedOrigins } from '../../worker/db/refused-origins-writer';
import { describe, expect, it } from 'vitest';
import { api, BASE, getPage, helloWorld, postForm, signup } from './helpers';

const settings = {
  name: 'Shop',
  allowed_origins: 'https://shop.example.com',
  title: 'Shop help',
  greeting: 'Hello <b>there</b>',
  suggested_prompts: 'Prices?\nHours?',
  color: '#0f766e',
  mode: 'dark',
  position: 'left',
  avatar_url: '',
};

describe('embed page', () => {
  it('creates a key from the form, then shows its settings, snippet and live preview', async () => {
    const a = await signup();
    const agentId = (await helloWorld(a)).id;
    const empty = await getPage(a, `/app/agents/${agentId}/embed`);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await empty.text();
    expect(html).toContain('Create an embed key');
    expect(html).not.toContain('/widget.js');

    const created = await postForm(a, `/app/agents/${agentId}/embed/keys`, {
      name: 'Shop',
      allowed_origins: 'https://shop.example.com\n\nhttps://*.example.org',
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/app/agents/${agentId}/embed\\?key=emb_`));
    const keys = (await (await api(`/api/v1/agents/${agentId}/embed-keys`, { as: a })).json()) as any;
    expect(keys.data[0].allowed_origins).toEqual(['https://shop.example.com', 'https://*.example.org']);
    const pk = keys.data[0].public_key;

    const shown = await (await getPage(a, location)).text();
    expect(shown).toContain(`&lt;script src=&quot;${BASE}/widget.js&quot; data-agent=&quot;${pk}&quot; async&gt;&lt;/script&gt;`);
    expect(shown).toMatch(new RegExp(`<script src="/widget.js" data-agent="${pk}" data-target="#embed-preview" async(="")?></script>`));
    expect(shown).toContain(`id="embed-preview"`);
    expect(shown).toContain('Live preview');
  });

  it('saves settings, and shows errors next to their fields keeping what was typed', async () => {
    const a = await signup();
    const agentId = (await helloWorld(a)).id;
    const key = (await (await api(`/api/v1/agents/${agentId}/embed-keys`, { body: { allowed_origins: ['https://a.example'] }, as: a })).json()) as any;
    const saved = await postForm(a, `/app/agents/${agentId}/embed/keys/${key.id}`, settings);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toContain('saved=1');
    expect(await (await api(`/api/v1/agents/${agentId}/embed-keys/${key.id}`, { as: a })).json()).toMatchObject({
      name: 'Shop',
      allowed_origins: ['https://shop.example.com'],
      greeting: 'Hello <b>there</b>',
      suggested_prompts: ['Prices?', 'Hours?'],
      theme: { title: 'Shop help', color: '#0f766e', mode: 'dark', position: 'left' },
    });
    const html = await (await getPage(a, saved.headers.get('location')!)).text();
    expect(html).toContain('Hello &lt;b&gt;there&lt;/b&gt;');
    expect(html).toContain('Saved.');

    const bad = await postForm(a, `/app/agents/${agentId}/embed/keys/${key.id}`, {
      ...settings,
      allowed_origins: 'https://ok.example\nnot an origin',
      color: 'red',
    });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toMatch(/id="embed-allowed_origins-error"[^>]*>(<[^>]+>)*[^<]*is not an origin/);
    expect(text).toContain('id="embed-color-error"');
    expect(text).toContain('not an origin</textarea>');
  });

  it('revokes a key from the page', async () => {
    const a = await signup();
    const agentId = (await helloWorld(a)).id;
    const key = (await (await api(`/api/v1/agents/${agentId}/embed-keys`, { body: { allowed_origins: ['https://a.example'] }, as: a })).json()) as any;
    const res = await postForm(a, `/app/agents/${agentId}/embed/keys/${key.id}/revoke`, {});
    expect(res.status).toBe(303);
    expect(((await (await api(`/api/v1/agents/${agentId}/embed-keys`, { as: a })).json()) as any).data).toEqual([]);
  });

  it("answers 404 for another tenant's agent and key, and links the page from the agents list", async () => {
    const a = await signup('A');
    const b = await signup('B');
    const agentA = (await helloWorld(a)).id;
    const key = (await (await api(`/api/v1/agents/${agentA}/embed-keys`, { body: { allowed_origins: ['https://a.example'] }, as: a })).json()) as any;
    expect((await getPage(b, `/app/agents/${agentA}/embed`)).status).toBe(404);
    expect((await postForm(b, `/app/agents/${agentA}/embed/keys`, { allowed_origins: 'https://evil.example' })).status).toBe(404);
    expect((await postForm(b, `/app/agents/${agentA}/embed/keys/${key.id}/revoke`, {})).status).toBe(404);
    const agentB = (await helloWorld(b)).id;
    expect((await postForm(b, `/app/agents/${agentB}/embed/keys/${key.id}`, settings)).status).toBe(404);
    expect((await getPage(b, `/app/agents/${agentB}/embed?key=${key.id}`)).status).toBe(404);
    expect(await (await getPage(a, '/app/agents')).text()).toContain(`href="/app/agents/${agentA}/embed"`);
  });

  it('lists origins refused recently (bounded per key) and allows one with a click', async () => {
    const a = await signup();
    const b = await signup();
    const agentId = (await helloWorld(a)).id;
    const key = (await (await api(`/api/v1/agents/${agentId}/embed-keys`, { body: { allowed_origins: ['https://a.example'] }, as: a })).json()) as any;
    const t0 = Date.now();
    const refused = (origin: string, at: number) => ({ type: 'refused_origin' as const, tenant_id: a.tenant.id, key_id: key.id, origin, at });
    // The consumer's writer: one row per origin with a count, and never more than KEEP_PER_KEY rows per key.
    await writeRefusedOrigins(
      env,
      Array.from({ length: KEEP_PER_KEY + 5 }, (_, i) => refused(`https://old-${i}.example`, t0 - 100_000 + i)),
    );
    await writeRefusedOrigins(env, [refused('https://new.example', t0), refused('https://new.example', t0 + 1)]);
    // An event naming a key of another tenant writes nothing.
    await writeRefusedOrigins(env, [{ ...refused('https://cross.example', t0), tenant_id: b.tenant.id }]);
    const rows = (
      await env.DB.prepare('select origin, count from embed_refused_origins where embed_key_id = ? order by last_seen_at desc').bind(key.id).all<any>()
    ).results;
    expect(rows).toHaveLength(KEEP_PER_KEY);
    expect(rows[0]).toEqual({ origin: 'https://new.example', count: 2 });
    expect(rows.map((r) => r.origin)).not.toContain('https://cross.example');

    const html = await (await getPage(a, `/app/agents/${agentId}/embed?key=${key.id}`)).text();
    expect(html).toContain('Refused recently');
    expect(html).toContain('<code>https://new.example</code>');
    expect(html.match(/name="origin" value=/g)).toHaveLength(10); // the last ten

    expect((await postForm(b, `/app/agents/${agentId}/embed/keys/${key.id}/allow-origin`, { origin: 'https://new.example' })).status).toBe(404);
    const bad = await postForm(a, `/app/agents/${agentId}/embed/keys/${key.id}/allow-origin`, { origin: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    const res = await postForm(a, `/app/agents/${agentId}/embed/keys/${key.id}/allow-origin`, { origin: 'https://new.example' });
    expect(res.status).toBe(303);
    const after = await (await getPage(a, res.headers.get('location')!)).text();
    expect(after).toContain('https://new.example is allowed now');
    expect(after).not.toContain('<code>https://new.example</code>');
    const keys = (await (await api(`/api/v1/agents/${agentId}/embed-keys`, { as: a })).json()) as any;
    expect(keys.data[0].allowed_origins).toEqual(['https://a.example', 'https://new.example']);
  });
});
