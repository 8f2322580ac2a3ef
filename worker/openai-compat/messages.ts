// Turns an OpenAI-style conversation into the model wire format the turn runner uses, checking what the upstream
// would refuse anyway (tool results without their call) so the caller gets a 400 naming the message, not a 502.
import { AppError, type ErrorDetail } from '../errors';
import type { WireMessage } from '../llm/history';
import type { ToolSpec } from '../llm/snapshot';
import type { ChatCompletionInput, ChatMessageInput } from './schema';

function text(content: ChatMessageInput['content'] | null | undefined, path: string, details: ErrorDetail[]): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  const parts: string[] = [];
  content.forEach((p, i) => {
    if (p.type === 'text' && typeof p.text === 'string') parts.push(p.text);
    else details.push({ path: `${path}.content.${i}`, message: `Only text content is supported (got ${p.type})` });
  });
  return parts.join('\n');
}

/** The conversation as WireMessages; throws 400 with one detail per problem. */
export function toWireMessages(messages: ChatCompletionInput['messages']): WireMessage[] {
  const details: ErrorDetail[] = [];
  const out: WireMessage[] = [];
  let open = new Set<string>();
  messages.forEach((m, i) => {
    const path = `messages.${i}`;
    if (m.role !== 'tool' && open.size) {
      details.push({ path, message: `Answer tool call ${[...open].join(', ')} with a tool message first` });
      open = new Set();
    }
    if (m.role === 'tool') {
      if (!open.delete(m.tool_call_id)) details.push({ path: `${path}.tool_call_id`, message: 'No assistant tool call with this id precedes it' });
      out.push({ role: 'tool', content: text(m.content, path, details), tool_call_id: m.tool_call_id });
    } else if (m.role === 'assistant') {
      const calls = m.tool_calls?.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.function.name, arguments: c.function.arguments } }));
      open = new Set(calls?.map((c) => c.id));
      out.push(
        calls?.length
          ? { role: 'assistant', content: text(m.content, path, details) || null, tool_calls: calls }
          : { role: 'assistant', content: text(m.content, path, details) },
      );
    } else {
      out.push({ role: m.role === 'user' ? 'user' : 'system', content: text(m.content, path, details) });
    }
  });
  if (open.size) details.push({ path: `messages.${messages.length - 1}`, message: `Tool call ${[...open].join(', ')} has no tool message` });
  if (details.length) throw new AppError('validation_failed', 'The messages are not a valid conversation', details);
  return out;
}

/** The caller's tools, as the model sees them; a name an agent tool already uses is a 400. */
export function clientToolsOf(tools: ChatCompletionInput['tools'], agentTools: ToolSpec[]): { definitions: unknown[]; names: string[] } {
  const taken = new Set(agentTools.map((t) => t.name));
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  (tools ?? []).forEach((t, i) => {
    const name = t.function.name;
    if (taken.has(name)) details.push({ path: `tools.${i}.function.name`, message: `"${name}" is a tool of this agent; name yours differently` });
    else if (seen.has(name)) details.push({ path: `tools.${i}.function.name`, message: `"${name}" is listed twice` });
    seen.add(name);
  });
  if (details.length) throw new AppError('validation_failed', 'The tools are not valid', details);
  const definitions = (tools ?? []).map((t) => ({
    type: 'function',
    function: {
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      parameters: t.function.parameters ?? { type: 'object', properties: {} },
    },
  }));
  return { definitions, names: [...seen] };
}
