// The tenant's agents as MCP tools: `ask_<slug>` takes {message, session_id?}; a call runs one turn in a conversation
// (a new one, or the one session_id names) and answers with the reply as text plus the session id to continue it.
import type { AgentRow, TenantDb } from '../db/tenant-db';
import type { Who } from '../lib/actor';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { getAgent } from '../services/agents';
import { resolveAgent } from '../services/agent-resolver';
import { createChatSession } from '../services/chat-sessions';
import { messageProblem, turnFailure } from '../services/turn-policy';
import { conversationAgentId, runTurnToEnd } from '../services/turns';
import { RPC, RpcError } from './json-rpc';

export const TOOL_PREFIX = 'ask_';
const PAGE = 100;

export type ToolCallContext = { env: Bindings; db: TenantDb; actor: Who; waitUntil: (p: Promise<unknown>) => void };

const inputSchema = {
  type: 'object',
  properties: {
    message: { type: 'string', description: 'What to ask or tell the agent.' },
    session_id: { type: 'string', description: 'Continue the conversation this id names (returned by an earlier call). Leave it out to start a new one.' },
  },
  required: ['message'],
  additionalProperties: false,
};

export function agentTool(a: AgentRow) {
  const about = a.description?.trim() || `Ask the ${a.name} agent.`;
  return {
    name: `${TOOL_PREFIX}${a.slug}`,
    title: a.name,
    description: `${about} Answers with the agent's reply and a session_id; pass it back to continue the same conversation.`,
    inputSchema,
    annotations: { title: a.name, readOnlyHint: false, openWorldHint: true },
  };
}

/** One page of tools, newest agents first; the cursor is the last agent id of the previous page. */
export async function listAgentTools(db: TenantDb, cursor: unknown) {
  if (cursor !== undefined && (typeof cursor !== 'string' || !/^agt_[0-9a-z]{24}$/.test(cursor))) throw new RpcError(RPC.invalidParams, 'Invalid cursor');
  const rows = await db.agents.list({ limit: PAGE, cursor: (cursor as string | undefined) ?? null });
  const page = rows.slice(0, PAGE);
  return { tools: page.map(agentTool), ...(rows.length > PAGE ? { nextCursor: page[PAGE - 1]!.id } : {}) };
}

const toolError = (text: string) => ({ content: [{ type: 'text', text }], isError: true });

export async function callAgentTool(ctx: ToolCallContext, name: unknown, args: unknown) {
  if (typeof name !== 'string' || !name.startsWith(TOOL_PREFIX)) throw new RpcError(RPC.invalidParams, `Unknown tool: ${String(name)}`);
  const a = (args ?? {}) as { message?: unknown; session_id?: unknown };
  const message = typeof a.message === 'string' ? a.message.trim() : '';
  const problem = messageProblem(message);
  if (problem) throw new RpcError(RPC.invalidParams, `"message": ${problem}`);
  if (a.session_id !== undefined && typeof a.session_id !== 'string') throw new RpcError(RPC.invalidParams, '"session_id" must be a string');
  const agent = await resolveAgent(ctx.db, name.slice(TOOL_PREFIX.length), ctx.waitUntil, 'name').catch((e) => {
    throw e instanceof AppError && e.code === 'not_found' ? new RpcError(RPC.invalidParams, `Unknown tool: ${name}`) : e;
  });
  let sessionId = a.session_id as string | undefined;
  if (sessionId) {
    if ((await conversationAgentId({ env: ctx.env, tenantId: ctx.db.tenantId, sessionId })) !== agent.agentId)
      return toolError(`No conversation ${sessionId} with ${agent.name}: leave session_id out to start one.`);
  } else {
    const row = await getAgent(ctx.db, agent.agentId);
    sessionId = (await createChatSession(ctx.env, ctx.db, row, { metadata: { via: 'mcp' } }, ctx.actor)).id;
  }
  let o;
  try {
    o = await runTurnToEnd({ env: ctx.env, tenantId: ctx.db.tenantId, sessionId }, message, {
      tag: { source: 'mcp', apiKeyId: ctx.actor.type === 'api_key' ? ctx.actor.id : null },
    });
  } catch (e) {
    if (e instanceof AppError) return toolError(e.message);
    throw e;
  }
  const reply = o.message?.content ?? '';
  const failure = turnFailure(o.error);
  if (failure) return toolError(`${agent.name} could not answer: ${failure.message}${reply ? `\nPartial answer: ${reply}` : ''}`);
  return {
    content: [
      { type: 'text', text: reply },
      { type: 'text', text: `session_id: ${sessionId}` },
    ],
    structuredContent: { reply, session_id: sessionId, agent_id: agent.agentId },
  };
}
