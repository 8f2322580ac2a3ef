/**
 * AgentSession: one Durable Object per conversation, named `${tenantId}:${sessionId}` by the server (never by a
 * client). It holds the agent snapshot it was created with, the history and the traces in its own SQLite, and runs
 * turns one at a time: a message sent while a turn is running gets 409 (documented in the API). A turn belongs to
 * the object, not to the request that started it: clients re-attach to its buffered events (turn-events.ts).
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';
import type { ChatEvent, MessageJson } from '../worker/llm/events';
import { type Provider, resolveProvider } from '../worker/llm/providers';
import type { AgentSnapshot } from '../worker/llm/snapshot';
import { reportTurn } from '../worker/services/turn-report';
import { SessionStore, type TraceStep } from './session-store';
import { TurnEvents } from './turn-events';
import type { CallOptions } from '../worker/llm/step';
import { type CompletionRequest, type CompletionResult, completion } from './stateless-turn';
import { type ClientTools, type TurnJournal, type TurnOutcome, type TurnStore, runTurn } from './turn';
import { PENDING_KEY, type PendingTurn, PendingTurnJournal } from './pending-turn';
import { SecretCache } from './secret-cache';
import { MemoryStore } from './memory-store';
import { ResponseInputStore } from './response-store';
import {
  ITEM_PREFIX,
  RECORD_PREFIX,
  type ResponseRecord,
  type ResponseTurnRequest,
  type ResponseTurnResult,
  runResponse,
  unansweredCallProblem,
} from './response-turn';
import type { ChatRefusal, TurnFailedEarly } from '../worker/services/turn-policy';
import type { OutputItemJson } from '../worker/schemas/responses';
import type { UsageTag } from '../worker/schemas/analytics';
import { type RunningTurn, type UserFile, fileJson } from '../worker/llm/user-file';
import type { MessageFileJson } from '../worker/schemas/chat';
import { deleteChatOriginals } from '../worker/services/chat-originals';
import { withUploadPath } from './chat-uploads';
import { askAgent } from '../worker/services/turns';
import { turnRefusal } from '../worker/services/quota';
import { runWorkflowForAgent } from '../worker/services/agent-workflows';
import { type AgentAccess, type SessionViewer, ACCESS_KEY, mayOpen } from './session-access';

export type ChatJsonResult = { ok: true; outcome: TurnOutcome };

const DEFAULT_TIMEOUT_MS = 60_000;
/** A turn whose entry point named no source (older callers): counted as the API. */
const DEFAULT_TAG: UsageTag = { source: 'api', apiKeyId: null };
const NOT_FOUND: ChatRefusal = { ok: false, status: 404, code: 'not_found', message: 'Session not found' };

export class AgentSession extends DurableObject<Bindings> {
  private readonly store: SessionStore;
  private readonly secrets: SecretCache;
  private running: AbortController | null = null;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.store = new SessionStore(ctx.storage.sql);
    this.secrets = new SecretCache(env);
    // A turn cut by a crash, an eviction or a deploy left its journal: keep it as interrupted before anything else runs.
    if (this.store.snapshot()) void ctx.blockConcurrencyWhile(() => this.recover());
  }

  private async recover(): Promise<void> {
    const pending = await this.ctx.storage.get<PendingTurn>(PENDING_KEY);
    if (!pending) return;
    this.store.recoverTurn(pending);
    await this.ctx.storage.delete(PENDING_KEY);
  }

  /** Called once by the server when the session is created; `access`: who may open it (session-access.ts). */
  async init(snapshot: AgentSnapshot, access?: AgentAccess): Promise<boolean> {
    if (this.store.snapshot()) return false;
    this.store.saveSnapshot(snapshot);
    if (access?.private) await this.setAccess(access);
    return true;
  }

  /** The agent's visibility as this conversation applies it, kept in memory once read (no storage read per turn). */
  private access: AgentAccess | undefined;

  private async opens(viewer: SessionViewer | undefined): Promise<boolean> {
    if (!this.store.snapshot()) return false;
    if (!viewer || viewer.all) return true;
    this.access ??= (await this.ctx.storage.get<AgentAccess>(ACCESS_KEY)) ?? { private: false, owner: null };
    return mayOpen(this.access, viewer);
  }

  /** The agent's visibility changed to or from private: the server tells each of its conversations. */
  async setAccess(access: AgentAccess): Promise<void> {
    this.access = access;
    await this.ctx.storage.put(ACCESS_KEY, access);
  }

  async snapshot(): Promise<AgentSnapshot | null> {
    return this.store.snapshot();
  }

  /** `viewer` (every method that takes one): the caller, who must see the agent; else the answer is "no such conversation". */
  async messages(viewer?: SessionViewer): Promise<MessageJson[] | null> {
    return (await this.opens(viewer)) ? this.store.messages() : null;
  }

  /** A message of this conversation with its role and turn and the agent version that answered (feedback); null: none. */
  async messageRef(id: string, viewer?: SessionViewer): Promise<{ role: string; turnId: string; agentId: string; agentVersion: number } | null> {
    if (!(await this.opens(viewer))) return null;
    const m = this.store.messageRef(id);
    const s = this.store.snapshot()!;
    return m ? { role: m.role, turnId: m.turn_id, agentId: s.agentId, agentVersion: s.agentVersion } : null;
  }

  async traceSteps(viewer?: SessionViewer): Promise<TraceStep[] | null> {
    return (await this.opens(viewer)) ? this.store.steps() : null;
  }

  /** Stops the running turn, if any (the upstream call is aborted); null when there is no such conversation. */
  async cancel(viewer?: SessionViewer): Promise<boolean | null> {
    if (!(await this.opens(viewer))) return null;
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

  /**
   * Wipes the conversation's storage and its files' originals in R2 (chat-originals.ts); false when there was none.
   * The originals go first: a failure there throws before anything is lost, so a retry finds them again.
   */
  async destroy(): Promise<boolean> {
    const s = this.store.snapshot();
    this.running?.abort();
    if (s) await deleteChatOriginals(this.env, s.tenantId, s.sessionId);
    await this.ctx.storage.deleteAll();
    this.store.reset();
    return !!s;
  }

  /** A file attached to a message of this conversation (also the running turn's, not stored yet); null: none. */
  async file(id: string, viewer?: SessionViewer): Promise<MessageFileJson | null> {
    if (!(await this.opens(viewer))) return null;
    const pending = this.running ? this.journal?.current?.file : undefined;
    const f = this.store.fileById(id) ?? (pending?.id === id ? pending : null);
    return f ? fileJson(f) : null;
  }

  /**
   * Starts a turn and streams it as SSE frames (each with an `id:`). The turn belongs to this object, not to the
   * request: a client that goes away only detaches; POST …/cancel stops the turn. Re-attach with `attach`.
   */
  async chatStream(
    content: string,
    holdUntilFirstEvent = false,
    viewer?: SessionViewer,
    tag: UsageTag = DEFAULT_TAG,
    file?: UserFile,
  ): Promise<ReadableStream<Uint8Array> | ChatRefusal | TurnFailedEarly> {
    if (!(await this.opens(viewer))) return NOT_FOUND;
    const refused = (await this.overBudget()) ?? this.refusal();
    if (refused) return refused;
    const turn = this.start(content, 0, tag, file);
    if (holdUntilFirstEvent) {
      // API clients: a failure before the model answers is its HTTP status (turn-policy.ts), so the stream goes
      // out once the provider accepted the request (its first token then follows on an open response) or with the
      // turn's first event; the object holds it, the Worker pipes it without a copy.
      const first = await turn.first;
      if (first !== 'answering' && first?.type === 'error') return { ok: false, failedEarly: first.data };
    }
    return turn.listen(0);
  }

  /**
   * Runs the turn to the end and answers with its outcome (the JSON mode of the messages API). `depth` counts the
   * call_agent hops that led here (0 for a person), so nested agent calls stop at the limit.
   */
  async chatJson(content: string, depth = 0, viewer?: SessionViewer, tag: UsageTag = DEFAULT_TAG, file?: UserFile): Promise<ChatJsonResult | ChatRefusal> {
    if (!(await this.opens(viewer))) return NOT_FOUND;
    const refused = (await this.overBudget()) ?? this.refusal();
    if (refused) return refused;
    const outcome = await this.start(content, depth, tag, file).outcome;
    return { ok: true, outcome };
  }

  /**
   * Re-attaches to the running or just-finished turn (the Sessions guide, "Streams that resume"): the events after
   * `lastEventId`, then live ones, until `message.completed` or `error`. Null when there is nothing to send.
   */
  async attach(lastEventId: string | null, viewer?: SessionViewer): Promise<ReadableStream<Uint8Array> | null | ChatRefusal> {
    if (!(await this.opens(viewer))) return NOT_FOUND;
    return this.events?.resume(lastEventId) ?? null;
  }

  /** The running turn's user message (a chat page loaded mid-answer draws it and re-attaches); null when none runs. */
  async runningTurn(viewer?: SessionViewer): Promise<RunningTurn | null> {
    if (!(await this.opens(viewer))) return null;
    const p = this.running ? this.journal?.current : null;
    return p ? { userMessageId: p.userMessageId, content: p.content, ...(p.file ? { file: fileJson(p.file) } : {}), at: p.at } : null;
  }

  /** The running turn's journal (pending-turn.ts). */
  private journal: PendingTurnJournal | null = null;

  /** The current or last turn's events, kept in memory for clients that re-attach. */
  private events: TurnEvents | null = null;
  private lastTurnSeq = 0;

  /** Starts a turn that runs to its end whatever its clients do; its events go to a new buffer. */
  private start(content: string, depth: number, tag: UsageTag, given?: UserFile) {
    const fresh = this.store.messageCount() === 0;
    // Code tools find the file at uploads/<name>, a name no earlier file of the conversation has (chat-uploads.ts).
    const file = withUploadPath(given, this.store.snapshot()!, () => this.store.uploads().map((u) => u.path));
    const ac = new AbortController();
    this.running = ac;
    // Turn numbers only grow, also across restarts (the clock), so an id from before an eviction never matches.
    const seq = (this.lastTurnSeq = Math.max(Date.now(), this.lastTurnSeq + 1));
    const events = (this.events = new TurnEvents(seq));
    const outcome = this.turn(
      content,
      ac,
      (e) => events.push(e),
      depth,
      () => events.answering(),
      file,
    ).then(
      (o) => {
        events.end();
        this.ctx.waitUntil(this.report(this.store.snapshot()!, content, o, tag, fresh));
        return o;
      },
      (e: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'turn failed', error: String(e) }));
        events.push({ type: 'error', data: { code: 'internal_error', message: 'The reply failed unexpectedly. Try again.' } });
        events.end();
        throw e;
      },
    );
    this.ctx.waitUntil(outcome.catch(() => {}));
    return { outcome, first: events.first, listen: (after: number) => events.listen(after) };
  }

  /**
   * Stateless completions (the OpenAI-compatible API, durable-objects/stateless-turn.ts): the caller sends the whole
   * conversation and the agent snapshot; nothing is stored. Runs beside this object's own turns, if any.
   */
  async completions(snapshot: AgentSnapshot, req: CompletionRequest, tag: UsageTag = DEFAULT_TAG): Promise<ReadableStream<Uint8Array> | CompletionResult> {
    const spent = await turnRefusal(this.env, snapshot.tenantId, snapshot.agentId);
    if (spent) return { ok: false, code: spent.code, message: spent.message, turnCode: spent.code };
    return completion(req, {
      run: (store, emit, signal, clientTools, options, onAnswering) =>
        this.run(snapshot, store, null, signal, emit, 0, clientTools, undefined, options, onAnswering),
      waitUntil: (p) => this.ctx.waitUntil(p),
      report: (o) => this.report(snapshot, '', o, tag, false, 0),
    });
  }

  /**
   * The Responses API (durable-objects/response-turn.ts). With `stateless` (a completions object) nothing is kept.
   * Otherwise the response is a turn of this conversation (`init` creates it with its first response), its Response
   * kept for GET; `previous` must then be the conversation's latest response, else the answer is `fork`.
   */
  async respond(
    req: ResponseTurnRequest,
    opts: { stateless?: AgentSnapshot; init?: AgentSnapshot; access?: AgentAccess; previous?: string | null; agentId?: string; tag?: UsageTag },
  ): Promise<ReadableStream<Uint8Array> | ResponseTurnResult> {
    const waitUntil = (p: Promise<unknown>) => this.ctx.waitUntil(p);
    const tag = opts.tag ?? { source: 'openai', apiKeyId: null };
    if (opts.stateless) {
      const snapshot = opts.stateless;
      const spent = await turnRefusal(this.env, snapshot.tenantId, snapshot.agentId);
      if (spent) return { kind: 'error', code: spent.code, message: spent.message, param: spent.limit ?? null };
      const ac = new AbortController();
      const store = new ResponseInputStore(new MemoryStore(req.wire), [], req.instructions);
      return runResponse(req, {
        run: (emit, signal, clientTools, onAnswering) => this.run(snapshot, store, null, signal, emit, 0, clientTools, undefined, req.options, onAnswering),
        detach: () => ac.abort(),
        signal: ac.signal,
        waitUntil,
        report: (o) => this.report(snapshot, '', o, tag, false, 0),
      });
    }
    if (opts.init) await this.init(opts.init, opts.access);
    const refused = (await this.overBudget()) ?? this.refusal();
    if (refused) return { kind: 'error', code: refused.code, message: refused.message, param: refused.status === 404 ? 'previous_response_id' : null };
    const fresh = this.store.messageCount() === 0;
    if (opts.agentId && this.store.snapshot()!.agentId !== opts.agentId) {
      return { kind: 'error', code: 'validation_failed', message: 'The previous response is another agent’s: name that agent as the model', param: 'model' };
    }
    if (opts.previous) {
      const record = await this.ctx.storage.get<ResponseRecord>(RECORD_PREFIX + opts.previous);
      if (!record) return { kind: 'error', code: 'not_found', message: `Response ${opts.previous} not found`, param: 'previous_response_id' };
      if (record.endSeq !== this.store.lastSeq()) return { kind: 'fork' };
    }
    const problem = req.earlierCalls.length ? unansweredCallProblem(this.store.messages(), req.earlierCalls) : null;
    if (problem) return problem;

    const ac = new AbortController();
    this.running = ac;
    const events = (this.events = new TurnEvents((this.lastTurnSeq = Math.max(Date.now(), this.lastTurnSeq + 1))));
    const snapshot = this.store.snapshot()!;
    const store = new ResponseInputStore(this.store, req.wire, req.instructions);
    let endSeq = 0;
    const done = () => {
      events.end();
      if (this.running === ac) this.running = null;
      if (this.live?.id === req.meta.id) this.live = null;
    };
    return runResponse(req, {
      run: async (emit, signal, clientTools, onAnswering) => {
        try {
          const o = await this.run(snapshot, store, null, signal, (e) => (events.push(e), emit(e)), 0, clientTools, undefined, req.options, onAnswering);
          // Input the turn never wrote got no answer: kept, but out of the model's history (as a failed message is).
          store.flush(o.turnId, 'failed');
          endSeq = this.store.lastSeq();
          return o;
        } catch (e) {
          done();
          throw e;
        }
      },
      live: (now) => (this.live = { id: req.meta.id, now: () => ({ response: now(), input: req.items, endSeq: 0 }) }),
      save: async (_o, response) => {
        const key = RECORD_PREFIX + req.meta.id;
        try {
          // Its output items too, by id: clients send them back as `item_reference` items (the Vercel AI SDK does).
          const items = Object.fromEntries(response.output.map((i) => [ITEM_PREFIX + i.id, i]));
          await this.ctx.storage.put<unknown>({ ...items, [key]: { response, input: req.items, endSeq } });
        } catch (e) {
          // Too large for one value (a huge input): the Response is kept without its input items.
          console.error(JSON.stringify({ level: 'error', msg: 'response record not stored whole', error: String(e) }));
          await this.ctx.storage.put<ResponseRecord>(key, { response, input: [], endSeq });
        } finally {
          done();
        }
      },
      detach: () => {},
      signal: ac.signal,
      waitUntil,
      report: (o) => this.report(snapshot, req.title, o, tag, fresh),
    });
  }

  /** The stored response running now (its Response in progress), for GET before its record is written. */
  private live: { id: string; now: () => ResponseRecord } | null = null;

  /** A stored response's record (in progress while it runs), or null. */
  async responseRecord(id: string, viewer?: SessionViewer): Promise<ResponseRecord | null> {
    if (!this.store.snapshot() || !(await this.opens(viewer))) return null;
    if (this.live?.id === id) return this.live.now();
    return (await this.ctx.storage.get<ResponseRecord>(RECORD_PREFIX + id)) ?? null;
  }

  /** Stored responses' output items by id (null for each unknown one), for `item_reference` input items. */
  async outputItems(ids: string[]): Promise<(OutputItemJson | null)[]> {
    if (!this.store.snapshot() || !ids.length) return ids.map(() => null);
    const found = await this.ctx.storage.get<OutputItemJson>(ids.map((id) => ITEM_PREFIX + id));
    return ids.map((id) => found.get(ITEM_PREFIX + id) ?? null);
  }

  /** Forgets a stored response (the conversation's messages stay); false when there was none. */
  async deleteResponse(id: string, viewer?: SessionViewer): Promise<boolean> {
    if (!this.store.snapshot() || !(await this.opens(viewer))) return false;
    return this.ctx.storage.delete(RECORD_PREFIX + id);
  }

  /** The snapshot and the messages up to a stored response, for a conversation forked from it; null when unknown. */
  async historyUntil(id: string) {
    const record = await this.responseRecord(id);
    if (!record) return null;
    this.access ??= (await this.ctx.storage.get<AgentAccess>(ACCESS_KEY)) ?? { private: false, owner: null };
    return { snapshot: this.store.snapshot()!, messages: this.store.messagesUntil(record.endSeq), access: this.access };
  }

  /** Starts a forked conversation: the snapshot, then the copied messages. False when this one already exists. */
  async initFork(snapshot: AgentSnapshot, messages: ReturnType<SessionStore['messagesUntil']>, access?: AgentAccess): Promise<boolean> {
    if (!(await this.init(snapshot, access))) return false;
    for (const { at, ...m } of messages) this.store.addMessage(m, at);
    return true;
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

  /**
   * A reached hard plan limit of this conversation's organization (quota.ts), then a spent blocking budget of it or its
   * agent (budget-check.ts): one check on one cached copy; before `refusal`.
   */
  private async overBudget(): Promise<ChatRefusal | null> {
    const s = this.store.snapshot();
    return s ? turnRefusal(this.env, s.tenantId, s.agentId) : null;
  }

  private refusal(): ChatRefusal | null {
    if (!this.store.snapshot()) return { ok: false, status: 404, code: 'not_found', message: 'Session not found' };
    if (this.running)
      return { ok: false, status: 409, code: 'conflict', message: 'A reply is still being generated in this session. Wait for it or cancel it.' };
    return null;
  }

  private async turn(
    content: string,
    ac: AbortController,
    emit: (e: ChatEvent) => void,
    depth: number,
    onAnswering: () => void,
    file?: UserFile,
  ): Promise<TurnOutcome> {
    const journal = (this.journal = new PendingTurnJournal(this.ctx.storage));
    try {
      return await this.run(this.store.snapshot()!, this.store, content, ac.signal, emit, depth, undefined, journal, undefined, onAnswering, file);
    } finally {
      journal.end();
      if (this.running === ac) this.running = null;
    }
  }

  private async run(
    snapshot: AgentSnapshot,
    store: TurnStore,
    content: string | null,
    signal: AbortSignal,
    emit: (e: ChatEvent) => void,
    depth: number,
    clientTools?: ClientTools,
    journal?: TurnJournal,
    options?: CallOptions,
    onAnswering?: () => void,
    file?: UserFile,
  ): Promise<TurnOutcome> {
    // Connections bound to the endpoints sealed with their secrets, read fresh for each turn (secret-cache.ts).
    const bound = await this.secrets.bind(snapshot);
    const secret = bound.snapshot.connection ? await bound.secretFor(bound.snapshot.connection.id) : null;
    return runTurn(content, {
      env: this.env,
      store,
      snapshot: bound.snapshot,
      provider: this.providerFor(bound.snapshot, secret),
      signal,
      timeoutMs: Number(this.env.LLM_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS,
      emit,
      secrets: new Set(secret ? [secret] : []),
      secretFor: bound.secretFor,
      depth,
      clientTools,
      options,
      journal,
      onAnswering,
      file,
      ...(store === this.store ? { uploads: () => this.store.uploads() } : {}),
      runAgent: (ref, message, signal, allowed) =>
        askAgent(
          { env: this.env, tenantId: snapshot.tenantId, sessionId: snapshot.sessionId, agentId: snapshot.agentId, depth },
          ref,
          message,
          signal,
          allowed,
        ),
      runWorkflow: (workflow, inputs, waitMs) => runWorkflowForAgent(this.env, snapshot.tenantId, snapshot.agentId, workflow, inputs, waitMs),
    });
  }

  /** Usage and session activity go to the EVENTS queue; its consumer writes them to D1 in batches. */
  private async report(s: AgentSnapshot, content: string, o: TurnOutcome, tag: UsageTag, fresh: boolean, messageCount?: number) {
    try {
      const stored = messageCount === undefined;
      await reportTurn(this.env, { snapshot: s, content, outcome: o, tag, fresh, messageCount: messageCount ?? this.store.messageCount(), stored });
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'usage event not queued', session: s.sessionId, error: String(e) }));
    }
  }
}
