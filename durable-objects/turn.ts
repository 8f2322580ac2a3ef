/**
 * One conversational turn: the LLM/tool loop. Saves the user message, calls the model (streaming deltas out),
 * runs tool calls through the registry, feeds results back, and stops at the agent's max_steps. Every step is
 * traced. No D1 here: everything comes from the snapshot and the session's own SQLite.
 */
import { newId } from '../worker/db/ids';
import type { Bindings } from '../worker/env';
import { stepRequest } from '../worker/llm/call-options';
import { PartialStepError, completeStep } from '../worker/llm/complete';
import type { ChatEvent, MessageJson, MessageStatus, ToolCallJson, Usage } from '../worker/llm/events';
import { type WireMessage, fitToContext } from '../worker/llm/history';
import { ModelError, NO_PROVIDER_MESSAGE } from '../worker/llm/model-error';
import type { Provider } from '../worker/llm/providers';
import type { AgentSnapshot } from '../worker/llm/snapshot';
import type { CallOptions } from '../worker/llm/step';
import { type UserFile, withFile } from '../worker/llm/user-file';
import { emptyVariables, emptyVariablesMessage, renderTemplate } from '../worker/services/template';
import { runTool, toolDefinitions } from '../worker/tools/registry';
import type { ToolContext } from '../worker/tools/types';
import { type SessionStore, TOOL_NOT_RUN, type TraceStep } from './session-store';
import { TurnCitations, knowledgeSystemText, retrieveBeforeTurn } from './turn-knowledge';

/** What a turn reads and writes: a session's SQLite (SessionStore) or, for stateless completions, memory. */
export type TurnStore = Pick<SessionStore, 'addMessage' | 'wireHistory' | 'addStep' | 'steps'>;

/**
 * Tools the caller runs itself (the OpenAI-compatible API): offered to the model beside the agent's, and a step
 * that calls any of them ends the turn with those calls on its message, unanswered, for the caller to run.
 */
export type ClientTools = { definitions: unknown[]; names: Set<string> };

export type TurnDeps = {
  env: Bindings;
  store: TurnStore;
  snapshot: AgentSnapshot;
  provider: Provider | null;
  signal: AbortSignal;
  timeoutMs: number;
  emit: (e: ChatEvent) => void;
  /** Secrets used by this turn's calls, removed from anything written to the trace; tools add theirs. */
  secrets: Set<string>;
  /** Decrypts a connection's credential (cached by the Durable Object). */
  secretFor: (connectionId: string) => Promise<string | null>;
  depth?: number;
  clientTools?: ClientTools;
  /** The caller's settings for this turn (OpenAI-compatible APIs), combined per step in worker/llm/call-options.ts. */
  options?: CallOptions;
  journal?: TurnJournal;
  /**
   * Called once, when the first model step's provider accepted the request (or the turn emitted its first event):
   * from then on a failure is reported in the stream, before it as an HTTP status (callers that hold the headers).
   */
  onAnswering?: () => void;
  /** call_agent's capability (worker/services/turns.ts askAgent, bound to this conversation by the object). */
  runAgent: ToolContext['runAgent'];
  /** Workflow tools' capability (services/workflow-runs.ts runAndWait, bound to this agent by the object). */
  runWorkflow?: ToolContext['runWorkflow'];
  /** A file the person attached to `content` (services/chat-files.ts): stored with it, read by the model inside it. */
  file?: UserFile;
  /** The conversation's files for code tools (ToolContext.uploads); absent for stateless turns. */
  uploads?: ToolContext['uploads'];
};

/**
 * Records a turn as it runs, without holding the object's output (durable-objects/pending-turn.ts), so a turn cut by
 * a crash keeps the user's message and the text streamed so far. Absent for stateless turns.
 */
export type TurnJournal = {
  begin(turn: { turnId: string; userMessageId: string; content: string; file?: UserFile; at: number }): void;
  /** The text streamed so far by the current model step. */
  text(soFar: string): void;
  /** The step's messages (tool calls the turn now runs) were written to the messages table. */
  saved(): void;
};

export type TurnOutcome = {
  turnId: string;
  /** The user's message of the turn (null for stateless turns, whose input is not stored): conversation search. */
  userMessageId?: string | null;
  status: MessageStatus;
  message: MessageJson | null;
  usage: Usage;
  steps: TraceStep[];
  ttftMs: number | null;
  latencyMs: number;
  error: { code: string; message: string; retry_after?: number } | null;
  /** Calls of client tools the turn stopped at (only with TurnDeps.clientTools). */
  clientToolCalls?: ToolCallJson[];
};

export function systemPrompt(s: AgentSnapshot, now = new Date()): string {
  return renderTemplate(s.instructions, { current_date: now.toISOString().slice(0, 10), agent_name: s.name, ...s.variables });
}

function redact(text: string, secrets: Set<string>): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

/** `content` is the new user message; null when the store's history already ends with the input (stateless). */
export async function runTurn(content: string | null, d: TurnDeps): Promise<TurnOutcome> {
  const { store, snapshot: s, emit } = d;
  const turnId = newId('turn');
  const userMessageId = newId('message');
  const started = Date.now();
  const usage: Usage = { input_tokens: 0, output_tokens: 0 };
  let ttftMs: number | null = null;
  const done = (status: MessageStatus, message: MessageJson | null, error: TurnOutcome['error'] = null): TurnOutcome => ({
    turnId,
    userMessageId: content === null ? null : userMessageId,
    status,
    message,
    usage,
    steps: store.steps(turnId),
    ttftMs,
    latencyMs: Date.now() - started,
    error,
  });
  const fail = (code: string, message: string, partial: MessageJson | null, status: MessageStatus, retryAfter?: number) => {
    const wait = retryAfter !== undefined ? { retry_after: Math.max(0, Math.ceil(retryAfter)) } : {};
    emit({ type: 'error', data: { code, message, ...wait } });
    // A turn that produced nothing is kept as a failed reply with its reason, so the transcript shows what happened.
    if (!partial && status === 'failed' && content !== null) {
      store.addMessage({ id: newId('message'), turn_id: turnId, role: 'assistant', content: '', status: 'failed', error: { code, message } });
    }
    return done(status, partial, { code, message, ...wait });
  };

  // The user's message goes into the messages table once the first model step has ended, not before the model call:
  // a SQL write still in flight holds every outgoing message of a Durable Object (output gate), the upstream fetch
  // included, so writing first would add a commit to every time to first token. It is journaled at once instead
  // (d.journal: a write that does not hold output), so a crash does not lose it.
  let pending: WireMessage | null = content === null ? null : { role: 'user', content: withFile(content, d.file) };
  const file = d.file ? { file: d.file } : {};
  if (content !== null) d.journal?.begin({ turnId, userMessageId, content, ...file, at: started });
  // `failed`: the turn got no answer at all; the message then stays out of the model's history (a retry re-sends it).
  const saveUserMessage = (status: MessageStatus = 'completed') => {
    if (!pending || content === null) return;
    pending = null;
    store.addMessage({ id: userMessageId, turn_id: turnId, role: 'user', content, ...file, status }, started);
  };
  // An empty {{variable}} would reach the model as "": refuse before calling it, naming the variable.
  const empty = emptyVariables(s.instructions, s.variables);
  if (empty.length) {
    saveUserMessage('failed');
    return fail('missing_variable', emptyVariablesMessage(empty), null, 'failed');
  }
  if (!d.provider) {
    saveUserMessage('failed');
    return fail('no_provider', NO_PROVIDER_MESSAGE, null, 'failed');
  }

  const tools = [...toolDefinitions(s.tools), ...(d.clientTools?.definitions ?? [])];
  const citations = new TurnCitations(turnId, (step) => store.addStep(step), emit);
  const access = {
    connection: (id: string) => s.toolConnections.find((c) => c.id === id) ?? (s.connection?.id === id ? s.connection : undefined),
    secretFor: async (id: string) => {
      const secret = await d.secretFor(id);
      if (secret) d.secrets.add(secret);
      return secret;
    },
  };
  const before = await retrieveBeforeTurn(d.env, s, content ?? lastUserText(store.wireHistory()), access, citations);
  const system = systemPrompt(s) + knowledgeSystemText(s, before.retrieval, before.numbers);
  for (let step = 1; step <= s.maxSteps; step++) {
    const stepStart = Date.now();
    const history = pending ? [...store.wireHistory(), pending] : store.wireHistory();
    const messages = fitToContext({ role: 'system', content: system }, history, s.model);
    const trace = (
      r: { usage: { input: number; output: number } | null; ttftMs: number | null; attempts: number; finishReason: string | null },
      error?: ModelError,
    ) =>
      store.addStep({
        id: newId('step'),
        turn_id: turnId,
        type: 'model',
        model: s.model,
        input_tokens: r.usage?.input ?? 0,
        output_tokens: r.usage?.output ?? 0,
        ttft_ms: r.ttftMs,
        duration_ms: Date.now() - stepStart,
        attempts: r.attempts,
        finish_reason: r.finishReason,
        ok: !error,
        ...(error ? { error: { code: error.code, message: error.message } } : {}),
        started_at: new Date(stepStart).toISOString(),
      });
    let result;
    let stepText = '';
    try {
      result = await completeStep(d.provider, stepRequest(s, messages, tools, step, d.options), {
        signal: d.signal,
        timeoutMs: d.timeoutMs,
        onDelta: (text) => {
          stepText += text;
          d.journal?.text(stepText);
          emit({ type: 'message.delta', data: { text } });
        },
        onOpen: d.onAnswering,
      });
    } catch (e) {
      saveUserMessage(e instanceof PartialStepError && !e.partial.text && e.error.code !== 'cancelled' ? 'failed' : 'completed');
      if (!(e instanceof PartialStepError)) throw e;
      trace(e.partial, e.error);
      ttftMs ??= e.partial.ttftMs;
      const status: MessageStatus = e.error.code === 'cancelled' ? 'cancelled' : 'interrupted';
      const partial = e.partial.text ? store.addMessage({ id: newId('message'), turn_id: turnId, role: 'assistant', content: e.partial.text, status }) : null;
      return fail(e.error.code, e.error.message, partial, partial ? status : e.error.code === 'cancelled' ? 'cancelled' : 'failed', e.error.retryAfter);
    }
    saveUserMessage();
    trace(result);
    ttftMs ??= result.ttftMs;
    usage.input_tokens += result.usage?.input ?? 0;
    usage.output_tokens += result.usage?.output ?? 0;

    if (!result.toolCalls.length) {
      const cited = citations.used(result.text);
      const message = store.addMessage({
        id: newId('message'),
        turn_id: turnId,
        role: 'assistant',
        content: result.text,
        status: 'completed',
        ...(cited ? { citations: cited } : {}),
      });
      emit({ type: 'message.completed', data: { message, usage } });
      return done('completed', message);
    }

    const forClient = result.toolCalls.filter((c) => d.clientTools?.names.has(c.name));
    if (forClient.length) {
      // The caller runs these; calls to the agent's own tools in the same step are dropped, not run half-way.
      const message = store.addMessage({
        id: newId('message'),
        turn_id: turnId,
        role: 'assistant',
        content: result.text,
        tool_calls: forClient,
        status: 'completed',
      });
      emit({ type: 'message.completed', data: { message, usage } });
      return { ...done('completed', message), clientToolCalls: forClient };
    }
    store.addMessage({ id: newId('message'), turn_id: turnId, role: 'assistant', content: result.text, tool_calls: result.toolCalls, status: 'completed' });
    d.journal?.saved();
    for (const [i, call] of result.toolCalls.entries()) {
      if (d.signal.aborted) {
        // Every call the model asked for gets a result, or the provider refuses the history from now on.
        for (const skipped of result.toolCalls.slice(i)) {
          store.addMessage({
            id: newId('message'),
            turn_id: turnId,
            role: 'tool',
            content: TOOL_NOT_RUN,
            tool_call_id: skipped.id,
            name: skipped.name,
            ok: false,
            status: 'cancelled',
          });
        }
        break;
      }
      emit({ type: 'tool.call', data: call });
      const t0 = Date.now();
      const r = await runTool(s.tools, call.name, call.arguments, {
        env: d.env,
        tenantId: s.tenantId,
        sessionId: s.sessionId,
        agentId: s.agentId,
        runtime: s.runtime,
        signal: d.signal,
        depth: d.depth ?? 0,
        connection: access.connection,
        secretFor: access.secretFor,
        runAgent: d.runAgent,
        runWorkflow: d.runWorkflow,
        ...(d.uploads ? { uploads: d.uploads } : {}),
        cite: (r, mode) => citations.cite(r, mode),
      });
      const output = redact(r.output, d.secrets);
      const files = r.files?.length ? { attachments: r.files } : {};
      store.addMessage({
        id: newId('message'),
        turn_id: turnId,
        role: 'tool',
        content: output,
        tool_call_id: call.id,
        name: call.name,
        ok: r.ok,
        ...files,
        status: 'completed',
      });
      store.addStep({
        id: newId('step'),
        turn_id: turnId,
        type: 'tool',
        name: call.name,
        call_id: call.id,
        arguments: redact(call.arguments, d.secrets),
        output,
        ok: r.ok,
        duration_ms: Date.now() - t0,
        started_at: new Date(t0).toISOString(),
      });
      emit({ type: 'tool.result', data: { id: call.id, name: call.name, ok: r.ok, output, ...(r.files?.length ? { files: r.files } : {}) } });
    }
    if (d.signal.aborted) return fail('cancelled', 'The reply was stopped.', null, 'cancelled');
  }

  const notice = `I stopped after ${s.maxSteps} step${s.maxSteps === 1 ? '' : 's'}, this agent's limit, before finishing. Raise max_steps in the agent settings or ask a narrower question.`;
  emit({ type: 'message.delta', data: { text: notice } });
  const cited = citations.used('');
  const message = store.addMessage({
    id: newId('message'),
    turn_id: turnId,
    role: 'assistant',
    content: notice,
    status: 'interrupted',
    ...(cited ? { citations: cited } : {}),
  });
  emit({ type: 'message.completed', data: { message, usage } });
  return done('interrupted', message, { code: 'max_steps', message: notice });
}

/** The text of the history's last user message (stateless turns, whose input is already in the store). */
function lastUserText(history: WireMessage[]): string {
  const m = history.findLast((x) => x.role === 'user');
  return m && typeof m.content === 'string' ? m.content : '';
}
