/**
 * Writes a turn's chat events (llm/events.ts) as OpenAI Chat Completions output: `chat.completion.chunk` frames for
 * streams, one `chat.completion` otherwise. Text of every model step reaches the caller (steps separated by a blank
 * line); calls of the agent's own tools stay server-side; calls of the caller's tools end it as `tool_calls`.
 */
import type { TurnOutcome } from '../../durable-objects/turn';
import type { ChatEvent, ToolCallJson } from '../llm/events';
import { turnErrorCode } from '../services/turn-policy';
import { openAiErrorBody } from './errors';
import type { ChatCompletionJson } from '../schemas/openai';

export type CompletionMeta = { id: string; created: number; model: string };

const toolCallsJson = (calls: ToolCallJson[]) =>
  calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));

const usageJson = (o: TurnOutcome) => ({
  prompt_tokens: o.usage.input_tokens,
  completion_tokens: o.usage.output_tokens,
  total_tokens: o.usage.input_tokens + o.usage.output_tokens,
});

/**
 * Why the answer ended: `tool_calls` for the caller's tools, `length` when the last model step hit the caller's
 * `max_tokens` (each step is capped; the last one's text is what the caller reads last), else `stop`.
 */
export function finishReason(o: TurnOutcome): 'stop' | 'tool_calls' | 'length' {
  if (o.clientToolCalls?.length) return 'tool_calls';
  const last = o.steps.findLast((s) => s.type === 'model');
  return last && 'finish_reason' in last && last.finish_reason === 'length' ? 'length' : 'stop';
}

/** True when the turn failed (running out of steps is not a failure: the caller gets the notice as the answer). */
export const failed = (o: TurnOutcome) => !!o.error && o.error.code !== 'max_steps';

export class CompletionWriter {
  text = '';
  private afterTool = false;

  constructor(readonly meta: CompletionMeta) {}

  private chunk(delta: Record<string, unknown>, finish: string | null = null) {
    const { id, created, model } = this.meta;
    return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
  }

  /** The first chunk, sent at once: the role, as OpenAI does. */
  head() {
    return this.chunk({ role: 'assistant', content: '' });
  }

  /** The chunks one chat event becomes (often none: tool activity of the agent stays server-side). */
  chunks(e: ChatEvent): object[] {
    if (e.type === 'message.delta') {
      const text = (this.afterTool && this.text ? '\n\n' : '') + e.data.text;
      this.afterTool = false;
      this.text += text;
      return [this.chunk({ content: text })];
    }
    if (e.type === 'tool.call') this.afterTool = true;
    if (e.type === 'message.completed' && e.data.message.tool_calls?.length) {
      return [this.chunk({ tool_calls: toolCallsJson(e.data.message.tool_calls).map((c, index) => ({ index, ...c })) })];
    }
    return [];
  }

  /** The closing chunks: the finish reason and usage, or an error object the OpenAI SDKs raise as APIError. */
  end(o: TurnOutcome, includeUsage: boolean): object[] {
    if (failed(o)) return [openAiErrorBody(turnErrorCode(o.error!.code), o.error!.message, null, o.error!.code)];
    const out: object[] = [this.chunk({}, finishReason(o))];
    if (includeUsage) out.push({ ...this.chunk({}), choices: [], usage: usageJson(o) });
    return out;
  }

  /** The non-streamed answer (only for turns that did not fail). */
  completion(o: TurnOutcome): ChatCompletionJson {
    const calls = o.clientToolCalls?.length ? toolCallsJson(o.clientToolCalls) : undefined;
    const { id, created, model } = this.meta;
    return {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: calls && !this.text ? null : this.text, refusal: null, ...(calls ? { tool_calls: calls } : {}) },
          logprobs: null,
          finish_reason: finishReason(o),
        },
      ],
      usage: usageJson(o),
    };
  }
}

export const sseData = (value: object | string) => `data: ${typeof value === 'string' ? value : JSON.stringify(value)}\n\n`;
