// MCP tools against a real MCP server (the official TypeScript SDK's, test/fixtures/mcp-server.mjs) over Streamable
// HTTP: discovery creates `mcp` tools (POST /api/v1/connections/:id/tools), agents call them in chat, SSE and JSON
// answers, the Mcp-Session-Id and the bearer credential are sent, and refreshing keeps, updates or removes rows.
import { describe, expect, it, inject } from 'vitest';
import { type Account, api, expectError, post, signup } from './helpers';

const API = inject('toolsApiUrl');
/** The token test/fixtures/mcp-server.mjs accepts. */
const MCP_TOKEN = 'mcp-SECRET-token-5b7d9f1a3c2e';

/** An MCP connection whose URL carries a fresh `?tag=`, so the server's log can be read per test. */
const mcpConnection = (a: Account, path = '/mcp', secret = MCP_TOKEN, tag = crypto.randomUUID()) =>
  post(a, '/api/v1/connections', { name: 'Orders MCP', kind: 'mcp', base_url: `${API}${path}?tag=${tag}`, auth: { type: 'bearer', secret } });

/** The JSON-RPC messages the MCP server received for this connection (method, session id, auth sent). */
const mcpLog = async (conn: { base_url: string }) =>
  (await (await fetch(`${API}/mcp-log?tag=${new URL(conn.base_url).searchParams.get('tag')}`)).json()) as {
    method: string;
    session: string | null;
    auth: boolean;
  }[];

describe('MCP discovery', () => {
  for (const path of ['/mcp', '/mcp-json']) {
    it(`creates one mcp tool per server tool (${path === '/mcp' ? 'SSE' : 'JSON'} answers), and refreshing keeps them`, async () => {
      const a = await signup();
      const conn = await mcpConnection(a, path);
      const r = await post(a, `/api/v1/connections/${conn.id}/tools`, undefined, 200);
      expect(r.created.sort()).toEqual(['add', 'lookup_order']);
      const add = r.data.find((t: any) => t.name === 'add');
      expect(add).toMatchObject({
        kind: 'mcp',
        connection_id: conn.id,
        config: { server_tool_name: 'add' },
        description: 'Add two numbers and return the sum.',
      });
      expect(add.parameters).toMatchObject({
        type: 'object',
        properties: { a: { type: 'number', description: 'First addend' }, b: { type: 'number' } },
        required: ['a', 'b'],
      });
      const log = await mcpLog(conn);
      expect(log.map((m) => m.method)).toEqual(['initialize', 'notifications/initialized', 'tools/list']);
      expect(log.every((m) => m.auth)).toBe(true);
      expect(log[0]!.session).toBeNull();
      expect(log[1]!.session).toMatch(/^[0-9a-f-]{36}$/);
      expect(log[2]!.session).toBe(log[1]!.session);

      const again = await post(a, `/api/v1/connections/${conn.id}/tools`, undefined, 200);
      expect(again).toMatchObject({ created: [], updated: [], removed: [], stale: [] });
      expect(again.data.map((t: any) => t.id).sort()).toEqual(r.data.map((t: any) => t.id).sort());
    });
  }

  it('refresh updates changed rows, removes unused ones gone from the server and keeps used ones as stale', async () => {
    const a = await signup();
    const conn = await mcpConnection(a);
    const first = await post(a, `/api/v1/connections/${conn.id}/tools`, undefined, 200);
    const add = first.data.find((t: any) => t.name === 'add');
    await api(`/api/v1/tools/${add.id}`, { method: 'PATCH', body: { description: 'edited by hand' }, as: a });
    const mk = (name: string) =>
      post(a, '/api/v1/tools', {
        name,
        description: 'gone',
        kind: 'mcp',
        parameters: { type: 'object' },
        config: { server_tool_name: name },
        connection_id: conn.id,
      });
    const unused = await mk('retired_unused');
    const used = await mk('retired_used');
    await post(a, '/api/v1/agents', { name: 'Uses it', model: 'm', tool_ids: [used.id] });
    const r = await post(a, `/api/v1/connections/${conn.id}/tools`, undefined, 200);
    expect(r).toMatchObject({ created: [], updated: ['add'], removed: ['retired_unused'], stale: ['retired_used'] });
    expect(((await (await api(`/api/v1/tools/${add.id}`, { as: a })).json()) as any).description).toBe('Add two numbers and return the sum.');
    await expectError(await api(`/api/v1/tools/${unused.id}`, { as: a }), 404);
  });

  it('names a server tool after its connection when the plain name is taken', async () => {
    const a = await signup();
    await post(a, '/api/v1/tools', { name: 'add', description: 'mine', kind: 'http', config: { method: 'GET', url: 'https://api.example.com/add' } });
    const r = await post(a, `/api/v1/connections/${(await mcpConnection(a)).id}/tools`, undefined, 200);
    expect(r.created.sort()).toEqual(['lookup_order', 'orders_mcp_add']);
  });

  it('answers 502 with the reason when the server refuses the credential, 400 for a connection that is not MCP', async () => {
    const a = await signup();
    const bad = await mcpConnection(a, '/mcp', 'wrong-token-000000');
    const err = await expectError(await api(`/api/v1/connections/${bad.id}/tools`, { method: 'POST', as: a }), 502, 'upstream_error');
    expect(err.message).toContain('refused the credentials (HTTP 401)');
    expect(err.message).not.toContain('wrong-token-000000');
    const http = await post(a, '/api/v1/connections', { name: 'H', kind: 'http', base_url: API, auth: { type: 'none' } });
    await expectError(await api(`/api/v1/connections/${http.id}/tools`, { method: 'POST', as: a }), 400, 'bad_request');
    const key = (await (await api('/api/v1/api-keys', { body: { name: 'ro', scopes: ['connections:read', 'tools:read'] }, as: a })).json()) as any;
    await expectError(await api(`/api/v1/connections/${bad.id}/tools`, { method: 'POST', as: { key: key.key } }), 403, 'insufficient_scope');
  });
});

describe('MCP tools in a chat turn', () => {
  it('calls the server tool with tools/call and returns its content; a tool error is a failed result', async () => {
    const a = await signup();
    const conn = await mcpConnection(a, '/mcp');
    const tools = (await post(a, `/api/v1/connections/${conn.id}/tools`, undefined, 200)).data;
    const agent = await post(a, '/api/v1/agents', { name: 'Orders', model: 'edgent-test', tool_ids: tools.map((t: any) => t.id) });
    const s = await post(a, `/api/v1/agents/${agent.id}/sessions`);
    const r = await post(
      a,
      `/api/v1/sessions/${s.id}/messages`,
      {
        content: '[[tool:add {"a":2,"b":40}]] [[tool:lookup_order {"order_id":"A-1001"}]] [[tool:lookup_order {"order_id":"missing"}]] [[tool:add {"a":"x"}]]',
      },
      200,
    );
    expect(r.message.content).toContain('Tool said: 42');
    const steps = ((await (await api(`/api/v1/sessions/${s.id}/trace`, { as: a })).json()) as any).data.filter((x: any) => x.type === 'tool');
    expect(steps.map((x: any) => [x.name, x.ok])).toEqual([
      ['add', true],
      ['lookup_order', true],
      ['lookup_order', false],
      ['add', false],
    ]);
    expect(JSON.parse(steps[1].output)).toEqual({ order_id: 'A-1001', status: 'shipped', carrier: 'DHL' });
    expect(steps[2].output).toBe('No order missing');
    expect(steps[3].output).toBe('Invalid arguments for add: b: is required; a: expected number, got string');
    const calls = (await mcpLog(conn)).filter((m) => m.method === 'tools/call');
    expect(calls).toHaveLength(3); // the invalid call never reached the server
    expect(calls.every((m) => m.auth && m.session)).toBe(true);
    expect(await (await api(`/api/v1/sessions/${s.id}/trace`, { as: a })).text()).not.toContain(MCP_TOKEN);
  });

  it('attaches a whole MCP connection: every discovered tool is offered, and the connection counts as in use', async () => {
    const a = await signup();
    const conn = await mcpConnection(a, '/mcp');
    await post(a, `/api/v1/connections/${conn.id}/tools`, undefined, 200);
    const agent = await post(a, '/api/v1/agents', { name: 'All of MCP', model: 'edgent-test', tool_ids: ['tol_current_time', conn.id] });
    const s = await post(a, `/api/v1/agents/${agent.id}/sessions`);
    const offered = await post(a, `/api/v1/sessions/${s.id}/messages`, { content: '[[echo:tools]]' }, 200);
    expect(JSON.parse(offered.message.content).sort()).toEqual(['add', 'current_time', 'lookup_order']);
    const r = await post(a, `/api/v1/sessions/${s.id}/messages`, { content: '[[tool:add {"a":1,"b":2}]]' }, 200);
    expect(r.message.content).toContain('Tool said: 3');
    const del = await expectError(await api(`/api/v1/connections/${conn.id}`, { method: 'DELETE', as: a }), 409, 'conflict');
    expect(del.message).toMatch(/1 agent/);
  });

  it('refuses to attach a connection that is not an MCP server', async () => {
    const a = await signup();
    const http = await post(a, '/api/v1/connections', { name: 'Plain API', kind: 'http', base_url: `${API}/`, auth: { type: 'none' } });
    const err = await expectError(
      await api('/api/v1/agents', { body: { name: 'x', model: 'm', tool_ids: [http.id, 'con_00000000000000000000000000'] }, as: a }),
      400,
      'validation_failed',
    );
    expect(err.details).toEqual([
      { path: 'tool_ids.0', message: expect.stringContaining('Only MCP connections') },
      { path: 'tool_ids.1', message: expect.stringContaining('No such connection') },
    ]);
  });
});
