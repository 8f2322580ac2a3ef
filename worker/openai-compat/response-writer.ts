/**
 * Writes a turn's chat events (llm/events.ts) as the Responses API's output: typed SSE events with sequence numbers
 * for streams, one Response object otherwise. Text of each model step is a `message` item (a step that calls the
 * agent's own tools closes it; those calls stay server-side); calls of the caller's tools are `function_call` items.
 */
import type { TurnOutcome } from '../../durable-objects/turn';
import type { ChatEvent, ToolCallJson } from '../llm/events';
import type { OutputItemJson, ResponseJson } from '../schemas/responses';
import { failed, finishReason } from './chunks';

/** What the Response object echoes of the request (and where it is kept); the writer adds status, output and usage. */
export type ResponseMeta = Omit<ResponseJson, 'object' | 'status' | 'background' | 'error' | 'incomplete_details' | 'output' | 'truncation' | 'usage'>;

type MessageItem = Extract<OutputItemJson, { type: 'message' }>;

/**
 * An output item's id. A stored response's items carry its session id's body (`msg_<session><random>`), so an
 * `item_reference` to them finds their conversation without D1 (services/responses.ts, `referencedSession`).
 */
const outputId = (prefix: string, sessionId: string | null) => `${prefix}_${sessionId ? sessionId.slice(4) : ''}${crypto.randomUUID().replaceAll('-', '')}`;
const textPart = (text: string) => ({ type: 'output_text' as const, text, annotations: [], logprobs: [] });

export const responseFrame = (e: { type: string }) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;

export class ResponseWriter {
  readonly output: OutputItemJson[] = [];
  private seq = 0;
  private open: { item: MessageItem; index: number; text: string } | null = null;

  constructor(readonly meta: ResponseMeta) {}

  private ev(type: string, body: Record<string, unknown> = {}) {
    return { type, sequence_number: this.seq++, ...body };
  }

  /** The Response object: in progress (no outcome yet) or as the turn ended. */
  response(o?: TurnOutcome): ResponseJson {
    const fail = o && failed(o) ? o.error! : null;
    // The last model step hit the caller's max_output_tokens: the answer is cut, as OpenAI reports it.
    const cut = !!o && !fail && finishReason(o) === 'length';
    return {
      ...this.meta,
      object: 'response',
      status: !o ? 'in_progress' : fail ? 'failed' : cut ? 'incomplete' : 'completed',
      background: false,
      error: fail ? { code: fail.code, message: fail.message } : null,
      incomplete_details: cut ? { reason: 'max_output_tokens' } : null,
      output: this.output.map((i) => structuredClone(i)),
      truncation: 'disabled',
      usage: o
        ? {
            input_tokens: o.usage.input_tokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: o.usage.output_tokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: o.usage.input_tokens + o.usage.output_tokens,
          }
        : null,
    };
  }

  /** The first events: the response exists and is in progress. */
  head(): object[] {
    const r = this.response();
    return [this.ev('response.created', { response: r }), this.ev('response.in_progress', { response: r })];
  }

  /** The events one chat event becomes (none for the agent's own tool activity). */
  events(e: ChatEvent): object[] {
    if (e.type === 'message.delta') return [...this.openMessage(), this.delta(e.data.text)];
    if (e.type === 'tool.call') return this.closeMessage();
    if (e.type === 'message.completed' && e.data.message.tool_calls?.length)
      return [...this.closeMessage(), ...e.data.message.tool_calls.flatMap((c) => this.functionCall(c))];
    return [];
  }

  /** The turn ended: the open message item is done, then response.completed or response.failed (and the Response). */
  end(o: TurnOutcome): { frames: object[]; response: ResponseJson } {
    const closing = this.closeMessage(!failed(o) && finishReason(o) === 'length' ? 'incomplete' : 'completed');
    const response = this.response(o);
    return { frames: [...closing, this.ev(`response.${response.status}`, { response })], response };
  }

  /** An `error` event: the stream broke for a reason other than the turn's (the OpenAI SDKs raise it as APIError). */
  error(code: string, message: string) {
    return this.ev('error', { code, message, param: null });
  }

  private openMessage(): object[] {
    if (this.open) return [];
    const item: MessageItem = { type: 'message', id: outputId('msg', this.meta.session_id), status: 'in_progress', role: 'assistant', content: [] };
    this.open = { item, index: this.output.length, text: '' };
    this.output.push(item);
    const at = { item_id: item.id, output_index: this.open.index };
    return [
      this.ev('response.output_item.added', { output_index: at.output_index, item: structuredClone(item) }),
      this.ev('response.content_part.added', { ...at, content_index: 0, part: textPart('') }),
    ];
  }

  private delta(text: string) {
    const m = this.open!;
    m.text += text;
    return this.ev('response.output_text.delta', { item_id: m.item.id, output_index: m.index, content_index: 0, delta: text, logprobs: [] });
  }

  private closeMessage(status: 'completed' | 'incomplete' = 'completed'): object[] {
    const m = this.open;
    if (!m) return [];
    this.open = null;
    m.item.status = status;
    m.item.content = [textPart(m.text)];
    const at = { item_id: m.item.id, output_index: m.index };
    return [
      this.ev('response.output_text.done', { ...at, content_index: 0, text: m.text, logprobs: [] }),
      this.ev('response.content_part.done', { ...at, content_index: 0, part: textPart(m.text) }),
      this.ev('response.output_item.done', { output_index: m.index, item: structuredClone(m.item) }),
    ];
  }

  private functionCall(c: ToolCallJson): object[] {
    const item = {
      type: 'function_call' as const,
      id: outputId('fc', this.meta.session_id),
      call_id: c.id,
      name: c.name,
      arguments: c.arguments,
      status: 'completed' as const,
    };
    const index = this.output.length;
    this.output.push(item);
    const at = { item_id: item.id, output_index: index };
    return [
      this.ev('response.output_item.added', { output_index: index, item: { ...item, arguments: '', status: 'in_progress' } }),
      this.ev('response.function_call_arguments.delta', { ...at, delta: c.arguments }),
      this.ev('response.function_call_arguments.done', { ...at, name: c.name, arguments: c.arguments }),
      this.ev('response.output_item.done', { output_index: index, item: { ...item } }),
    ];
  }
}
