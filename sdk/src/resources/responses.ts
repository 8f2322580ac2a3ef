// The Responses API (/v1/responses, OpenAI's shape): create a response from an agent, stream its typed events, read,
// delete and list a stored response's input items. `output_text` is added as OpenAI's own clients add it.
import type { Transport } from '../client.js';
import { readSse } from '../sse.js';
import type { AgentResponse, ResponseInput, ResponseInputItemList, ResponseStreamEvent } from '../types.js';

/** A Response with `output_text`: the text of its message items, joined. */
export type AgentResponseWithText = AgentResponse & { output_text: string };

const path = (id: string, rest = '') => `/v1/responses/${encodeURIComponent(id)}${rest}`;

function withText(r: AgentResponse): AgentResponseWithText {
  const text = r.output.flatMap((o) => (o.type === 'message' ? o.content.map((c) => c.text) : [])).join('');
  return { ...r, output_text: text };
}

export class Responses {
  constructor(private readonly t: Transport) {}

  /** Runs the agent (`model`: its id or slug) on `input` and waits for the Response. */
  async create(input: Omit<ResponseInput, 'stream'>, opts: { signal?: AbortSignal } = {}): Promise<AgentResponseWithText> {
    return withText(await this.t.json<AgentResponse>('POST', '/v1/responses', { body: { ...input, stream: false }, signal: opts.signal }));
  }

  /**
   * Runs the agent and yields the typed events as they happen: `response.created`, …, `response.output_text.delta`
   * (the text as it comes), …, then `response.completed` (with usage) or `response.failed`. A failure before the first
   * event throws EdgentError with the HTTP status.
   */
  async *stream(input: Omit<ResponseInput, 'stream'>, opts: { signal?: AbortSignal } = {}): AsyncGenerator<ResponseStreamEvent> {
    const res = await this.t.raw('POST', '/v1/responses', { body: { ...input, stream: true }, headers: { accept: 'text/event-stream' }, signal: opts.signal });
    for await (const e of readSse(res.body!)) yield e.data as ResponseStreamEvent;
  }

  /** A stored response (404 for `store: false` ones and deleted ones). */
  async retrieve(id: string): Promise<AgentResponseWithText> {
    return withText(await this.t.json<AgentResponse>('GET', path(id)));
  }

  /** Forgets a stored response; its conversation (a session) stays. */
  async delete(id: string): Promise<void> {
    await this.t.json('DELETE', path(id));
  }

  /** The items a stored response was created with (default newest first). */
  inputItems(id: string, params: { order?: 'asc' | 'desc' } = {}): Promise<ResponseInputItemList> {
    return this.t.json('GET', path(id, '/input_items'), { query: params });
  }
}
