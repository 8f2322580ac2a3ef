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
import { type TurnOutcome, runTurn } from './turn';
import { SecretCache } from './secret-cache';

export type ChatRefusal = { ok: false; status: 404 | 409; code: 'not_found' | 'conflict'; message: string };
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

  /** Stops the running turn, if any (the upstream call is aborted). */
  async cancel(): Promise<boolean> {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  async destroy(): Promise<void> {
    this.running?.abort();
    await this.ctx.storage.deleteAll();
    this.store.reset();
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
          return this.report(content, outcome);
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
    this.ctx.waitUntil(this.report(content, outcome));
    return { ok: true, outcome };
  }

  private provider: { secret: string | null; value: Provider | null } | undefined;

  /** One model client per object, rebuilt only when the credential changes (the SDK client is not free to make). */
  private providerFor(snapshot: AgentSnapshot, secret: string | null): Provider | null {
    if (!this.provider || this.provider.secret !== secret) {
      this.provider = { secret, value: resolveProvider(this.env, snapshot.model, snapshot.connection, secret) };
    }
    return this.provider.value;
  }

  private refusal(): ChatRefusal | null {
    if (!this.store.snapshot()) return { ok: false, status: 404, code: 'not_found', message: 'Session not found' };
    if (this.running) return { ok: false, status: 409, code: 'conflict', message: 'A reply is still being generated in this session. Wait for it or cancel it.' };
    return null;
  }

  private async turn(content: string, ac: AbortController, emit: (e: ChatEvent) => void, depth = 0): Promise<TurnOutcome> {
    const snapshot = this.store.snapshot()!;
    try {
      const secret = snapshot.connection ? await this.secrets.get(snapshot.tenantId, snapshot.connection.id) : null;
      return await runTurn(content, {
        env: this.env,
        store: this.store,
        snapshot,
        provider: this.providerFor(snapshot, secret),
        signal: ac.signal,
        timeoutMs: Number(this.env.LLM_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
        emit,
        secrets: new Set(secret ? [secret] : []),
        secretFor: (id) => this.secrets.get(snapshot.tenantId, id),
        depth,
      });
    } finally {
      if (this.running === ac) this.running = null;
    }
  }

  /** Usage and session activity go to the EVENTS queue; its consumer writes them to D1 in batches. */
  private async report(content: string, o: TurnOutcome) {
    const s = this.store.snapshot()!;
    try {
      await this.env.EVENTS.send(usageEvent(s, content, o, this.store.messageCount()));
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'usage event not queued', session: s.sessionId, error: String(e) }));
    }
  }
}
