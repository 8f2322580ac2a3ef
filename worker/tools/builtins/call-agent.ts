// call_agent: ask another agent of the same tenant (by id or slug), one of those listed in the calling agent's
// callable_agent_ids (carried in the tool's snapshot config). The runtime gives the tool `runAgent` through its
// context (a new conversation with that agent, one turn on its Durable Object); nesting stops at MAX_CALL_DEPTH.
import type { ToolSpec } from '../../llm/snapshot';
import type { ToolContext, ToolResult } from '../types';

export const MAX_CALL_DEPTH = 3;

export async function callAgent(args: Record<string, unknown>, ctx: ToolContext, spec?: ToolSpec): Promise<ToolResult> {
  const ref = typeof args.agent === 'string' ? args.agent.trim() : '';
  const message = typeof args.message === 'string' ? args.message.trim() : '';
  if (!ref || !message) return { ok: false, output: 'Pass {"agent": "<agent id or slug>", "message": "<what to ask>"}' };
  if (ctx.depth >= MAX_CALL_DEPTH) {
    return { ok: false, output: `call_agent is limited to ${MAX_CALL_DEPTH} nested calls and this is already call ${ctx.depth}: answer with what you have.` };
  }
  // Only the agents the caller's configuration lists; an unknown and a not-listed agent get the same answer, so a
  // visitor of a public agent learns nothing about the others.
  const allowed = Array.isArray(spec?.config.callable_agent_ids)
    ? (spec.config.callable_agent_ids as unknown[]).filter((x): x is string => typeof x === 'string')
    : [];
  const r = await ctx.runAgent(ref, message, ctx.signal, allowed);
  if (!r.found) {
    return {
      ok: false,
      output: `"${ref}" is not an agent this agent may call. ${allowed.length ? `It may call: ${allowed.join(', ')}.` : 'It may call none: list agents in its callable_agent_ids.'}`,
    };
  }
  if (r.error) return { ok: false, output: `${r.name} could not answer: ${r.error.message}${r.reply ? `\nPartial answer: ${r.reply}` : ''}` };
  return { ok: true, output: r.reply || `${r.name} gave an empty answer` };
}
