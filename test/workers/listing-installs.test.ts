// Installing from the marketplace (worker/routes/api/marketplace-installs.ts, services/listing-installs.ts): POST
// /api/v1/marketplace/listings/:slug/install copies the listing's frozen version into the caller's organization as a
// new team agent with new, unmapped tool rows (no connection, no secret), usable at once through the API, the
// OpenAI-compatible API and MCP; mapping a connection (PATCH the tool); a second copy; updates (GET/POST
// /api/v1/agents/:id/listing-update) keep the installer's mappings; roles, quotas and two tenants.
import { SELF, env } from 'cloudflare:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { type Account, api, apiKey, auditRow, BASE, createAgent, createConnection, createTool, expectError, post, signup } from './helpers';

const SECRET = 'sk-creator-secret-0123456789abcdefghij';

async function creatorWithListing(title = `Installable ${crypto.randomUUID().slice(0, 6)}`) {
  const creator = await signup('Creator Co');
  const conn = await createConnection(creator, { name: 'Creator CRM', auth: { type: 'bearer', secret: SECRET } });
  const tool = await createTool(creator, {
    name: 'crm_lookup',
    connection_id: conn.id,
    parameters: { type: 'object', properties: { q: { type: 'string' } } },
    config: { method: 'GET', url: '/search?q={q}' },
  });
  const agent = await createAgent(creator, {
    name: 'CRM helper',
    instructions: 'You help {{team}} with the CRM.',
    variables: { team: 'sales' },
    tool_ids: [tool.id, 'tol_calculator'],
    visibility: 'public',
  });
  const listing = await post(creator, `/api/v1/agents/${agent.id}/listing`, {
    title,
    tagline: 'Looks things up in your CRM',
    description: 'It looks things up.',
    category: 'productivity',
  });
  return { creator, conn, tool, agent, listing };
}

const install = (as: Account | { key: string }, slug: string, body?: unknown) =>
  api(`/api/v1/marketplace/listings/${slug}/install`, { method: 'POST', body, as: as as never });

describe('installing a listing', () => {
  it('copies the frozen version as a new team agent with unmapped tools; no secret, no connection; audit', async () => {
    const { conn, tool, listing } = await creatorWithListing();
    const b = await signup('Installer Inc');
    const res = await install(b, listing.slug);
    const text = await res.text();
    expect(res.status, text).toBe(201);
    const body = JSON.parse(text);
    expect(body.agent).toMatchObject({
      name: listing.title,
      visibility: 'team',
      instructions: 'You help {{team}} with the CRM.',
      variables: { team: 'sales' },
      model: 'edgent-test',
      connection_id: null,
    });
    expect(body.install).toMatchObject({ listing_id: listing.id, listing_version: 1, status: 'active' });
    expect(body.install.id).toMatch(/^ins_/);
    expect(body.previous_installs).toEqual([]);
    expect(body.needs_connections).toEqual([
      { tool_id: expect.stringMatching(/^tol_/), tool_name: 'crm_lookup', kind: 'http', connection: { name: 'Creator CRM', kind: 'http' } },
    ]);
    for (const s of [SECRET, conn.id, tool.id]) expect(text).not.toContain(s);
    expect(body.agent.tool_ids).toEqual([body.needs_connections[0].tool_id, 'tol_calculator']);
    const copied = (await (await api(`/api/v1/tools/${body.needs_connections[0].tool_id}`, { as: b })).json()) as any;
    expect(copied).toMatchObject({ name: 'crm_lookup', connection_id: null, config: { method: 'GET', url: '/search?q={q}' } });
    const row = await env.DB.prepare('select tenant_id, agent_id from listing_installs where id = ?').bind(body.install.id).first<any>();
    expect(row).toEqual({ tenant_id: b.tenant.id, agent_id: body.agent.id });
    await auditRow(b.tenant.id, 'listing.install', body.install.id);
    // A second install makes a second copy and says so.
    const again = (await (await install(b, listing.slug, { name: 'CRM helper, second' })).json()) as any;
    expect(again.agent).toMatchObject({ name: 'CRM helper, second' });
    expect(again.agent.id).not.toBe(body.agent.id);
    expect(again.previous_installs).toEqual([{ agent_id: body.agent.id, listing_version: 1 }]);
    expect(again.needs_connections[0].tool_name).toBe('crm_lookup_2');
  });

  it('is usable at once: the API, /v1/chat/completions and MCP tools/list; mapping a connection with PATCH /api/v1/tools/:id', async () => {
    const { listing } = await creatorWithListing();
    const b = await signup('Usage Inc');
    const body = (await (await install(b, listing.slug)).json()) as any;
    const session = await post(b, `/api/v1/agents/${body.agent.id}/sessions`, {});
    const said = await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: '[[echo:system]]' }, as: b });
    expect(said.status).toBe(200);
    expect(((await said.json()) as any).message.content).toContain('You help sales with the CRM.');
    const key = await apiKey(b);
    const ai = new OpenAI({ apiKey: key, baseURL: `${BASE}/v1`, maxRetries: 0, fetch: ((u: string, i: RequestInit) => SELF.fetch(u, i)) as never });
    const r = await ai.chat.completions.create({ model: body.agent.slug, messages: [{ role: 'user', content: 'hello there' }] });
    expect(r.choices[0]!.message.content).toBe('Hello! You said: hello there');
    const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
      fetch: ((u: string | URL, i?: RequestInit) => SELF.fetch(u, i)) as typeof fetch,
    });
    const mcp = new Client({ name: 'edgent-test', version: '1.0.0' });
    await mcp.connect(transport);
    expect((await mcp.listTools()).tools.map((t) => t.name)).toContain(`ask_${body.agent.slug}`);
    await mcp.close();
    // Mapping: one of the installer's own connections of the named kind.
    const mine = await createConnection(b, { name: 'My CRM', auth: { type: 'bearer', secret: 'my-own-secret-0123456789' } });
    const mapped = await api(`/api/v1/tools/${body.needs_connections[0].tool_id}`, { method: 'PATCH', body: { connection_id: mine.id }, as: b });
    expect(mapped.status).toBe(200);
    expect(((await (await api(`/api/v1/agents/${body.agent.id}/listing-update`, { as: b })).json()) as any).available).toBe(false);
  });

  it('404 for an unknown or unpublished listing; members may install, viewers and keys without agents:write may not', async () => {
    const { creator, agent, listing } = await creatorWithListing();
    const b = await signup('Roles Installer');
    await expectError(await install(b, 'no-such-listing'), 404, 'not_found');
    const narrow = await apiKey(b, ['agents:read']);
    await expectError(await install({ key: narrow }, listing.slug), 403);
    const writer = await apiKey(b, ['agents:write']);
    expect((await install({ key: writer }, listing.slug)).status).toBe(201);
    await expectError(await install(b, listing.slug, { name: '' }), 400, 'validation_failed');
    await api(`/api/v1/agents/${agent.id}/listing`, { method: 'DELETE', as: creator });
    await expectError(await install(b, listing.slug), 404, 'not_found');
    // The creator may install their own listing once it is back.
    await post(creator, `/api/v1/agents/${agent.id}/listing`, { title: listing.title, tagline: 'Back again', description: 'Yes.', category: 'productivity' });
    expect((await install(creator, listing.slug)).status).toBe(201);
  });
});

describe('updates of installed copies', () => {
  it('offers the newer version with a diff and notes; applying keeps the mapping and variable values', async () => {
    const { creator, agent, tool, listing } = await creatorWithListing();
    const b = await signup('Updater Inc');
    const body = (await (await install(b, listing.slug)).json()) as any;
    const copyTool = body.needs_connections[0].tool_id as string;
    const mine = await createConnection(b, { name: 'My CRM' });
    await api(`/api/v1/tools/${copyTool}`, { method: 'PATCH', body: { connection_id: mine.id }, as: b });
    await api(`/api/v1/agents/${body.agent.id}`, { method: 'PATCH', body: { variables: { team: 'support' } }, as: b });
    const own = (await (await api(`/api/v1/agents/${agent.id}/listing-update`, { as: creator })).json()) as any;
    expect(own).toMatchObject({ available: false, installed: false });
    await expectError(await api(`/api/v1/agents/${body.agent.id}/listing-update`, { method: 'POST', as: b }), 409);
    // The creator changes the agent: new instructions, a new tool, then publishes version 2.
    const extra = await createTool(creator, { name: 'crm_notes', config: { method: 'GET', url: 'https://notes.example.org/list' } });
    await api(`/api/v1/agents/${agent.id}`, {
      method: 'PATCH',
      body: { instructions: 'You help {{team}} with the CRM.\nBe brief.', tool_ids: [tool.id, extra.id] },
      as: creator,
    });
    await api(`/api/v1/agents/${agent.id}/listing`, {
      method: 'PATCH',
      body: { publish_version: true, version_notes: 'Shorter answers, notes tool' },
      as: creator,
    });
    const offer = (await (await api(`/api/v1/agents/${body.agent.id}/listing-update`, { as: b })).json()) as any;
    expect(offer).toMatchObject({
      available: true,
      installed: true,
      from: 1,
      to: 2,
      listing: { id: listing.id, slug: listing.slug },
      notes: [{ version: 2, notes: 'Shorter answers, notes tool' }],
      diff: { tools: { added: ['crm_notes'], removed: ['tol_calculator'], changed: [] } },
    });
    expect(offer.diff.instructions).toContainEqual({ op: 'add', text: 'Be brief.' });
    const applied = await api(`/api/v1/agents/${body.agent.id}/listing-update`, { method: 'POST', as: b });
    expect(applied.status).toBe(200);
    const after = ((await applied.json()) as any).agent;
    expect(after).toMatchObject({
      version: body.agent.version + 2,
      instructions: 'You help {{team}} with the CRM.\nBe brief.',
      variables: { team: 'support' },
    });
    expect(after.tool_ids[0]).toBe(copyTool);
    expect(after.tool_ids).toHaveLength(2);
    expect(((await (await api(`/api/v1/tools/${copyTool}`, { as: b })).json()) as any).connection_id).toBe(mine.id);
    expect((await (await api(`/api/v1/agents/${body.agent.id}/listing-update`, { as: b })).json()) as any).toMatchObject({ available: false, from: 2 });
    await expectError(await api(`/api/v1/agents/${body.agent.id}/listing-update`, { method: 'POST', as: b }), 409);
  });

  it("another organization's installed agent is 404", async () => {
    const { listing } = await creatorWithListing();
    const b = await signup('Owner Of Copy');
    const c = await signup('Snooper');
    const body = (await (await install(b, listing.slug)).json()) as any;
    await expectError(await api(`/api/v1/agents/${body.agent.id}/listing-update`, { as: c }), 404);
    await expectError(await api(`/api/v1/agents/${body.agent.id}/listing-update`, { method: 'POST', as: c }), 404);
  });
});
