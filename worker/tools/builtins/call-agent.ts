// call_agent: ask another agent of the same tenant (by id or slug). The runtime gives the tool `runAgent` through
// its context (a new conversation with that agent, one turn on its Durable Object); nesting stops at MAX_CALL_DEPTH.
import type { ToolContext, ToolResult } from '../registry';

export const MAX_CALL_DEPTH = 3;

export async function callAgent(args: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult> {
  const ref = typeof args.agent === 'string' ? args.agent.trim() : '';
  const message = typeof args.message === 'string' ? args.message.trim() : '';
  if (!ref || !message) return { ok: false, output: 'Pass {"agent": "<agent id or slug>", "message": "<what to ask>"}' };
  if (ctx.depth >= MAX_CALL_DEPTH) {
    return { ok: false, output: `call_agent is limited to ${MAX_CALL_DEPTH} nested calls and this is already call ${ctx.depth}: answer with what you have.` };
  }
  const r = await ctx.runAgent(ref, message, ctx.signal);
  if (!r.found) return { ok: false, output: `No agent "${ref}" in this organization. Use an agent id (agt_…) or slug.` };
  if (r.error) return { ok: false, output: `${r.name} could not answer: ${r.error.message}${r.reply ? `\nPartial answer: ${r.reply}` : ''}` };
  return { ok: true, output: r.reply || `${r.name} gave an empty answer` };
}
