// The MCP server's methods (protocol revisions 2024-11-05 to 2025-11-25): initialize, ping, tools/list and
// tools/call over the tenant's agents (agent-tools.ts), prompts/list and prompts/get over their instructions
// (agent-prompts.ts). Stateless: no Mcp-Session-Id, every request stands alone. A key without a needed scope gets
// a JSON-RPC error naming it (listing, prompts) or a tool result with isError (calls), never an HTTP 403.
import { AppError } from '../errors';
import { assertCan, type Scope } from '../services/permissions';
import type { Auth } from '../env';
import { getAgentPrompt, listAgentPrompts } from './agent-prompts';
import { callAgentTool, listAgentTools, type ToolCallContext } from './agent-tools';
import { WORKFLOW_TOOL_PREFIX, callWorkflowTool, listWorkflowTools } from './workflow-tools';
import { type JsonRpcRequest, type JsonRpcResponse, RPC, RPC_FORBIDDEN, RpcError, rpcError, rpcResult } from './json-rpc';

export const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
const SERVER_INFO = { name: 'edgent', title: 'Edgent agents and workflows', version: '1.0.0' };
const INSTRUCTIONS =
  'Each ask_ tool asks one of this organization’s agents: pass the session_id it returns to continue that conversation. Each workflow_ tool runs a workflow with its inputs and answers its output. Each prompt is an agent’s instructions, its variables filled in.';

export type McpContext = ToolCallContext & { auth: Auth };

/** The refusal's message when the caller lacks one of `scopes` (or its role forbids it), else null. */
function refusal(auth: Auth, scopes: Scope[]): { message: string; scope: Scope } | null {
  for (const scope of scopes) {
    try {
      assertCan(auth, scope);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'insufficient_scope' || e.code === 'forbidden')) return { message: e.message, scope };
      throw e;
    }
  }
  return null;
}

function requireScope(auth: Auth, scope: Scope): void {
  const r = refusal(auth, [scope]);
  if (r) throw new RpcError(RPC_FORBIDDEN, r.message, { code: 'insufficient_scope', scope: r.scope });
}

async function dispatch(req: JsonRpcRequest, ctx: McpContext): Promise<unknown> {
  const p = req.params ?? {};
  switch (req.method) {
    case 'initialize': {
      const wanted = typeof p.protocolVersion === 'string' ? p.protocolVersion : '';
      return {
        protocolVersion: PROTOCOL_VERSIONS.includes(wanted) ? wanted : PROTOCOL_VERSIONS[0],
        capabilities: { tools: { listChanged: false }, prompts: { listChanged: false } },
        serverInfo: SERVER_INFO,
        instructions: INSTRUCTIONS,
      };
    }
    case 'ping':
      return {};
    case 'tools/list': {
      // Agents (paged), and on the first page the workflows, each for a caller who may read them.
      const agents = !refusal(ctx.auth, ['agents:read']);
      const workflows = !refusal(ctx.auth, ['workflows:read']);
      if (!agents && !workflows) requireScope(ctx.auth, 'agents:read');
      const page = agents ? await listAgentTools(ctx.db, p.cursor) : { tools: [] };
      if (workflows && p.cursor === undefined) page.tools = [...page.tools, ...(await listWorkflowTools(ctx.db))] as typeof page.tools;
      return page;
    }
    case 'tools/call': {
      if (typeof p.name === 'string' && p.name.startsWith(WORKFLOW_TOOL_PREFIX)) {
        const w = refusal(ctx.auth, ['workflows:read', 'runs:write']);
        if (w) return { content: [{ type: 'text', text: `${w.message}: running a workflow needs workflows:read and runs:write.` }], isError: true };
        return callWorkflowTool({ ...ctx, createdBy: ctx.auth.userId }, p.name, p.arguments);
      }
      // A result the model can read and relay ("this key lacks …"), where a protocol error would read as a crash.
      const r = refusal(ctx.auth, ['agents:read', 'sessions:write']);
      if (r) return { content: [{ type: 'text', text: `${r.message}: calling an agent needs agents:read and sessions:write.` }], isError: true };
      return callAgentTool(ctx, p.name, p.arguments);
    }
    case 'prompts/list':
      requireScope(ctx.auth, 'agents:read');
      return listAgentPrompts(ctx.db, p.cursor);
    case 'prompts/get':
      requireScope(ctx.auth, 'agents:read');
      return getAgentPrompt(ctx.db, p.name, p.arguments);
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
