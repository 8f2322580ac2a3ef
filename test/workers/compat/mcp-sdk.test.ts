// Compatibility: the official MCP TypeScript SDK client (`@modelcontextprotocol/sdk` Client over
// StreamableHTTPClientTransport, the API key in a header) against /mcp: initialize, tools/list, tools/call of an agent
// continuing its conversation, prompts/list and prompts/get, and scope refusals read as JSON-RPC errors (McpError).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { api } from '../helpers';
import { BASE, tenant, workerFetch } from './fixture';

async function connect(key: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
    fetch: workerFetch,
  });
  const client = new Client({ name: 'compat-suite', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('@modelcontextprotocol/sdk Client', () => {
  it('initializes: server info, capabilities, instructions', async () => {
    const t = await tenant();
    const client = await connect(t.key);
    expect(client.getServerVersion()).toMatchObject({ name: 'edgent' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, prompts: {} });
    expect(client.getInstructions()).toMatch(/agents/);
    await client.ping();
    await client.close();
  });

  it('lists the agents as tools and calls one, continuing its conversation with the returned session id', async () => {
    const t = await tenant({ description: 'Answers compatibility questions.' });
    const client = await connect(t.key);
    const { tools } = await client.listTools();
    const ask = tools.find((x) => x.name === `ask_${t.agent.slug}`)!;
    expect(ask.description).toMatch(/^Answers compatibility questions\./);
    expect(ask.inputSchema).toMatchObject({ type: 'object', required: ['message'] });

    const first = (await client.callTool({ name: ask.name, arguments: { message: '[[reply:Nice to meet you]]' } })) as any;
    expect(first.isError).toBeFalsy();
    expect(first.content[0]).toEqual({ type: 'text', text: 'Nice to meet you' });
    const sessionId = first.structuredContent.session_id as string;
    const second = (await client.callTool({ name: ask.name, arguments: { message: '[[echo:messages]]', session_id: sessionId } })) as any;
    expect(JSON.parse(second.content[0].text)).toMatchObject({ count: 4 });
    // the conversation is an ordinary session of the tenant
    const history = (await (await api(`/api/v1/sessions/${sessionId}/messages`, { as: t.account })).json()) as { data: unknown[] };
    expect(history.data).toHaveLength(4);
    await client.close();
  });

  it('offers the agents’ instructions as prompts, variables filled in', async () => {
    const t = await tenant({ instructions: 'You are {{agent_name}} for {{company}}.', variables: { company: 'Acme' } });
    const client = await connect(t.key);
    const { prompts } = await client.listPrompts();
    const mine = prompts.find((p) => p.name === t.agent.slug)!;
    expect(mine.arguments).toEqual([{ name: 'company', description: 'Default: "Acme"', required: false }]);
    expect((await client.getPrompt({ name: t.agent.slug })).messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'You are Compat Bot for Acme.' } },
    ]);
    const filled = await client.getPrompt({ name: t.agent.slug, arguments: { company: 'Globex' } });
    expect(filled.messages[0]!.content).toEqual({ type: 'text', text: 'You are Compat Bot for Globex.' });
    await client.close();
  });

  it('reads a missing scope as a JSON-RPC error (McpError) or a tool error, never a transport failure', async () => {
    const t = await tenant({}, ['sessions:read']);
    const client = await connect(t.key);
    const listed = await client.listTools().catch((x: unknown) => x);
    expect(listed).toBeInstanceOf(McpError);
    expect(listed).toMatchObject({ code: -32003, data: { code: 'insufficient_scope', scope: 'agents:read' } });
    expect(await client.listPrompts().catch((x: unknown) => x)).toBeInstanceOf(McpError);
    const called = (await client.callTool({ name: `ask_${t.agent.slug}`, arguments: { message: 'hi' } })) as any;
    expect(called.isError).toBe(true);
    expect(called.content[0].text).toMatch(/agents:read/);
    await client.close();
  });

  it('a wrong key fails the connection with the HTTP status 401', async () => {
    const e = await connect('edg_wrong').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StreamableHTTPError);
    expect(e).toMatchObject({ code: 401 });
  });
});
