// Publishing API (worker/routes/api/listings.ts, services/listings.ts, services/listing-snapshot.ts): POST/GET/PATCH/
// DELETE /api/v1/agents/:id/listing — public agents only, one listing per agent, frozen versions without any
// credential or connection id, globally unique slugs, the creator profile made on first publish, republishing,
// visibility leaving `public` unpublishes, audit entries, roles and two tenants.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, apiKey, auditRow, createAgent, createConnection, createTool, expectError, post, signup } from './helpers';
import { onboard } from './helpers/paid-listings';

const listing = (over: Record<string, unknown> = {}) => ({
  title: 'Invoice Helper',
  tagline: 'Answers questions about invoices',
  description: '# Invoice helper\n\nIt **reads** invoices.',
  category: 'productivity',
  tags: ['finance', 'invoices'],
  ...over,
});

async function publicAgent(as: Parameters<typeof createAgent>[0], body: Record<string, unknown> = {}) {
  return createAgent(as, {
    name: 'Invoice agent',
    instructions: 'You help with invoices for {{company}}.',
    variables: { company: 'Acme' },
    visibility: 'public',
    ...body,
  });
}

describe('the guide', () => {
  it('is on /docs: publishing, installing, mapping connections and updates', async () => {
    const html = await (await api('/docs', { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('Marketplace: publishing and installing');
    expect(html).toContain('/api/v1/agents/{id}/listing-update');
  });
});

describe('publishing a listing', () => {
  it('freezes the public agent as version 1, makes the creator profile, answers the own listing; GET reads it back', async () => {
    const a = await signup('Listing Makers Ltd');
    const agent = await publicAgent(a);
    // Selling needs payouts: without an active Stripe Connect account a subscription listing is refused (409).
    const early = await api(`/api/v1/agents/${agent.id}/listing`, { body: listing({ pricing: { type: 'subscription', monthly_usd: 9.5 } }), as: a });
    expect((await expectError(early, 409, 'conflict')).message).toContain('/app/earnings');
    await onboard(a);
    const res = await api(`/api/v1/agents/${agent.id}/listing`, { body: listing({ pricing: { type: 'subscription', monthly_usd: 9.5 } }), as: a });
    expect(res.status).toBe(201);
    const l = (await res.json()) as any;
    expect(l).toMatchObject({
      slug: 'invoice-helper',
      status: 'published',
      version: 1,
      agent_version: agent.version,
      agent_id: agent.id,
      title: 'Invoice Helper',
      tags: ['finance', 'invoices'],
      pricing: { type: 'subscription', monthly_usd: 9.5 },
      model: 'edgent-test',
      instructions: 'You help with invoices for {{company}}.',
      variables: ['company'],
      creator: { name: 'Listing Makers Ltd' },
      url: 'http://edgent.test/marketplace/invoice-helper',
      versions: [{ version: 1, notes: null }],
    });
    expect(l.id).toMatch(/^lst_/);
    expect(l.creator.slug).toMatch(/^listing-makers-ltd/);
    const row = await env.DB.prepare('select price_cents, stripe_price_id, tenant_id from listings where id = ?').bind(l.id).first<any>();
    expect(row).toEqual({ price_cents: 950, stripe_price_id: null, tenant_id: a.tenant.id });
    const got = await api(`/api/v1/agents/${agent.id}/listing`, { as: a });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id: l.id, slug: 'invoice-helper', status: 'published' });
    const profile = await api('/api/v1/creator/profile', { as: a });
    expect(await profile.json()).toMatchObject({ slug: l.creator.slug, display_name: 'Listing Makers Ltd' });
    await auditRow(a.tenant.id, 'listing.publish', l.id);
  });

  it('refuses an agent that is not public (409), a second listing (409), and bad input (400)', async () => {
    const a = await signup('Refusals Org');
    const team = await createAgent(a, { name: 'Team only' });
    const err = await expectError(await api(`/api/v1/agents/${team.id}/listing`, { body: listing(), as: a }), 409, 'conflict');
    expect(err.message).toMatch(/public/);
    const agent = await publicAgent(a);
    expect((await api(`/api/v1/agents/${agent.id}/listing`, { body: listing({ title: 'Refusal Helper' }), as: a })).status).toBe(201);
    await expectError(await api(`/api/v1/agents/${agent.id}/listing`, { body: listing({ title: 'Refusal Helper' }), as: a }), 409, 'conflict');
    const other = await publicAgent(a, { name: 'Other' });
    const bad = await expectError(await api(`/api/v1/agents/${other.id}/listing`, { body: { title: 'x', category: 'nope' }, as: a }), 400, 'validation_failed');
    expect(bad.details!.map((d) => d.path)).toEqual(expect.arrayContaining(['title', 'category', 'tagline']));
    await expectError(await api(`/api/v1/agents/${other.id}/listing`, { body: '{oops', as: a }), 400);
    await expectError(await api(`/api/v1/agents/${other.id}/listing`, { as: a }), 404, 'not_found');
  });

  it('picks a unique slug across organizations, and refuses a taken one given explicitly', async () => {
    const a = await signup('Slug One');
    const b = await signup('Slug Two');
    const title = `Slug Clash ${crypto.randomUUID().slice(0, 6)}`;
    const base = title.toLowerCase().replace(/ /g, '-');
    const first = await post(a, `/api/v1/agents/${(await publicAgent(a)).id}/listing`, listing({ title }));
    const second = await post(b, `/api/v1/agents/${(await publicAgent(b)).id}/listing`, listing({ title }));
    expect(first.slug).toBe(base);
    expect(second.slug).toBe(`${base}-2`);
    const err = await expectError(
      await api(`/api/v1/agents/${(await publicAgent(b, { name: 'Third' })).id}/listing`, { body: listing({ title, slug: base }), as: b }),
      409,
    );
    expect(err.details).toEqual([{ path: 'slug', message: 'is taken' }]);
  });

  it('never stores or answers a credential or a connection id: tools on a secret connection, headers, URLs, MCP', async () => {
    const a = await signup('Secret Keepers');
    const SECRET = 'sk-live-verysecretvalue-0123456789abcdef';
    const conn = await createConnection(a, { name: 'Billing API', auth: { type: 'bearer', secret: SECRET } });
    const mcpConn = await createConnection(a, {
      name: 'Docs MCP',
      kind: 'mcp',
      base_url: 'https://mcp.example.com/mcp',
      auth: { type: 'basic', secret: 'pa55word-long-enough-zz', username: 'bot' },
    });
    const onConn = await createTool(a, {
      name: 'get_invoice',
      connection_id: conn.id,
      parameters: { type: 'object', properties: { id: { type: 'string' } } },
      config: { method: 'GET', url: '/invoices/{id}', headers: { 'X-Trace': 'listing-test' } },
    });
    const absolute = await createTool(a, {
      name: 'lookup_rates',
      config: {
        method: 'GET',
        url: `https://rates.example.org/v2/latest?base=usd&api_key=${SECRET}&token=abc`,
        headers: { 'X-Client': 'edgent', 'X-Custom-Auth': 'hunter2hunter2', 'X-Opaque': 'AbCdEf0123456789AbCdEf0123456789' },
      },
    });
    const mcpTool = await createTool(a, { name: 'search_docs', kind: 'mcp', connection_id: mcpConn.id, config: { server_tool_name: 'search' } });
    const agent = await publicAgent(a, { tool_ids: [onConn.id, absolute.id, mcpTool.id, mcpConn.id, 'tol_calculator'] });
    const res = await api(`/api/v1/agents/${agent.id}/listing`, { body: listing({ title: 'Secret Free Helper' }), as: a });
    const text = await res.text();
    expect(res.status).toBe(201);
    const l = JSON.parse(text);
    expect(l.tools).toEqual([
      { name: 'get_invoice', kind: 'http', description: 'A test tool', reaches: ['api.example.test'], needs_connection: { name: 'Billing API', kind: 'http' } },
      { name: 'lookup_rates', kind: 'http', description: 'A test tool', reaches: ['rates.example.org'], needs_connection: null },
      { name: 'search_docs', kind: 'mcp', description: 'A test tool', reaches: ['mcp.example.com'], needs_connection: { name: 'Docs MCP', kind: 'mcp' } },
      {
        name: 'Docs MCP',
        kind: 'mcp_server',
        description: expect.any(String),
        reaches: ['mcp.example.com'],
        needs_connection: { name: 'Docs MCP', kind: 'mcp' },
      },
      expect.objectContaining({ name: 'tol_calculator', kind: 'builtin' }),
    ]);
    const stored = (await env.DB.prepare('select snapshot from listing_versions where listing_id = ?').bind(l.id).first<{ snapshot: string }>())!.snapshot;
    for (const body of [text, stored, await (await api(`/api/v1/agents/${agent.id}/listing`, { as: a })).text()]) {
      for (const secret of [SECRET, 'pa55word', 'hunter2', 'AbCdEf0123456789', 'token=abc', conn.id, mcpConn.id, onConn.id, absolute.id, mcpTool.id]) {
        expect(body).not.toContain(secret);
      }
    }
    const snap = JSON.parse(stored);
    expect(snap.tools[0].config).toEqual({ method: 'GET', url: '/invoices/{id}', headers: { 'X-Trace': 'listing-test' } });
    expect(snap.tools[0].parameters).toEqual({ type: 'object', properties: { id: { type: 'string' } } });
    expect(snap.tools[1].config).toEqual({ method: 'GET', url: 'https://rates.example.org/v2/latest?base=usd', headers: { 'X-Client': 'edgent' } });
    expect(snap.tools[2].config).toEqual({ server_tool_name: 'search' });
  });

  it('PATCH changes fields and publishes new versions with notes; nothing changed → 409; slug clashes → 409', async () => {
    const a = await signup('Versioning Org');
    const agent = await publicAgent(a);
    const l = await post(a, `/api/v1/agents/${agent.id}/listing`, listing({ title: 'Versioned Helper' }));
    const patched = await api(`/api/v1/agents/${agent.id}/listing`, {
      method: 'PATCH',
      body: { tagline: 'Now with more invoices', tags: ['billing'], screenshots: [{ url: 'https://img.example.com/1.png', caption: 'Main' }] },
      as: a,
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      tagline: 'Now with more invoices',
      tags: ['billing'],
      version: 1,
      screenshots: [{ url: 'https://img.example.com/1.png', caption: 'Main' }],
    });
    await expectError(await api(`/api/v1/agents/${agent.id}/listing`, { method: 'PATCH', body: { publish_version: true }, as: a }), 409, 'conflict');
    const edited = await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'Better invoice help for {{company}}.' }, as: a });
    const v2agent = (await edited.json()) as any;
    const v2 = await api(`/api/v1/agents/${agent.id}/listing`, { method: 'PATCH', body: { publish_version: true, version_notes: 'Sharper answers' }, as: a });
    expect(v2.status).toBe(200);
    expect(await v2.json()).toMatchObject({
      version: 2,
      agent_version: v2agent.version,
      instructions: 'Better invoice help for {{company}}.',
      versions: [
        { version: 2, notes: 'Sharper answers' },
        { version: 1, notes: null },
      ],
    });
    await auditRow(a.tenant.id, 'listing.update', l.id);
    const other = await post(a, `/api/v1/agents/${(await publicAgent(a, { name: 'Other' })).id}/listing`, listing({ title: 'Another Versioned' }));
    await expectError(await api(`/api/v1/agents/${agent.id}/listing`, { method: 'PATCH', body: { slug: other.slug }, as: a }), 409);
    await expectError(
      await api(`/api/v1/agents/${agent.id}/listing`, { method: 'PATCH', body: { pricing: { type: 'subscription', monthly_usd: 0 } }, as: a }),
      400,
    );
  });

  it('DELETE unpublishes (rows stay); POST again republishes the same listing, with a new version if the agent changed', async () => {
    const a = await signup('Unpublish Org');
    const agent = await publicAgent(a);
    const l = await post(a, `/api/v1/agents/${agent.id}/listing`, listing({ title: 'Come And Go' }));
    const del = await api(`/api/v1/agents/${agent.id}/listing`, { method: 'DELETE', as: a });
    expect(del.status).toBe(204);
    expect((await api(`/api/v1/agents/${agent.id}/listing`, { method: 'DELETE', as: a })).status).toBe(204);
    expect(await (await api(`/api/v1/agents/${agent.id}/listing`, { as: a })).json()).toMatchObject({ id: l.id, status: 'unpublished' });
    await auditRow(a.tenant.id, 'listing.unpublish', l.id);
    const same = await post(a, `/api/v1/agents/${agent.id}/listing`, listing({ title: 'Come And Go' }));
    expect(same).toMatchObject({ id: l.id, slug: l.slug, status: 'published', version: 1 });
    await api(`/api/v1/agents/${agent.id}/listing`, { method: 'DELETE', as: a });
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'Changed.' }, as: a });
    const again = await post(a, `/api/v1/agents/${agent.id}/listing`, listing({ title: 'Come And Go' }));
    expect(again).toMatchObject({ id: l.id, status: 'published', version: 2, instructions: 'Changed.' });
  });

  it('an agent leaving `public` unpublishes its listing', async () => {
    const a = await signup('Visibility Org');
    const agent = await publicAgent(a);
    const l = await post(a, `/api/v1/agents/${agent.id}/listing`, listing({ title: 'Soon Private' }));
    const res = await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'team' }, as: a });
    expect(res.status).toBe(200);
    expect(await (await api(`/api/v1/agents/${agent.id}/listing`, { as: a })).json()).toMatchObject({ id: l.id, status: 'unpublished' });
    await expectError(await api(`/api/v1/agents/${agent.id}/listing`, { method: 'PATCH', body: { publish_version: true }, as: a }), 409);
  });

  it('members may read but not publish; keys need listings:write', async () => {
    const a = await signup('Roles Org');
    const agent = await publicAgent(a);
    const readOnly = await apiKey(a, ['agents:read', 'agents:write']);
    await expectError(await api(`/api/v1/agents/${agent.id}/listing`, { body: listing({ title: 'Scoped Helper' }), as: { key: readOnly } }), 403);
    const writer = await apiKey(a, ['listings:write', 'agents:read']);
    expect((await api(`/api/v1/agents/${agent.id}/listing`, { body: listing({ title: 'Scoped Helper' }), as: { key: writer } })).status).toBe(201);
    expect((await api(`/api/v1/agents/${agent.id}/listing`, { as: { key: readOnly } })).status).toBe(200);
  });

  it("another organization's agent or listing is 404 on every method", async () => {
    const a = await signup('Tenant A');
    const b = await signup('Tenant B');
    const agent = await publicAgent(a);
    await post(a, `/api/v1/agents/${agent.id}/listing`, listing({ title: 'Tenant A Helper' }));
    for (const [method, body] of [
      ['POST', listing({ title: 'Stolen' })],
      ['GET', undefined],
      ['PATCH', { title: 'Stolen title' }],
      ['DELETE', undefined],
    ] as const) {
      await expectError(await api(`/api/v1/agents/${agent.id}/listing`, { method, body, as: b }), 404, 'not_found');
    }
    expect(await (await api(`/api/v1/agents/${agent.id}/listing`, { as: a })).json()).toMatchObject({ title: 'Tenant A Helper', status: 'published' });
  });
});
