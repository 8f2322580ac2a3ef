// The MCP server's methods (protocol revisions 2024-11-05 to 2025-11-25): initialize, ping, tools/list and
// tools/call over the tenant's agents (agent-tools.ts). Stateless: no Mcp-Session-Id, every request stands alone.
import { assertCan } from '../services/permissions';
import type { Auth } from '../env';
import { callAgentTool, listAgentTools, type ToolCallContext } from './agent-tools';
import { type JsonRpcRequest, type JsonRpcResponse, RPC, RpcError, rpcError, rpcResult } from './json-rpc';

export const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
const SERVER_INFO = { name: 'edgent', title: 'Edgent agents', version: '1.0.0' };
const INSTRUCTIONS = 'Each tool asks one of this organization’s agents. Pass the session_id a tool returns to continue that conversation.';

export type McpContext = ToolCallContext & { auth: Auth };

async function dispatch(req: JsonRpcRequest, ctx: McpContext): Promise<unknown> {
  const p = req.params ?? {};
  switch (req.method) {
    case 'initialize': {
      const wanted = typeof p.protocolVersion === 'string' ? p.protocolVersion : '';
      return {
        protocolVersion: PROTOCOL_VERSIONS.includes(wanted) ? wanted : PROTOCOL_VERSIONS[0],
        capabilities: { tools: { listChanged: false } },
        serverInfo: SERVER_INFO,
        instructions: INSTRUCTIONS,
      };
    }
    case 'ping':
      return {};
    case 'tools/list':
      return listAgentTools(ctx.db, p.cursor);
    case 'tools/call':
      // A refusal here is an HTTP 403 naming the scope, like every other API route.
      assertCan(ctx.auth, 'sessions:write');
      return callAgentTool(ctx, p.name, p.arguments);
    default:
      throw new RpcError(RPC.methodNotFound, `Method not found: ${req.method}`);
  }
}

/** Answers one request; notifications (no id) run and answer nothing. */
export async function handleMessage(req: JsonRpcRequest, ctx: McpContext): Promise<JsonRpcResponse | null> {
  if (req.id === undefined) return null;
  try {
    return rpcResult(req.id, await dispatch(req, ctx));
  } catch (e) {
    if (e instanceof RpcError) return rpcError(req.id, e.code, e.message, e.data);
    throw e;
  }
}
