// The Responses API's `input` (a string or items) and `tools` as the turn runner's wire messages and client tools.
// Whatever the upstream would refuse (an unknown item or part type, a call output without its call) is a 400 here
// that names the `param`, e.g. `input.2.content.0.type`.
import { AppError, type ErrorDetail } from '../errors';
import type { WireMessage } from '../llm/history';
import type { ToolSpec } from '../llm/snapshot';
import type { InputItemJson } from '../schemas/responses';
import { clientToolsOf } from './messages';
import type { ResponseCreateInput, ResponseItemInput } from './responses-schema';

export type ResponseInput = {
  wire: WireMessage[];
  /** The items as GET /v1/responses/:id/input_items lists them. */
  items: InputItemJson[];
  /** Call ids answered here whose `function_call` is not in this input: the previous response's pending calls. */
  earlierCalls: string[];
};

const ROLES = { user: 'user', system: 'system', developer: 'system', assistant: 'assistant' } as const;
const itemId = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`;
const str = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max;

/** Text of a content string or parts; each part of another type is a problem at its path. */
function partsText(content: unknown, allowed: string[], path: string, details: ErrorDetail[]): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) {
    details.push({ path, message: 'Give text or a list of text parts' });
    return null;
  }
  const texts: string[] = [];
  content.forEach((p: { type?: unknown; text?: unknown }, j) => {
    if (!p || !allowed.includes(String(p.type))) {
      details.push({ path: `${path}.${j}.type`, message: `Only ${allowed.join(' and ')} parts are supported (got ${String(p?.type)})` });
    } else if (!str(p.text)) details.push({ path: `${path}.${j}.text`, message: 'Give the part’s text' });
    else texts.push(p.text);
  });
  return texts.join('\n');
}

/** The input as wire messages and listable items; throws 400 with one detail per problem. */
/** The output item ids that `item_reference` items name (resolved by the caller before `responseInput`). */
export function referencedItems(input: ResponseCreateInput['input']): { index: number; id: string }[] {
  if (typeof input === 'string') return [];
  return input.flatMap((it, index) => (it.type === 'item_reference' ? [{ index, id: typeof it.id === 'string' ? it.id : '' }] : []));
}

export function responseInput(input: ResponseCreateInput['input']): ResponseInput {
  if (typeof input === 'string') {
    return {
      wire: [{ role: 'user', content: input }],
      items: [{ type: 'message', id: itemId('msg'), role: 'user', status: 'completed', content: [{ type: 'input_text', text: input }] }],
      earlierCalls: [],
    };
  }
  const details: ErrorDetail[] = [];
  const wire: WireMessage[] = [];
  const items: InputItemJson[] = [];
  const earlierCalls: string[] = [];
  let open = new Set<string>();
  input.forEach((it: ResponseItemInput & Record<string, unknown>, i) => {
    const path = `input.${i}`;
    const type = it.type ?? 'message';
    if (type !== 'function_call_output' && open.size) {
      details.push({ path, message: `Answer function call ${[...open].join(', ')} with a function_call_output item first` });
      open = new Set();
    }
    if (type === 'message') {
      const role = ROLES[it.role as keyof typeof ROLES];
      if (!role) return void details.push({ path: `${path}.role`, message: 'Use user, system, developer or assistant' });
      const text = partsText(it.content, role === 'assistant' ? ['output_text', 'input_text'] : ['input_text'], `${path}.content`, details);
      if (text === null) return;
      wire.push({ role, content: text });
      const part = role === 'assistant' ? 'output_text' : 'input_text';
      items.push({ type: 'message', id: itemId('msg'), role: it.role as 'user', status: 'completed', content: [{ type: part, text }] });
    } else if (type === 'function_call') {
      if (!str(it.call_id, 200) || !it.call_id) return void details.push({ path: `${path}.call_id`, message: 'Give the call’s call_id' });
      if (!str(it.name, 64) || !it.name) return void details.push({ path: `${path}.name`, message: 'Give the function’s name' });
      if (!str(it.arguments)) return void details.push({ path: `${path}.arguments`, message: 'Give the arguments as JSON text' });
      const call = { id: it.call_id, type: 'function' as const, function: { name: it.name, arguments: it.arguments } };
      const last = wire[wire.length - 1];
      if (last?.role === 'assistant' && !open.size && !last.tool_calls?.length) last.tool_calls = [call];
      else if (last?.role === 'assistant' && last.tool_calls?.length) last.tool_calls.push(call);
      else wire.push({ role: 'assistant', content: null, tool_calls: [call] });
      open.add(it.call_id);
      items.push({
        type: 'function_call',
        id: str(it.id, 200) && it.id ? it.id : itemId('fc'),
        call_id: it.call_id,
        name: it.name,
        arguments: it.arguments,
        status: 'completed',
      });
    } else if (type === 'function_call_output') {
      if (!str(it.call_id, 200) || !it.call_id) return void details.push({ path: `${path}.call_id`, message: 'Give the call_id this output answers' });
      const output = partsText(it.output, ['input_text'], `${path}.output`, details);
      if (output === null) return;
      if (!open.delete(it.call_id)) {
        // Only the previous response's calls may be answered without their call item, and only at the start.
        if (wire.some((m) => m.role !== 'tool'))
          return void details.push({ path: `${path}.call_id`, message: 'No function_call item with this call_id precedes it' });
        earlierCalls.push(it.call_id);
      }
      wire.push({ role: 'tool', content: output, tool_call_id: it.call_id });
      items.push({ type: 'function_call_output', id: itemId('fco'), call_id: it.call_id, output, status: 'completed' });
    } else {
      details.push({
        path: `${path}.type`,
        message: `Item type "${type}" is not supported: send message, function_call, function_call_output or item_reference items`,
      });
    }
  });
  if (open.size) details.push({ path: `input.${input.length - 1}`, message: `Function call ${[...open].join(', ')} has no function_call_output item` });
  if (details.length) throw new AppError('validation_failed', 'The input is not valid', details);
  return { wire, items, earlierCalls };
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** The caller's function tools as the model sees them; other tool types and names the agent uses are a 400. */
export function responseTools(tools: ResponseCreateInput['tools'], agentTools: ToolSpec[]) {
  const details: ErrorDetail[] = [];
  (tools ?? []).forEach((t, i) => {
    if (t.type !== 'function') details.push({ path: `tools.${i}.type`, message: `Tool type "${t.type}" is not supported: send function tools` });
    else if (!t.name || !TOOL_NAME.test(t.name)) details.push({ path: `tools.${i}.name`, message: 'Tool names use letters, digits, _ and -, at most 64' });
  });
  if (details.length) throw new AppError('validation_failed', 'The tools are not valid', details);
  const asChat = (tools ?? []).map((t) => ({
    type: 'function' as const,
    function: { name: t.name!, ...(t.description ? { description: t.description } : {}), ...(t.parameters ? { parameters: t.parameters } : {}) },
  }));
  try {
    return clientToolsOf(asChat, agentTools);
  } catch (e) {
    // Its paths name chat tools' `function.name`; a Responses tool has `name` at the top.
    if (e instanceof AppError && e.details)
      throw new AppError(
        e.code,
        e.message,
        e.details.map((d) => ({ ...d, path: d.path.replace('.function.name', '.name') })),
      );
    throw e;
  }
}
