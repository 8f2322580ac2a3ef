// One way to run a turn: every entry point (sessions API, chat page, test panel, widget, MCP, call_agent, and later
// workflows, share links, try-it, Responses) starts, streams, re-attaches to, cancels and deletes conversations here,
// so the message limit, refusals and error mapping live in one place (turn-policy.ts). No D1 on the turn itself.
import type { CompletionRequest, CompletionResult } from '../../durable-objects/stateless-turn';
import type { TurnOutcome } from '../../durable-objects/turn';
import { isId } from '../db/ids';
import { type AgentViewer, type TenantDb, tenantDb } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import type { AgentRun } from '../tools/types';
import { mayCallAgent } from './agent-access';
import { createChatSession } from './chat-sessions';
import type { AgentSnapshot } from '../llm/snapshot';
import type { UsageTag } from '../schemas/analytics';
import type { RunningTurn, UserFile } from '../llm/user-file';
import { type AttachmentSettings, attachmentsOf } from '../knowledge/chat-file-settings';
import { chatOriginalKey } from './chat-originals';
import { completionStub, isSessionId, sessionStub } from './session-stub';
import { MAX_MESSAGE_CHARS, messageProblem, refusalError, turnFailure } from './turn-policy';

/**
 * Which conversation a turn runs in; the server names its object from the tenant and the session id. `viewer`: the
 * signed-in caller's view of the agents (agent-access.ts); the object answers 404 when its agent is hidden from it.
 * Without one (widget, share links, call_agent) the owner's configuration applies.
 */
export type TurnTarget = { env: Bindings; tenantId: string; sessionId: string; viewer?: AgentViewer };

export type TurnOptions = {
  /** A lower message limit for this surface (the widget's); never above MAX_MESSAGE_CHARS. */
  maxChars?: number;
  /** How many call_agent hops led here (0 for a person). */
  depth?: number;
  /**
   * API clients: a model failure before the first token is thrown as its HTTP status (turnFailure) instead
   * of arriving as the first event of a 200 stream. Pages and the widget show it in the transcript instead.
   */
  statusBeforeFirstToken?: boolean;
  /** Where the turn comes from, for analytics (worker/schemas/analytics.ts); set by the entry point, never a client. */
  tag?: UsageTag;
  /** A file attached to the message, accepted and read by services/chat-files.ts; the message may then be empty. */
  file?: UserFile;
};

function stubOf(t: TurnTarget) {
  if (!isSessionId(t.sessionId)) throw notFound('Session');
  return sessionStub(t.env, t.tenantId, t.sessionId);
}

function checked(content: string, opts: TurnOptions): string {
  const max = Math.min(opts.maxChars ?? MAX_MESSAGE_CHARS, MAX_MESSAGE_CHARS);
  const problem = opts.file && !content.trim() ? null : messageProblem(content, max);
  if (problem) throw new AppError('validation_failed', problem, [{ path: 'content', message: problem }]);
  return content;
}

/**
 * A message refused before its turn started (invalid, 409, 402…) is not stored: the original of its file, kept by
 * services/chat-files.ts before the turn, goes too. A failed turn keeps its message, and so its file.
 */
async function unlessRefused<T>(t: TurnTarget, opts: TurnOptions, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    const id = opts.file?.id;
    // Only refusals (AppErrors): an unexpected failure may come after the message was stored, so its file stays.
    if (id && e instanceof AppError) await t.env.ORIGINALS.delete(chatOriginalKey(t.tenantId, t.sessionId, id)).catch(() => {});
    throw e instanceof TurnStarted ? e.error : e;
  }
}
/** A turn that ran and failed before its first token (its message is stored): the error to throw. */
class TurnStarted {
  constructor(readonly error: AppError) {}
}

/** Starts a turn and answers with its SSE stream (frames of worker/llm/events.ts). 404/409 as AppError. */
export async function streamTurn(t: TurnTarget, content: string, opts: TurnOptions = {}): Promise<ReadableStream<Uint8Array>> {
  return unlessRefused(t, opts, async () => {
    const r = await stubOf(t).chatStream(checked(content, opts), opts.statusBeforeFirstToken === true, t.viewer, opts.tag, opts.file);
    if (r instanceof ReadableStream) return r;
    if ('failedEarly' in r) throw new TurnStarted(turnFailure(r.failedEarly) ?? new AppError('upstream_error', r.failedEarly.message));
    throw refusalError(r);
  });
}

/** Runs a turn to its end. A refusal throws; a failed turn is an outcome with `error` (see `turnFailure`). */
export async function runTurnToEnd(t: TurnTarget, content: string, opts: TurnOptions = {}): Promise<TurnOutcome> {
  return unlessRefused(t, opts, async () => {
    const r = await stubOf(t).chatJson(checked(content, opts), opts.depth ?? 0, t.viewer, opts.tag, opts.file);
    if (!r.ok) throw refusalError(r);
    return r.outcome as TurnOutcome;
  });
}

/** The JSON mode: the outcome of a turn that answered, else its error as an AppError. */
export async function answerTurn(t: TurnTarget, content: string, opts: TurnOptions = {}): Promise<TurnOutcome> {
  const o = await runTurnToEnd(t, content, opts);
  const failure = turnFailure(o.error);
  if (failure) throw failure;
  return o;
}

/** An SSE event id of a streamed turn: `<turn seq>-<event seq>`. */
export const EVENT_ID = /^\d{1,16}-\d{1,9}$/;

/**
 * Re-attaches to the running or just-finished turn: the events after `lastEventId` (all of them when null), then
 * live ones. Null when nothing was missed and no turn runs (the route answers 204).
 */
export async function attachTurn(t: TurnTarget, lastEventId: string | null): Promise<ReadableStream<Uint8Array> | null> {
  if (lastEventId !== null && !EVENT_ID.test(lastEventId)) {
    throw new AppError('validation_failed', 'Invalid Last-Event-ID', [
      { path: 'last_event_id', message: 'is not an event id of this stream (<turn>-<event>)' },
    ]);
  }
  const r = await stubOf(t).attach(lastEventId, t.viewer);
  if (r === null || r instanceof ReadableStream) return r;
  throw refusalError(r);
}

/** The running turn's user message, or null when no turn runs (or no such conversation). */
export async function runningTurn(t: TurnTarget): Promise<RunningTurn | null> {
  return stubOf(t).runningTurn(t.viewer);
}

/** Stops the running turn; false when none runs. Unknown conversation → 404. */
export async function cancelTurn(t: TurnTarget): Promise<boolean> {
  const stub = stubOf(t);
  const cancelled = await stub.cancel(t.viewer);
  if (cancelled === null) throw notFound('Session');
  return cancelled;
}

/** The conversation's messages, or 404. */
export async function conversationMessages(t: TurnTarget) {
  const messages = await stubOf(t).messages(t.viewer);
  if (!messages) throw notFound('Session');
  return messages;
}

/** The conversation's trace steps, or 404. */
export async function conversationTrace(t: TurnTarget) {
  const steps = await stubOf(t).traceSteps(t.viewer);
  if (!steps) throw notFound('Session');
  return steps;
}

/** The agent a conversation runs (its snapshot's agent id), or null when there is no such conversation. */
export async function conversationAgentId(t: TurnTarget): Promise<string | null> {
  if (!isSessionId(t.sessionId)) return null;
  // The RPC type of a snapshot is too deep for TypeScript to keep; only its agent matters here.
  const snapshot = (await sessionStub(t.env, t.tenantId, t.sessionId).snapshot()) as { agentId: string } | null;
  return snapshot?.agentId ?? null;
}

/** What a conversation's snapshot says about attached files, and its model (null: no such conversation). */
export async function conversationFileRules(t: TurnTarget): Promise<{ attachments: AttachmentSettings; model: string } | null> {
  if (!isSessionId(t.sessionId)) return null;
  const snapshot = (await sessionStub(t.env, t.tenantId, t.sessionId).snapshot()) as { attachments?: AttachmentSettings; model: string } | null;
  return snapshot ? { attachments: attachmentsOf(snapshot.attachments), model: snapshot.model } : null;
}

/** Counts one hit against a per-conversation window kept by its object (the widget's per-visitor message limit). */
export async function hitConversationLimit(t: TurnTarget, name: string, max: number, windowMs: number) {
  return stubOf(t).hit(name, max, windowMs);
}

/**
 * Deletes a conversation: its D1 row and its object's storage together. The storage is wiped even when the row is
 * already gone, and the row is removed even when the object fails (the error is then raised, so a retry wipes it).
 */
export async function deleteConversation(env: Bindings, db: TenantDb, sessionId: string, actor: Actor): Promise<void> {
  const t = { env, tenantId: db.tenantId, sessionId };
  const stub = stubOf(t);
  const row = await db.sessions.get(sessionId);
  // A conversation of an agent hidden from the caller (agent-access.ts) is not theirs to wipe: 404, untouched.
  if (!row && !db.viewer.all && (await db.sessions.existsForAnyone(sessionId))) throw notFound('Session');
  const [removed, wiped] = await Promise.allSettled([row ? db.sessions.remove(sessionId) : Promise.resolve(false), stub.destroy()]);
  if (removed.status === 'rejected') throw removed.reason;
  if (wiped.status === 'rejected') throw wiped.reason;
  if (!row && !wiped.value) throw notFound('Session');
  await db.search.removeSessions([sessionId]);
  actor.audit({ action: 'session.delete', resource: { type: 'session', id: sessionId }, changes: row ? { agent_id: { before: row.agentId } } : undefined });
}

/** Who asks another agent (call_agent): the calling conversation. */
export type AgentCaller = { env: Bindings; tenantId: string; sessionId: string; agentId: string; depth: number };

/**
 * call_agent's capability (given to tools through their context by the runtime): opens a conversation with the
 * tenant's agent `ref` (id or slug) and runs one turn there. Aborting `signal` cancels that turn too.
 */
export async function askAgent(from: AgentCaller, ref: string, message: string, signal: AbortSignal, allowed: readonly string[]): Promise<AgentRun> {
  // A tool may read D1 (only the turn's own overhead must not); the handle is scoped to the caller's tenant.
  const db = tenantDb(from.env, from.tenantId);
  const agent = isId('agent', ref) ? await db.agents.get(ref) : await db.agents.getBySlug(ref.toLowerCase());
  if (!agent || !allowed.includes(agent.id)) return { found: false };
  // A private agent is reached only from a private agent of its creator (agent-access.ts, mayCallAgent).
  if (agent.visibility === 'private') {
    const caller = await db.agents.get(from.agentId);
    if (!caller || !mayCallAgent(caller, agent)) return { found: false };
  }
  const metadata = { via: 'call_agent', parent_session_id: from.sessionId, parent_agent_id: from.agentId, depth: from.depth + 1 };
  const session = await createChatSession(from.env, db, agent, { metadata }, { type: 'system', id: null });
  const t = { env: from.env, tenantId: from.tenantId, sessionId: session.id };
  // Stopping the caller's turn stops the called agent's turn too.
  const stop = () => void cancelTurn(t).catch(() => {});
  signal.addEventListener('abort', stop, { once: true });
  try {
    const o = await runTurnToEnd(t, message.slice(0, MAX_MESSAGE_CHARS), { depth: from.depth + 1, tag: { source: 'call_agent', apiKeyId: null } });
    return { found: true, name: agent.name, reply: o.message?.content ?? '', error: turnFailure(o.error) ? o.error : null };
  } catch (e) {
    return {
      found: true,
      name: agent.name,
      reply: '',
      error: { code: e instanceof AppError ? e.code : 'internal_error', message: e instanceof Error ? e.message : String(e) },
    };
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/**
 * A stateless turn (the OpenAI-compatible API): the caller sends the whole conversation, nothing is stored. Answers
 * OpenAI's SSE chunks or one completion; a failed turn comes back as `{ok: false}` with its AppError code.
 */
export async function completeStateless(
  env: Bindings,
  snapshot: AgentSnapshot,
  req: CompletionRequest,
  tag: UsageTag = { source: 'openai', apiKeyId: null },
): Promise<ReadableStream<Uint8Array> | CompletionResult> {
  const r = await completionStub(env, snapshot.tenantId, snapshot.agentId).completions(snapshot, req, tag);
  return r instanceof ReadableStream ? r : (r as CompletionResult);
}
