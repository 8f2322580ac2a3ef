// Runner of `mcp` tools: one tool of an MCP connection (config {server_tool_name}), called with tools/call over
// Streamable HTTP with the connection's credential. Discovery (services/mcp-discovery.ts) creates these rows.
import { OutboundError } from '../lib/outbound';
import { redactAll } from './connection-auth';
import { validateArgs } from './json-schema';
import { McpClient, McpError, mcpResultText } from './mcp-client';
import type { ToolSpec } from '../llm/snapshot';
import type { ToolContext, ToolResult } from './types';

export async function runMcpTool(spec: ToolSpec, args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult> {
  const problems = validateArgs(spec.parameters, args);
  if (problems.length) return { ok: false, output: `Invalid arguments for ${spec.name}: ${problems.join('; ')}` };
  const serverName = typeof spec.config.server_tool_name === 'string' ? spec.config.server_tool_name : '';
  const conn = spec.connectionId ? ctx.connection(spec.connectionId) : undefined;
  if (!serverName || !conn || conn.kind !== 'mcp' || !conn.baseUrl) {
    return { ok: false, output: `The MCP tool ${spec.name} has no MCP connection; ask the agent's owner to rediscover its tools.` };
  }
  const secret = conn.authType === 'none' ? null : await ctx.secretFor(conn.id);
  const client = new McpClient({ url: conn.baseUrl, conn, secret, env: ctx.env, signal: ctx.signal, timeoutMs: 60_000 });
  try {
    await client.initialize();
    const r = await client.callTool(serverName, args);
    return { ok: !r.isError, output: redactAll(mcpResultText(r), client.redactions) };
  } catch (e) {
    if (ctx.signal.aborted) return { ok: false, output: `${spec.name} was cancelled` };
    const reason = e instanceof McpError || e instanceof OutboundError ? e.message : `the call failed (${e instanceof Error ? e.message : String(e)})`;
    return { ok: false, output: redactAll(`${spec.name} (MCP): ${reason}`, client.redactions) };
  } finally {
    await client.close();
  }
}
