/**
 * Stateless completions (the OpenAI-compatible API) inside an AgentSession: the caller sends the whole conversation,
 * the usual turn runner answers it from a MemoryStore (same model loop, retries, tool runs and usage events), and
 * nothing is stored. The output is OpenAI's: SSE chunks or one completion (worker/openai-compat/chunks.ts). A stream
 * is held until its first real event (worker/lib/held-stream.ts), so a turn that fails before it answers with an
 * HTTP error status like the JSON mode, not with a 200 stream that carries the error.
 */
import type { ErrorCode } from '../worker/errors';
import { HeldStream } from '../worker/lib/held-stream';
import type { ChatEvent } from '../worker/llm/events';
import type { WireMessage } from '../worker/llm/history';
import type { CallOptions } from '../worker/llm/step';
import { type CompletionMeta, CompletionWriter, failed, sseData } from '../worker/openai-compat/chunks';
import { turnErrorCode } from '../worker/services/turn-policy';
import { MemoryStore } from './memory-store';
import type { ClientTools, TurnOutcome, TurnStore } from './turn';

export type CompletionRequest = CompletionMeta & {
  messages: WireMessage[];
  /** The caller's tools: definitions for the model, names to stop at. */
  clientTools: { definitions: unknown[]; names: string[] };
  /** The caller's settings (response_format, tool_choice, sampling), over the agent's. */
  options?: CallOptions;
  stream: boolean;
  includeUsage: boolean;
};

/** A failed turn: its AppError code, the turn's own code and, for a provider's 429, the seconds it asked to wait. */
export type CompletionFailure = { ok: false; code: ErrorCode; message: string; turnCode: string; retryAfter?: number };

export type CompletionResult = { ok: true; completion: ReturnType<CompletionWriter['completion']> } | CompletionFailure;

/** Runs one turn on `store`; supplied by the Durable Object (provider, credentials, limits). */
export type RunTurn = (
  store: TurnStore,
  emit: (e: ChatEvent) => void,
  signal: AbortSignal,
  clientTools: ClientTools,
  options?: CallOptions,
  /** The model accepted the request (runTurn's TurnDeps.onAnswering): a held stream may go. */
  onAnswering?: () => void,
) => Promise<TurnOutcome>;

type Hooks = { run: RunTurn; waitUntil: (p: Promise<unknown>) => void; report: (o: TurnOutcome) => Promise<void> };

const failureOf = (o: TurnOutcome): CompletionFailure => ({
  ok: false,
  code: turnErrorCode(o.error!.code),
  message: o.error!.message,
  turnCode: o.error!.code,
  ...(o.error!.retry_after !== undefined ? { retryAfter: o.error!.retry_after } : {}),
});

export async function completion(req: CompletionRequest, hooks: Hooks): Promise<ReadableStream<Uint8Array> | CompletionResult> {
  const clientTools: ClientTools = { definitions: req.clientTools.definitions, names: new Set(req.clientTools.names) };
  const store = new MemoryStore(req.messages);
  const writer = new CompletionWriter({ id: req.id, created: req.created, model: req.model });
  if (!req.stream) {
    const o = await hooks.run(store, (e) => void writer.chunks(e), new AbortController().signal, clientTools, req.options);
    hooks.waitUntil(hooks.report(o));
    return failed(o) ? failureOf(o) : { ok: true, completion: writer.completion(o) };
  }

  // The caller went away: stop the model call, as the native API does.
  const ac = new AbortController();
  const held = new HeldStream<CompletionFailure>(() => ac.abort());
  held.prelude(sseData(writer.head()));
  const emit = (e: ChatEvent) => {
    for (const c of writer.chunks(e)) held.send(sseData(c));
    // The agent's own tool calls have no chunk, but the turn is under way: the headers may go.
    if (e.type === 'tool.call') held.release();
  };
  hooks.waitUntil(
    hooks
      .run(store, emit, ac.signal, clientTools, req.options, () => held.release())
      .then(
        (o) => {
          if (!(failed(o) && held.fail(failureOf(o)))) {
            for (const c of writer.end(o, req.includeUsage)) held.send(sseData(c));
            held.send(sseData('[DONE]'));
            held.close();
          }
          return hooks.report(o);
        },
        (e) => held.error(e),
      ),
  );
  const r = await held.ready;
  return 'stream' in r ? r.stream : r.failure;
}
