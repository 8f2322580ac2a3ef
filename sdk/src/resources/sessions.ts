// Sessions (conversations) and their messages: send and wait, or stream the turn's events as an async iterator.
import type { Transport } from '../client.js';
import { EdgentConnectionError } from '../errors.js';
import { paginate } from '../pages.js';
import { readSse } from '../sse.js';
import type { FeedbackRateBody } from '../generated/api.js';
import type { ChatEvent, Message, Page, PageParams, Reply, Session, SessionInput, TraceStep } from '../types.js';

/** A turn's event; `id` (when the server sends one) is what `resume` takes to pick up after it. */
export type StreamEvent = ChatEvent & { id?: string };
export type StreamOptions = {
  signal?: AbortSignal;
  /** Leave the turn running when the loop is left early (default false: the SDK cancels it). */
  detach?: boolean;
};
/** The conversation list's filters: an agent, words to search for, answers rated up / down / any / none. */
export type SessionFilter = { agent_id?: string; q?: string; feedback?: 'up' | 'down' | 'any' | 'none' };
const TERMINAL = new Set(['message.completed', 'error']);

const path = (id: string, rest = '') => `/api/v1/sessions/${encodeURIComponent(id)}${rest}`;

export class Sessions {
  constructor(private readonly t: Transport) {}

  /** Starts a conversation with an agent (it keeps the agent's current version). */
  create(agentId: string, input: SessionInput = {}): Promise<Session> {
    return this.t.json('POST', `/api/v1/agents/${encodeURIComponent(agentId)}/sessions`, { body: input });
  }
  /** Lists conversations; with `q`, searches their messages (best first, each with its `match`). */
  list(params: PageParams & SessionFilter = {}): Promise<Page<Session>> {
    return this.t.json('GET', '/api/v1/sessions', { query: params });
  }
  iterate(params: PageParams & SessionFilter = {}): AsyncGenerator<Session> {
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
  /** The original of a file attached to a message (its `file.id`), as the bytes were sent. */
  async downloadFile(id: string, fileId: string): Promise<Blob> {
    const res = await this.t.raw('GET', path(id, `/files/${encodeURIComponent(fileId)}`), { headers: { accept: '*/*' } });
    return res.blob();
  }
  /** Rates an answer (an assistant message) of the conversation; a new rating replaces the old one. */
  feedback(id: string, messageId: string, input: FeedbackRateBody): Promise<void> {
    return this.t.json('POST', path(id, `/messages/${encodeURIComponent(messageId)}/feedback`), { body: input });
  }
  /** Clears an answer's rating. */
  clearFeedback(id: string, messageId: string): Promise<void> {
    return this.t.json('DELETE', path(id, `/messages/${encodeURIComponent(messageId)}/feedback`));
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
   * `message.completed` or `error`. A stream that drops is re-attached (GET …/stream with Last-Event-ID) and goes on
   * after the last event received, nothing repeated. Breaking out of the loop (or aborting `signal`) cancels the
   * turn, unless `detach: true`: then it keeps running and `resume` picks it up later.
   */
  async *stream(sessionId: string, content: string, opts: StreamOptions = {}): AsyncGenerator<StreamEvent> {
    const res = await this.t.raw('POST', path(sessionId, '/messages'), {
      body: { content, stream: true },
      headers: { accept: 'text/event-stream' },
      signal: opts.signal,
    });
    yield* this.follow(sessionId, res, opts);
  }

  /**
   * Re-attaches to the session's running or just-finished turn: the events after `lastEventId` (all of them without
   * one), then live ones, until `message.completed` or `error`. Yields nothing when there is no turn to follow.
   */
  async *resume(sessionId: string, opts: StreamOptions & { lastEventId?: string } = {}): AsyncGenerator<StreamEvent> {
    const res = await this.reattach(sessionId, opts.lastEventId, opts.signal);
    if (res) yield* this.follow(sessionId, res, opts, opts.lastEventId);
  }

  private async reattach(sessionId: string, lastEventId: string | undefined, signal?: AbortSignal): Promise<Response | null> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': lastEventId } : {}) };
    const res = await this.t.raw('GET', path(sessionId, '/stream'), { headers, signal });
    if (res.status === 204 || !res.body) return null; // no running turn and nothing missed
    return res;
  }

  private async *follow(sessionId: string, first: Response, opts: StreamOptions, lastId?: string): AsyncGenerator<StreamEvent> {
    let res = first;
    let finished = false;
    let atYield = false;
    let reconnects = 0;
    try {
      for (;;) {
        let dropped: unknown = null;
        try {
          for await (const e of readSse(res.body!)) {
            if (e.id !== undefined) lastId = e.id;
            if (TERMINAL.has(e.type)) finished = true;
            atYield = true;
            yield e as StreamEvent;
            atYield = false;
          }
        } catch (err) {
          if (opts.signal?.aborted) throw err;
          dropped = err;
        }
        if (finished) return;
        if (lastId === undefined)
          throw new EdgentConnectionError(
            `The stream of session ${sessionId} ended before its turn did, and sent no event id to resume from`,
            dropped ?? undefined,
          );
        if (reconnects >= this.t.maxReconnects)
          throw new EdgentConnectionError(
            `The stream of session ${sessionId} dropped ${reconnects + 1} times; resume it later with lastEventId ${lastId}`,
            dropped ?? undefined,
          );
        await this.t.wait(reconnects++, opts.signal);
        const next = await this.reattach(sessionId, lastId, opts.signal);
        if (!next) {
          finished = true;
          return;
        }
        res = next;
      }
    } finally {
      // Left early by the caller (break, abort): the server keeps a turn running, so ask it to stop.
      if (!finished && !opts.detach && (atYield || opts.signal?.aborted)) await this.t.json('POST', path(sessionId, '/cancel')).catch(() => {});
    }
  }
}
