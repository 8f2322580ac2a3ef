// Sessions (conversations) and their messages: send and wait, or stream the turn's events as an async iterator.
import type { Transport } from '../client';
import { paginate } from '../pages';
import { readSse } from '../sse';
import type { ChatEvent, Message, Page, PageParams, Reply, Session, SessionInput, TraceStep } from '../types';

const path = (id: string, rest = '') => `/api/v1/sessions/${encodeURIComponent(id)}${rest}`;

export class Sessions {
  constructor(private readonly t: Transport) {}

  /** Starts a conversation with an agent (it keeps the agent's current version). */
  create(agentId: string, input: SessionInput = {}): Promise<Session> {
    return this.t.json('POST', `/api/v1/agents/${encodeURIComponent(agentId)}/sessions`, { body: input });
  }
  list(params: PageParams & { agent_id?: string } = {}): Promise<Page<Session>> {
    return this.t.json('GET', '/api/v1/sessions', { query: params });
  }
  iterate(params: PageParams & { agent_id?: string } = {}): AsyncGenerator<Session> {
    return paginate((p) => this.list({ ...params, ...p }), params);
  }
  get(id: string): Promise<Session> {
    return this.t.json('GET', path(id));
  }
  delete(id: string): Promise<void> {
    return this.t.json('DELETE', path(id));
  }
  /** Every model call and tool call of the conversation, secrets redacted. */
  async trace(id: string): Promise<TraceStep[]> {
    return (await this.t.json<{ data: TraceStep[] }>('GET', path(id, '/trace'))).data;
  }
  /** Stops the reply being generated; false when none was. */
  async cancel(id: string): Promise<boolean> {
    return (await this.t.json<{ cancelled: boolean }>('POST', path(id, '/cancel'))).cancelled;
  }
}

export class Messages {
  constructor(private readonly t: Transport) {}

  /** The conversation so far, oldest first. */
  async list(sessionId: string): Promise<Message[]> {
    return (await this.t.json<Page<Message>>('GET', path(sessionId, '/messages'))).data;
  }

  /** Sends a message and waits for the whole reply. */
  send(sessionId: string, content: string, opts: { signal?: AbortSignal } = {}): Promise<Reply> {
    return this.t.json('POST', path(sessionId, '/messages'), { body: { content }, signal: opts.signal });
  }

  /**
   * Sends a message and yields the turn's events as they happen: `message.delta`, `tool.call`, `tool.result`, then
   * `message.completed` or `error`. Breaking out of the loop (or aborting `signal`) only stops listening: the turn
   * runs on in its session; stop it with `sessions.cancel(id)`.
   */
  async *stream(sessionId: string, content: string, opts: { signal?: AbortSignal } = {}): AsyncGenerator<ChatEvent> {
    const res = await this.t.raw('POST', path(sessionId, '/messages'), { body: { content, stream: true }, headers: { accept: 'text/event-stream' }, signal: opts.signal });
    for await (const e of readSse(res.body!)) yield e as ChatEvent;
  }

  /**
   * Re-attaches to the session's running or just-finished turn: the events after `lastEventId` (the `id` of the last
   * event you got; all of the turn's events without it), then live ones. Yields nothing when there is nothing to resume.
   */
  async *resume(sessionId: string, lastEventId?: string, opts: { signal?: AbortSignal } = {}): AsyncGenerator<ChatEvent> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) };
    const res = await this.t.raw('GET', path(sessionId, '/stream'), { headers, signal: opts.signal });
    if (res.status === 204 || !res.body) return;
    for await (const e of readSse(res.body)) yield e as ChatEvent;
  }
}
