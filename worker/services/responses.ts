/**
 * The Responses API's domain: a stored response (the default) is a turn of an ordinary session, so its conversation is
 * in the app's chat list; a response's id names that session (`resp_` + the session id's body + its own), so GET and
 * previous_response_id find its Durable Object without D1. `store: false` runs like a chat completion: nothing kept.
 * Continuing from a conversation's latest response appends to it; from an earlier one forks a new conversation with
 * the history up to that response (the original stays as it was).
 */
import type { UsageTag } from '../schemas/analytics';
import type { ResponseRecord, ResponseTurnRequest, ResponseTurnResult } from '../../durable-objects/response-turn';
import type { AgentAccess } from '../../durable-objects/session-access';
import { newId } from '../db/ids';
import type { AgentViewer, TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import type { AgentSnapshot } from '../llm/snapshot';
import type { ResponseMeta } from '../openai-compat/response-writer';
import { referencedItems, responseInput, responseTools } from '../openai-compat/responses-input';
import { responseCallOptions } from '../openai-compat/responses-params';
import type { ResponseCreateInput } from '../openai-compat/responses-schema';
import type { InputItemListJson, OutputItemJson, ResponseJson } from '../schemas/responses';
import { resolveAgent } from './agent-resolver';
import { completionStub, isSessionId, sessionStub } from './session-stub';

const BODY = 24;

/** The session a stored response belongs to, or null for ids of stateless responses and ids that are not ours. */
export function responseSession(id: string): string | null {
  const m = /^resp_([0-9a-z]{48})$/.exec(id);
  const sessionId = m ? `ses_${m[1]!.slice(0, BODY)}` : null;
  return sessionId && isSessionId(sessionId) ? sessionId : null;
}

/** The session whose stored response has the output item `id` (`msg_…`, `fc_…`), or null. */
export function referencedSession(id: string): string | null {
  const m = /^(?:msg|fc)_([0-9a-z]{24})[0-9a-f]{32}$/.exec(id);
  const sessionId = m ? `ses_${m[1]}` : null;
  return sessionId && isSessionId(sessionId) ? sessionId : null;
}

/**
 * The input with its `item_reference` items replaced by the output items they name (from their conversations'
 * objects, one call per conversation); an unknown or another tenant's item is a 400 on its `id`.
 */
async function resolveReferences({ env, db }: Ctx, input: ResponseCreateInput['input']): Promise<ResponseCreateInput['input']> {
  const refs = referencedItems(input);
  if (!refs.length || typeof input === 'string') return input;
  const bySession = new Map<string, string[]>();
  for (const r of refs) {
    const sessionId = referencedSession(r.id);
    if (sessionId) bySession.set(sessionId, [...(bySession.get(sessionId) ?? []), r.id]);
  }
  const found = new Map<string, OutputItemJson>();
  await Promise.all(
    [...bySession].map(async ([sessionId, ids]) => {
      const items = (await sessionStub(env, db.tenantId, sessionId).outputItems(ids)) as (OutputItemJson | null)[];
      items.forEach((item, i) => item && found.set(ids[i]!, item));
    }),
  );
  const missing = refs.filter((r) => !found.has(r.id));
  if (missing.length) {
    throw new AppError(
      'validation_failed',
      'The input is not valid',
      missing.map((r) => ({ path: `input.${r.index}.id`, message: 'No stored output item has this id' })),
    );
  }
  return input.map((it) => (it.type === 'item_reference' ? (found.get(it.id as string)! as unknown as typeof it) : it));
}

const responseIdIn = (sessionId: string | null) => `resp_${sessionId ? sessionId.slice(4) : ''}${newId('turn').slice(4)}`;

/** `tag`: where the request came from, for analytics (the OpenAI-compatible API and its key). */
type Ctx = { env: Bindings; db: TenantDb; waitUntil: (p: Promise<unknown>) => void; tag?: UsageTag };
type Answer = ReadableStream<Uint8Array> | ResponseJson;
type Respond = (req: ResponseTurnRequest, opts: Record<string, unknown>) => Promise<unknown>;

function answerOf(r: ReadableStream<Uint8Array> | ResponseTurnResult): Answer {
  if (r instanceof ReadableStream) return r;
  if (r.kind === 'done') return r.response;
  if (r.kind === 'fork') throw new AppError('internal_error', 'The conversation could not be continued');
  const details = r.param ? [{ path: r.param, message: r.message }] : r.turnCode ? [{ path: 'turn', message: r.turnCode }] : undefined;
  // A provider's 429 passes on its Retry-After, so clients' own retry logic waits as asked.
  throw new AppError(r.code, r.message, details, r.retryAfter !== undefined ? { 'retry-after': String(r.retryAfter) } : undefined);
}

/** POST /v1/responses: the stream of typed events, or the Response. */
export async function createResponse(ctx: Ctx, input: ResponseCreateInput): Promise<Answer> {
  const { env, db } = ctx;
  const { wire, items, earlierCalls } = responseInput(await resolveReferences(ctx, input.input));
  const store = input.store !== false;
  const previous = input.previous_response_id ?? null;
  if (previous && !store) {
    throw new AppError('validation_failed', 'A response that continues a stored one is stored too', [
      { path: 'store', message: 'Leave store true with previous_response_id' },
    ]);
  }
  if (earlierCalls.length && !previous) {
    const at = input.input.length - 1;
    throw new AppError('validation_failed', 'The input is not valid', [
      {
        path: `input.${typeof input.input === 'string' ? 0 : at}.call_id`,
        message: 'No function_call item with this call_id precedes it (or send previous_response_id)',
      },
    ]);
  }
  const { slug: _slug, access, ...agent } = await resolveAgent(db, input.model, ctx.waitUntil);
  const clientTools = responseTools(input.tools, agent.tools);
  const options = responseCallOptions(input, {
    toolNames: [...agent.tools.map((t) => t.name), ...clientTools.names],
    // JSON mode wants the word "json" in the conversation; a continued one's earlier turns are not known here.
    texts: previous ? ['json'] : [agent.instructions, input.instructions ?? '', ...wire.map((m) => m.content ?? '')],
  });
  const firstUser = wire.find((m) => m.role === 'user');
  const request = (sessionId: string | null): ResponseTurnRequest => {
    const meta: ResponseMeta = {
      id: responseIdIn(sessionId),
      created_at: Math.floor(Date.now() / 1000),
      instructions: input.instructions ?? null,
      max_output_tokens: input.max_output_tokens ?? null,
      metadata: input.metadata ?? {},
      model: input.model,
      parallel_tool_calls: input.parallel_tool_calls ?? true,
      previous_response_id: previous,
      store,
      temperature: input.temperature ?? null,
      text: { format: input.text?.format ?? { type: 'text' } },
      tool_choice: input.tool_choice ?? 'auto',
      tools: (input.tools ?? []).map((t) => ({ ...t, strict: t.strict ?? true })),
      top_p: input.top_p ?? null,
      user: input.user ?? null,
      session_id: sessionId,
    };
    return {
      meta,
      wire,
      items,
      earlierCalls,
      instructions: input.instructions ?? null,
      clientTools,
      options,
      stream: input.stream === true,
      title: (firstUser?.content as string) ?? '',
    };
  };
  const stubFor = (sessionId: string) => sessionStub(env, db.tenantId, sessionId) as unknown as { respond: Respond };

  if (!store) {
    // Its own conversation for tools and usage records, run beside the agent's stateless completions.
    const snapshot: AgentSnapshot = { ...agent, sessionId: newId('session') };
    const stub = completionStub(env, db.tenantId, agent.agentId) as unknown as { respond: Respond };
    return answerOf((await stub.respond(request(null), { stateless: snapshot, tag: ctx.tag })) as ResponseTurnResult);
  }
  if (!previous) {
    // A new conversation. Its D1 row is written beside the turn (the chat list shows it a moment later), not before it.
    const sessionId = newId('session');
    ctx.waitUntil(
      db.sessions.create({ id: sessionId, agentId: agent.agentId, agentVersion: agent.agentVersion, metadata: { via: 'responses' }, createdBy: null }),
    );
    return answerOf((await stubFor(sessionId).respond(request(sessionId), { init: { ...agent, sessionId }, access, tag: ctx.tag })) as ResponseTurnResult);
  }
  const sessionId = responseSession(previous);
  if (!sessionId) throw new AppError('not_found', `Response ${previous} not found`, [{ path: 'previous_response_id', message: 'no such stored response' }]);
  const r = (await stubFor(sessionId).respond(request(sessionId), { previous, agentId: agent.agentId, tag: ctx.tag })) as ResponseTurnResult;
  if (!(r instanceof ReadableStream) && r.kind === 'fork') {
    const forked = await forkConversation(ctx, sessionId, previous);
    return answerOf((await stubFor(forked).respond(request(forked), { tag: ctx.tag })) as ResponseTurnResult);
  }
  return answerOf(r);
}

/** A new conversation with the history of `sessionId` up to the response `responseId`; its id. */
async function forkConversation({ env, db }: Ctx, sessionId: string, responseId: string): Promise<string> {
  const from = sessionStub(env, db.tenantId, sessionId);
  const history = (await from.historyUntil(responseId)) as { snapshot: AgentSnapshot; messages: never; access: AgentAccess } | null;
  if (!history) throw new AppError('not_found', `Response ${responseId} not found`, [{ path: 'previous_response_id', message: 'no such stored response' }]);
  const id = newId('session');
  await sessionStub(env, db.tenantId, id).initFork({ ...history.snapshot, sessionId: id }, history.messages, history.access);
  await db.sessions.create({
    id,
    agentId: history.snapshot.agentId,
    agentVersion: history.snapshot.agentVersion,
    metadata: { via: 'responses', parent_session_id: sessionId },
    createdBy: null,
  });
  return id;
}

/** `viewer`: the caller's view of the agents; a response of an agent it may not see is "not found". */
async function record(env: Bindings, tenantId: string, id: string, viewer: AgentViewer): Promise<ResponseRecord> {
  const sessionId = responseSession(id);
  const r = sessionId ? ((await sessionStub(env, tenantId, sessionId).responseRecord(id, viewer)) as ResponseRecord | null) : null;
  if (!r) throw new AppError('not_found', `Response ${id} not found`, [{ path: 'response_id', message: 'no such stored response' }]);
  return r;
}

/** GET /v1/responses/:id: the stored Response. Stateless ids, unknown ids and other tenants' → 404. */
export async function getResponse(env: Bindings, tenantId: string, id: string, viewer: AgentViewer): Promise<ResponseJson> {
  return (await record(env, tenantId, id, viewer)).response;
}

/** GET /v1/responses/:id/input_items: the items the response was asked with, newest first unless `order` is asc. */
export async function responseInputItems(env: Bindings, tenantId: string, id: string, order: 'asc' | 'desc', viewer: AgentViewer): Promise<InputItemListJson> {
  const items = [...(await record(env, tenantId, id, viewer)).input];
  if (order === 'desc') items.reverse();
  return { object: 'list', data: items, first_id: items[0]?.id ?? null, last_id: items[items.length - 1]?.id ?? null, has_more: false };
}

/** DELETE /v1/responses/:id: forgets the stored Response; its conversation (a session) stays. */
export async function deleteResponse(env: Bindings, tenantId: string, id: string, viewer: AgentViewer): Promise<void> {
  const sessionId = responseSession(id);
  if (!sessionId || !(await sessionStub(env, tenantId, sessionId).deleteResponse(id, viewer))) throw notFound('Response');
}
