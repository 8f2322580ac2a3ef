/**
 * The Responses API inside an AgentSession (worker/services/responses.ts calls it): runs one turn with the usual turn
 * runner and answers typed SSE events or one Response object (worker/openai-compat/response-writer.ts). A stored
 * response is a turn of the object's conversation and its Response is kept for GET; a stateless one keeps nothing.
 * A stream is answered only once the turn produced its first event (HeldStream), so a failure before it (the upstream
 * refused, rate limited, timed out) reaches the caller as an HTTP error with its status, not as a 200 stream.
 */
import type { ErrorCode } from '../worker/errors';
import type { ChatEvent, MessageJson } from '../worker/llm/events';
import type { WireMessage } from '../worker/llm/history';
import { HeldStream } from '../worker/lib/held-stream';
import { failed } from '../worker/openai-compat/chunks';
import { type ResponseMeta, ResponseWriter, responseFrame } from '../worker/openai-compat/response-writer';
import type { InputItemJson, ResponseJson } from '../worker/schemas/responses';
import { turnErrorCode } from '../worker/services/turn-policy';
import type { ClientTools, TurnOutcome } from './turn';
import type { CallOptions } from '../worker/llm/step';

export type ResponseTurnRequest = {
  meta: ResponseMeta;
  /** The new input as wire messages, and as items for GET …/input_items. */
  wire: WireMessage[];
  items: InputItemJson[];
  /** Call ids the input answers whose calls came with the previous response. */
  earlierCalls: string[];
  instructions: string | null;
  clientTools: { definitions: unknown[]; names: string[] };
  /** The caller's model settings (text.format, tool_choice, sampling, max_output_tokens), over the agent's. */
  options?: CallOptions;
  stream: boolean;
  /** The conversation's title if this is its first turn (its first user text). */
  title: string;
};

/** What GET /v1/responses/:id answers from, kept in the conversation's object; `endSeq` is its last message. */
export type ResponseRecord = { response: ResponseJson; input: InputItemJson[]; endSeq: number };

export type ResponseTurnResult =
  | { kind: 'done'; response: ResponseJson }
  | { kind: 'error'; code: ErrorCode; message: string; param: string | null; turnCode?: string; retryAfter?: number }
  /** previous_response_id names an earlier response of the conversation, not its latest: the caller forks. */
  | { kind: 'fork' };

export const RECORD_PREFIX = 'response:';
/** Output items of stored responses, by id (`item_reference`). */
export const ITEM_PREFIX = 'item:';

export type ResponseHooks = {
  /** `onAnswering`: the model accepted the request (runTurn's TurnDeps.onAnswering); a held stream may go. */
  run: (emit: (e: ChatEvent) => void, signal: AbortSignal, clientTools: ClientTools, onAnswering?: () => void) => Promise<TurnOutcome>;
  /** Stored responses: the Response as it is now, for a GET while the turn runs. */
  live?: (now: () => ResponseJson) => void;
  /** Stored responses: writes the record; the turn's end events wait for it, so a GET right after finds it. */
  save?: (o: TurnOutcome, response: ResponseJson) => Promise<void>;
  /** The stream's reader went away: stateless turns stop, stored ones run to their end (the turn is the object's). */
  detach: () => void;
  signal: AbortSignal;
  waitUntil: (p: Promise<unknown>) => void;
  report: (o: TurnOutcome) => Promise<void>;
};

const errorOf = (o: TurnOutcome): ResponseTurnResult => ({
  kind: 'error',
  code: turnErrorCode(o.error!.code),
  message: o.error!.message,
  param: null,
  turnCode: o.error!.code,
  ...(o.error!.retry_after !== undefined ? { retryAfter: o.error!.retry_after } : {}),
});

export async function runResponse(req: ResponseTurnRequest, hooks: ResponseHooks): Promise<ReadableStream<Uint8Array> | ResponseTurnResult> {
  const clientTools: ClientTools = { definitions: req.clientTools.definitions, names: new Set(req.clientTools.names) };
  const writer = new ResponseWriter(req.meta);
  hooks.live?.(() => writer.response());
  const finish = async (o: TurnOutcome) => {
    const end = writer.end(o);
    await hooks.save?.(o, end.response);
    hooks.waitUntil(hooks.report(o));
    return end;
  };
  if (!req.stream) {
    const o = await hooks.run((e) => void writer.events(e), hooks.signal, clientTools);
    const { response } = await finish(o);
    return failed(o) ? errorOf(o) : { kind: 'done', response };
  }

  // Held until the first real event (worker/lib/held-stream.ts): a failure before it is an HTTP error, not a stream.
  const held = new HeldStream<ResponseTurnResult>(hooks.detach);
  const frames = (xs: object[]) => xs.map((x) => responseFrame(x as { type: string })).join('');
  held.prelude(frames(writer.head()));
  const emit = (e: ChatEvent) => {
    // A turn's error event is told by its outcome (response.failed, or the HTTP error before anything was sent).
    if (e.type === 'error') return;
    const out = writer.events(e);
    // The events of one chat event go out as one chunk, down fewer writes.
    if (out.length) held.send(frames(out));
    // The agent's own tool calls have no event, but the turn is under way: the headers may go.
    else if (e.type === 'tool.call') held.release();
  };
  hooks.waitUntil(
    hooks
      .run(emit, hooks.signal, clientTools, () => held.release())
      .then(async (o) => {
        const end = await finish(o);
        if (failed(o) && held.fail(errorOf(o))) return;
        held.send(frames(end.frames));
        held.close();
      })
      .catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'response failed', error: String(e) }));
        if (held.fail({ kind: 'error', code: 'internal_error', message: 'The reply failed unexpectedly. Try again.', param: null })) return;
        held.send(frames([writer.error('internal_error', 'The reply failed unexpectedly. Try again.')]));
        held.close();
      }),
  );
  const r = await held.ready;
  return 'stream' in r ? r.stream : r.failure;
}

/**
 * Problems with answering `earlierCalls` in a stored conversation: each must be a call of its last message that has
 * no result yet (the previous response's function calls). Null when all are.
 */
export function unansweredCallProblem(messages: MessageJson[], earlierCalls: string[]): ResponseTurnResult | null {
  if (!earlierCalls.length) return null;
  const answered = new Set<string>();
  let i = messages.length - 1;
  for (; i >= 0 && messages[i]!.role === 'tool'; i--) answered.add(messages[i]!.tool_call_id ?? '');
  const waiting = new Set((messages[i]?.role === 'assistant' ? (messages[i]!.tool_calls ?? []) : []).map((c) => c.id).filter((id) => !answered.has(id)));
  const stray = earlierCalls.find((id) => !waiting.has(id));
  if (!stray) return null;
  return { kind: 'error', code: 'validation_failed', message: `No function call with call_id "${stray}" is waiting for its output`, param: 'input' };
}
