/**
 * AgentSession: one Durable Object per conversation, named `${tenantId}:${sessionId}` by the server (never by a
 * client). It holds the agent snapshot it was created with, the history and the traces in its own SQLite, and runs
 * turns one at a time: a message sent while a turn is running gets 409 (documented in the API).
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';
import { type ChatEvent, type MessageJson, sseFrame } from '../worker/llm/events';
import { type Provider, resolveProvider } from '../worker/llm/providers';
import type { AgentSnapshot } from '../worker/llm/snapshot';
import { usageEvent } from '../worker/queues/usage-events';
import { SessionStore, type TraceStep } from './session-store';
import { type CompletionRequest, type CompletionResult, completion } from './stateless-turn';
import { type ClientTools, type TurnOutcome, type TurnStore, runTurn } from './turn';
import { SecretCache } from './secret-cache';
import type { ChatRefusal } from '../worker/services/turn-policy';
import { askAgent } from '../worker/services/turns';

export type ChatJsonResult = { ok: true; outcome: TurnOutcome };

const DEFAULT_TIMEOUT_MS = 60_000;

export class AgentSession extends DurableObject<Bindings> {
  private readonly store: SessionStore;
  private readonly secrets: SecretCache;
  private running: AbortController | null = null;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.store = new SessionStore(ctx.storage.sql);
    this.secrets = new SecretCache(env);
  }

  /** Called once by the server when the session is created. */
  async init(snapshot: AgentSnapshot): Promise<boolean> {
    if (this.store.snapshot()) return false;
    this.store.saveSnapshot(snapshot);
    return true;
  }

  async snapshot(): Promise<AgentSnapshot | null> {
    return this.store.snapshot();
  }

  async messages(): Promise<MessageJson[] | null> {
    return this.store.snapshot() ? this.store.messages() : null;
  }

  async traceSteps(): Promise<TraceStep[] | null> {
    return this.store.snapshot() ? this.store.steps() : null;
  }

  /** Stops the running turn, if any (the upstream call is aborted); null when there is no such conversation. */
  async cancel(): Promise<boolean | null> {
    if (!this.store.snapshot()) return null;
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  private readonly windows = new Map<string, { start: number; count: number }>();

  /**
   * Counts one hit against a fixed-window limit kept in memory (the widget's per-visitor message limit). Not
   * persisted: a storage write would hold the object's outgoing messages (output gate) and delay the turn after it;
   * an eviction, which only happens once the conversation is idle, merely forgets the count.
   */
  async hit(name: string, max: number, windowMs: number): Promise<{ ok: boolean; retryAfterS: number }> {
    const now = Date.now();
    const start = now - (now % windowMs);
    const w = this.windows.get(name);
    const current = w && w.start === start ? w : { start, count: 0 };
    current.count++;
    this.windows.set(name, current);
    return { ok: current.count <= max, retryAfterS: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
  }

  /** Wipes the conversation's storage; false when there was none. */
  async destroy(): Promise<boolean> {
    const existed = !!this.store.snapshot();
    this.running?.abort();
    await this.ctx.storage.deleteAll();
    this.store.reset();
    return existed;
  }

  /** Streams the turn as SSE frames. Cancelling the stream (client gone) aborts the turn. */
  async chatStream(content: string): Promise<ReadableStream<Uint8Array> | ChatRefusal> {
    const refused = this.refusal();
    if (refused) return refused;
    const ac = new AbortController();
    this.running = ac;
    const enc = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let open = true;
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => void (controller = c),
      cancel: () => {
        open = false;
        ac.abort();
      },
    });
    const emit = (e: ChatEvent) => {
      if (open) controller.enqueue(enc.encode(sseFrame(e)));
    };
    this.ctx.waitUntil(
      this.turn(content, ac, emit).then(
        (outcome) => {
          if (open) controller.close();
          return this.report(this.store.snapshot()!, content, outcome);
        },
        (e) => {
          if (open) controller.error(e);
        },
      ),
    );
    return stream;
  }

  /**
   * Runs the turn to the end and answers with its outcome (the JSON mode of the messages API). `depth` counts the
   * call_agent hops that led here (0 for a person), so nested agent calls stop at the limit.
   */
  async chatJson(content: string, depth = 0): Promise<ChatJsonResult | ChatRefusal> {
    const refused = this.refusal();
    if (refused) return refused;
    const ac = new AbortController();
    this.running = ac;
    const outcome = await this.turn(content, ac, () => {}, depth);
    this.ctx.waitUntil(this.report(this.store.snapshot()!, content, outcome));
    return { ok: true, outcome };
  }

  /**
   * Stateless completions (the OpenAI-compatible API, durable-objects/stateless-turn.ts): the caller sends the whole
   * conversation and the agent snapshot; nothing is stored. Runs beside this object's own turns, if any.
   */
  async completions(snapshot: AgentSnapshot, req: CompletionRequest): Promise<ReadableStream<Uint8Array> | CompletionResult> {
    return completion(req, {
      run: (store, emit, signal, clientTools) => this.run(snapshot, store, null, signal, emit, 0, clientTools),
      waitUntil: (p) => this.ctx.waitUntil(p),
      report: (o) => this.report(snapshot, '', o, 0),
    });
  }

  private provider: { key: string; value: Provider | null } | undefined;

  /** One model client per object, rebuilt only when the endpoint or credential changes (the SDK client is not free to make). */
  private providerFor(snapshot: AgentSnapshot, secret: string | null): Provider | null {
    const c = snapshot.connection;
    const key = JSON.stringify([c?.id, c?.baseUrl, c?.authType, c?.authMeta, snapshot.model.startsWith('@cf/'), secret]);
    if (!this.provider || this.provider.key !== key) {
      this.provider = { key, value: resolveProvider(this.env, snapshot.model, snapshot.connection, secret) };
    }
    return this.provider.value;
  }

  private refusal(): ChatRefusal | null {
    if (!this.store.snapshot()) return { ok: false, status: 404, code: 'not_found', message: 'Session not found' };
    if (this.running) return { ok: false, status: 409, code: 'conflict', message: 'A reply is still being generated in this session. Wait for it or cancel it.' };
    return null;
  }

  private async turn(content: string, ac: AbortController, emit: (e: ChatEvent) => void, depth = 0): Promise<TurnOutcome> {
    try {
      return await this.run(this.store.snapshot()!, this.store, content, ac.signal, emit, depth);
    } finally {
      if (this.running === ac) this.running = null;
    }
  }

  private async run(snapshot: AgentSnapshot, store: TurnStore, content: string | null, signal: AbortSignal, emit: (e: ChatEvent) => void, depth: number, clientTools?: ClientTools): Promise<TurnOutcome> {
    const secret = snapshot.connection ? await this.secrets.get(snapshot.tenantId, snapshot.connection.id) : null;
    return runTurn(content, {
      env: this.env,
      store,
      snapshot,
      provider: this.providerFor(snapshot, secret),
      signal,
      timeoutMs: Number(this.env.LLM_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
      emit,
      secrets: new Set(secret ? [secret] : []),
      secretFor: (id) => this.secrets.get(snapshot.tenantId, id),
      depth,
      clientTools,
      runAgent: (ref, message, signal) =>
        askAgent({ env: this.env, tenantId: snapshot.tenantId, sessionId: snapshot.sessionId, agentId: snapshot.agentId, depth }, ref, message, signal),
    });
  }

  /** Usage and session activity go to the EVENTS queue; its consumer writes them to D1 in batches. */
  private async report(s: AgentSnapshot, content: string, o: TurnOutcome, messageCount = this.store.messageCount()) {
    try {
      await this.env.EVENTS.send(usageEvent(s, content, o, messageCount));
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'usage event not queued', session: s.sessionId, error: String(e) }));
    }
  }
}
