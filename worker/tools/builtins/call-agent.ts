// call_agent: ask another agent of the same tenant (by id or slug), one of those listed in the calling agent's
// callable_agent_ids (carried in the tool's snapshot config). Each call opens a session for that agent, through the
// same service the API uses, and runs one turn on its Durable Object; nesting stops at MAX_CALL_DEPTH.
import { isId } from '../../db/ids';
import { tenantDb } from '../../db/tenant-db';
import { createChatSession } from '../../services/chat-sessions';
import { sessionStub } from '../../services/session-stub';
import type { ToolContext, ToolResult } from '../types';
import type { ToolSpec } from '../../llm/snapshot';

export const MAX_CALL_DEPTH = 3;

export async function callAgent(args: Record<string, unknown>, ctx: ToolContext, spec?: ToolSpec): Promise<ToolResult> {
  const ref = typeof args.agent === 'string' ? args.agent.trim() : '';
  const message = typeof args.message === 'string' ? args.message.trim() : '';
  if (!ref || !message) return { ok: false, output: 'Pass {"agent": "<agent id or slug>", "message": "<what to ask>"}' };
  if (ctx.depth >= MAX_CALL_DEPTH) {
    return { ok: false, output: `call_agent is limited to ${MAX_CALL_DEPTH} nested calls and this is already call ${ctx.depth}: answer with what you have.` };
  }
  // A tool may read D1 (only the turn's own overhead must not); the handle is scoped to this session's tenant.
  const db = tenantDb(ctx.env, ctx.tenantId);
  const agent = isId('agent', ref) ? await db.agents.get(ref) : await db.agents.getBySlug(ref.toLowerCase());
  // Only the agents the caller's configuration lists; an unknown and a not-listed agent get the same answer, so a
  // visitor of a public agent learns nothing about the others.
  const allowed = Array.isArray(spec?.config.callable_agent_ids) ? (spec.config.callable_agent_ids as unknown[]) : [];
  if (!agent || !allowed.includes(agent.id)) {
    return { ok: false, output: `"${ref}" is not an agent this agent may call. ${allowed.length ? `It may call: ${allowed.join(', ')}.` : 'It may call none: list agents in its callable_agent_ids.'}` };
  }
  const session = await createChatSession(
    ctx.env,
    db,
    agent,
    { metadata: { via: 'call_agent', parent_session_id: ctx.sessionId, parent_agent_id: ctx.agentId, depth: ctx.depth + 1 } },
    { type: 'system', id: null },
  );
  const stub = sessionStub(ctx.env, ctx.tenantId, session.id);
  // Stopping the caller's turn stops the called agent's turn too.
  const stop = () => void stub.cancel().catch(() => {});
  ctx.signal.addEventListener('abort', stop, { once: true });
  const r = await stub.chatJson(message.slice(0, 32_000), ctx.depth + 1).finally(() => ctx.signal.removeEventListener('abort', stop));
  if (!r.ok) return { ok: false, output: `${agent.name} could not answer: ${r.message}` };
  const o = r.outcome;
  const reply = o.message?.content ?? '';
  if (o.error && o.error.code !== 'max_steps') return { ok: false, output: `${agent.name} failed: ${o.error.message}${reply ? `\nPartial answer: ${reply}` : ''}` };
  return { ok: true, output: reply || `${agent.name} gave an empty answer` };
}
