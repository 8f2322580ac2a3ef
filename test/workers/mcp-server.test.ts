// The MCP server at /mcp driven by the official MCP TypeScript SDK client over Streamable HTTP (its fetch is the
// Worker's): initialize, the tenant's agents as ask_<slug> tools, calls that start and continue conversations,
// errors, scopes and tenancy; plus the raw protocol edges (notifications, batches, parse errors, GET).
import { SELF } from 'cloudflare:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { api, apiKey, BASE, createAgent, createSession, signup } from './helpers';

async function connect(key: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
    fetch: ((url: string | URL, init?: RequestInit) => SELF.fetch(url, init)) as typeof fetch,
  });
  const client = new Client({ name: 'edgent-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const rpc = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('MCP server, with the official SDK client', () => {
  it('initializes and lists the tenant’s agents as ask_<slug> tools', async () => {
    const a = await signup();
    await createAgent(a, { name: 'Billing Helper', description: 'Answers billing questions.' });
    const client = await connect(await apiKey(a));
    expect(client.getServerVersion()).toMatchObject({ name: 'edgent' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {} });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['ask_billing-helper', 'ask_hello-world']);
    const billing = tools.find((t) => t.name === 'ask_billing-helper')!;
    expect(billing.description).toMatch(/^Answers billing questions\./);
    expect(billing.inputSchema).toMatchObject({
      type: 'object',
      required: ['message'],
      properties: { message: { type: 'string' }, session_id: { type: 'string' } },
    });
    await client.ping();
    await client.close();
  });

  it('calls an agent, then continues the conversation with the session id it returned', async () => {
    const a = await signup();
    await createAgent(a, { name: 'Echo' });
    const client = await connect(await apiKey(a));
    const first = (await client.callTool({ name: 'ask_echo', arguments: { message: '[[reply:Nice to meet you]]' } })) as any;
    expect(first.isError).toBeFalsy();
    expect(first.content[0]).toEqual({ type: 'text', text: 'Nice to meet you' });
    const sessionId = first.structuredContent.session_id as string;
    expect(sessionId).toMatch(/^ses_/);
    expect(first.content[1].text).toBe(`session_id: ${sessionId}`);
    const second = (await client.callTool({ name: 'ask_echo', arguments: { message: '[[echo:messages]]', session_id: sessionId } })) as any;
    expect(JSON.parse(second.content[0].text)).toMatchObject({ count: 4 });
    expect(second.structuredContent.session_id).toBe(sessionId);
    // the conversation is a real session, visible in the API
    const history = (await (await api(`/api/v1/sessions/${sessionId}/messages`, { as: a })).json()) as any;
    expect(history.data).toHaveLength(4);
    expect(((await (await api(`/api/v1/sessions/${sessionId}`, { as: a })).json()) as any).metadata).toEqual({ via: 'mcp' });
    await client.close();
  });

  it('reports failures as tool errors and refuses unknown tools', async () => {
    const a = await signup();
    const b = await signup();
    await createAgent(a, { name: 'Fails' });
    const client = await connect(await apiKey(a));
    const failed = (await client.callTool({ name: 'ask_fails', arguments: { message: '[[error:400]]' } })) as any;
    expect(failed.isError).toBe(true);
    expect(failed.content[0].text).toMatch(/could not answer/);
    // another tenant's session id is unknown here
    const bSession = await createSession(b, (await createAgent(b, { name: 'Fails' })).id);
    const foreign = (await client.callTool({ name: 'ask_fails', arguments: { message: 'hi', session_id: bSession.id } })) as any;
    expect(foreign.isError).toBe(true);
    expect(foreign.content[0].text).toMatch(/No conversation/);
    await expect(client.callTool({ name: 'ask_nobody', arguments: { message: 'hi' } })).rejects.toThrow(/Unknown tool/);
    await expect(client.callTool({ name: 'ask_fails', arguments: {} })).rejects.toThrow(/message/);
    await client.close();
  });

  it('lists only the caller’s tenant’s agents', async () => {
    const a = await signup();
    const b = await signup();
    await createAgent(b, { name: 'Secret Agent' });
    const client = await connect(await apiKey(a));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['ask_hello-world']);
    await expect(client.callTool({ name: 'ask_secret-agent', arguments: { message: 'hi' } })).rejects.toThrow(/Unknown tool/);
    await client.close();
  });
});

describe('MCP prompts: the agents’ instructions', () => {
  it('lists one prompt per agent with its declared variables as arguments, and fills them in prompts/get', async () => {
    const a = await signup();
    await createAgent(a, {
      name: 'Support Desk',
      description: 'Answers customers.',
      instructions: 'You are {{agent_name}} for {{company}}. Answer in {{language}}. Today is {{current_date}}.',
      variables: { company: 'Acme', language: 'English', unused: '' },
    });
    const client = await connect(await apiKey(a, ['agents:read']));
    expect(client.getServerCapabilities()).toMatchObject({ prompts: {} });
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['hello-world', 'support-desk']);
    const desk = prompts.find((p) => p.name === 'support-desk')!;
    expect(desk).toMatchObject({ title: 'Support Desk', description: 'Answers customers.' });
    expect(desk.arguments).toEqual([
      { name: 'company', description: 'Default: "Acme"', required: false },
      { name: 'language', description: 'Default: "English"', required: false },
      { name: 'unused', description: 'Not used by the instructions. Default: (empty)', required: false },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const filled = await client.getPrompt({ name: 'support-desk', arguments: { language: 'French <b>' } });
    expect(filled.messages).toEqual([
      { role: 'user', content: { type: 'text', text: `You are Support Desk for Acme. Answer in French <b>. Today is ${today}.` } },
    ]);
    const defaults = await client.getPrompt({ name: 'support-desk' });
    expect((defaults.messages[0]!.content as any).text).toContain('Answer in English.');
    await expect(client.getPrompt({ name: 'support-desk', arguments: { colour: 'red' } })).rejects.toThrow(/Unknown argument "colour"/);
    await expect(client.getPrompt({ name: 'nobody' })).rejects.toThrow(/Unknown prompt: nobody/);
    await client.close();
  });

  it('never shows another tenant’s instructions', async () => {
    const a = await signup();
    const b = await signup();
    const secret = await createAgent(b, { name: 'Secret Agent', instructions: 'The launch code is 0000.' });
    const client = await connect(await apiKey(a));
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['hello-world']);
    await expect(client.getPrompt({ name: 'secret-agent' })).rejects.toThrow(/Unknown prompt/);
    await expect(client.getPrompt({ name: secret.id })).rejects.toThrow(/Unknown prompt/);
    await client.close();
  });
});

describe('MCP over HTTP', () => {
  it('needs an API key (401 with WWW-Authenticate); a missing scope is a JSON-RPC error or a tool error, never a 403', async () => {
    const a = await signup();
    const noKey = await SELF.fetch(`${BASE}/mcp`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', cookie: a.cookie } });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('www-authenticate')).toBe('Bearer');
    const badKey = await rpc('not-a-real-key-0000000000000000', { jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(badKey.status).toBe(401);
    expect(badKey.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const writeOnly = await apiKey(a, ['sessions:write']);
    const list = await rpc(writeOnly, [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 2, method: 'prompts/list' },
      { jsonrpc: '2.0', id: 3, method: 'prompts/get', params: { name: 'hello-world' } },
      { jsonrpc: '2.0', id: 4, method: 'ping' },
    ]);
    expect(list.status).toBe(200);
    const answers = (await list.json()) as any[];
    for (const r of answers.slice(0, 3)) {
      expect(r.error).toEqual({
        code: -32003,
        message: 'This API key lacks the "agents:read" scope',
        data: { code: 'insufficient_scope', scope: 'agents:read' },
      });
    }
    expect(answers[3]).toEqual({ jsonrpc: '2.0', id: 4, result: {} });
    // the official client still connects (initialize needs no scope) and reads the refusals as such
    const readOnly = await connect(await apiKey(a, ['agents:read']));
    expect((await readOnly.listTools()).tools.map((t) => t.name)).toEqual(['ask_hello-world']);
    const refused = (await readOnly.callTool({ name: 'ask_hello-world', arguments: { message: 'hi' } })) as any;
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toContain('lacks the "sessions:write" scope');
    await readOnly.close();
    const blind = await connect(writeOnly);
    await expect(blind.listPrompts()).rejects.toThrow(/agents:read/);
    expect(((await blind.callTool({ name: 'ask_hello-world', arguments: { message: 'hi' } })) as any).content[0].text).toContain('"agents:read"');
    await blind.close();
    // nothing was started by the refused calls
    const sessions = (await (await api('/api/v1/sessions', { as: a })).json()) as any;
    expect(sessions.data).toHaveLength(0);
  });

  it('answers notifications with 202, batches with an array, and protocol errors in JSON-RPC', async () => {
    const a = await signup();
    const key = await apiKey(a);
    expect((await rpc(key, { jsonrpc: '2.0', method: 'notifications/initialized' })).status).toBe(202);
    const batch = (await (
      await rpc(key, [
        { jsonrpc: '2.0', id: 'p', method: 'ping' },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 7, method: 'nope' },
      ])
    ).json()) as any[];
    expect(batch).toEqual([
      { jsonrpc: '2.0', id: 'p', result: {} },
      { jsonrpc: '2.0', id: 7, error: { code: -32601, message: 'Method not found: nope' } },
    ]);
    const parse = await rpc(key, '{not json');
    expect(parse.status).toBe(400);
    expect(((await parse.json()) as any).error.code).toBe(-32700);
    expect(((await (await rpc(key, { id: 1, method: 'ping' })).json()) as any).error.code).toBe(-32600);
    expect((await rpc(key, { jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-protocol-version': '1999-01-01' })).status).toBe(400);
    const init = (await (
      await rpc(key, {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      })
    ).json()) as any;
    expect(init.result.protocolVersion).toBe('2024-11-05');
    const get = await SELF.fetch(`${BASE}/mcp`, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
