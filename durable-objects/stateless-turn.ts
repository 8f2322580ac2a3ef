/**
 * Stateless completions (the OpenAI-compatible API) inside an AgentSession: the caller sends the whole conversation,
 * the usual turn runner answers it from a MemoryStore (same model loop, retries, tool runs and usage events), and
 * nothing is stored. The output is OpenAI's: SSE chunks or one completion (worker/openai-compat/chunks.ts).
 */
import type { ErrorCode } from '../worker/errors';
import type { ChatEvent } from '../worker/llm/events';
import type { WireMessage } from '../worker/llm/history';
import { type CompletionMeta, CompletionWriter, failed, sseData } from '../worker/openai-compat/chunks';
import { turnErrorCode } from '../worker/services/turn-policy';
import { MemoryStore } from './memory-store';
import type { ClientTools, TurnOutcome, TurnStore } from './turn';

export type CompletionRequest = CompletionMeta & {
  messages: WireMessage[];
  /** The caller's tools: definitions for the model, names to stop at. */
  clientTools: { definitions: unknown[]; names: string[] };
  stream: boolean;
  includeUsage: boolean;
};

export type CompletionResult =
  { ok: true; completion: ReturnType<CompletionWriter['completion']> } | { ok: false; code: ErrorCode; message: string; turnCode: string };

/** Runs one turn on `store`; supplied by the Durable Object (provider, credentials, limits). */
export type RunTurn = (store: TurnStore, emit: (e: ChatEvent) => void, signal: AbortSignal, clientTools: ClientTools) => Promise<TurnOutcome>;

type Hooks = { run: RunTurn; waitUntil: (p: Promise<unknown>) => void; report: (o: TurnOutcome) => Promise<void> };

export function completion(req: CompletionRequest, hooks: Hooks): ReadableStream<Uint8Array> | Promise<CompletionResult> {
  const clientTools: ClientTools = { definitions: req.clientTools.definitions, names: new Set(req.clientTools.names) };
  const store = new MemoryStore(req.messages);
  const writer = new CompletionWriter({ id: req.id, created: req.created, model: req.model });
  if (!req.stream) return completionJson(writer, (emit, signal) => hooks.run(store, emit, signal, clientTools), hooks);

  const ac = new AbortController();
  const enc = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  const send = (x: object | string) => {
    if (open) controller.enqueue(enc.encode(sseData(x)));
  };
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
      send(writer.head());
    },
    // The caller went away: stop the model call, as the native API does.
    cancel: () => {
      open = false;
      ac.abort();
    },
  });
  hooks.waitUntil(
    hooks
      .run(store, (e) => writer.chunks(e).forEach(send), ac.signal, clientTools)
      .then(
        (o) => {
          writer.end(o, req.includeUsage).forEach(send);
          send('[DONE]');
          if (open) controller.close();
          return hooks.report(o);
        },
        (e) => {
          if (open) controller.error(e);
        },
      ),
  );
  return stream;
}

async function completionJson(
  writer: CompletionWriter,
  run: (emit: (e: ChatEvent) => void, signal: AbortSignal) => Promise<TurnOutcome>,
  hooks: Hooks,
): Promise<CompletionResult> {
  const o = await run((e) => void writer.chunks(e), new AbortController().signal);
  hooks.waitUntil(hooks.report(o));
  if (failed(o)) return { ok: false, code: turnErrorCode(o.error!.code), message: o.error!.message, turnCode: o.error!.code };
  return { ok: true, completion: writer.completion(o) };
}
