/**
 * One model step, streamed: text deltas are handed to `onDelta` as they arrive, tool-call deltas are assembled, and
 * usage is read from the final chunk. Failures before anything was streamed are retried with backoff; after that
 * the error carries the partial text so the caller can keep it.
 */
import type { ToolCallJson } from './events';
import { ModelError, classify } from './model-error';
import { openAiSettings } from './call-options';
import { streamChatCompletion } from './openai-stream';
import { OPENAI_BASE_URL, type Provider } from './providers';
import type { Chunk, StepRequest } from './step';
import { workersAiStream } from './workers-ai';

export type StepResult = {
  text: string;
  toolCalls: ToolCallJson[];
  usage: { input: number; output: number } | null;
  finishReason: string | null;
  ttftMs: number | null;
  attempts: number;
};
export type StepOptions = {
  signal: AbortSignal;
  timeoutMs: number;
  maxAttempts?: number;
  onDelta: (text: string) => void;
  /** The provider accepted an attempt and is answering (before its first token): a status of 200 is now honest. */
  onOpen?: () => void;
};

export class PartialStepError extends Error {
  constructor(
    readonly error: ModelError,
    readonly partial: StepResult,
  ) {
    super(error.message);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function completeStep(provider: Provider, req: StepRequest, opts: StepOptions): Promise<StepResult> {
  const maxAttempts = opts.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const result: StepResult = { text: '', toolCalls: [], usage: null, finishReason: null, ttftMs: null, attempts: attempt };
    try {
      await attemptStep(provider, req, opts, result);
      return result;
    } catch (e) {
      const err = e as { error: ModelError };
      const streamed = result.text.length > 0;
      if (streamed || !err.error.retryable || attempt >= maxAttempts || opts.signal.aborted) throw new PartialStepError(err.error, result);
      const backoff = err.error.retryAfter !== undefined ? Math.min(err.error.retryAfter * 1000, 5000) : 200 * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
      await sleep(backoff, opts.signal);
    }
  }
}

async function attemptStep(provider: Provider, req: StepRequest, opts: StepOptions, out: StepResult): Promise<void> {
  const ac = new AbortController();
  const state = { timedOut: false, cancelled: false };
  const onAbort = () => ((state.cancelled = true), ac.abort());
  opts.signal.addEventListener('abort', onAbort, { once: true });
  // The idle timeout: one watchdog timer for the step, not a new timer per chunk. It fires at the deadline of the
  // last chunk it knew of and looks again (a clearTimeout/setTimeout pair per chunk cost ~0.2 ms a turn in workerd).
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = Date.now();
  const watch = (ms: number) => {
    timer = setTimeout(() => {
      const idle = Date.now() - last;
      if (idle >= opts.timeoutMs) ((state.timedOut = true), ac.abort());
      else watch(opts.timeoutMs - idle);
    }, ms);
  };
  const started = last;
  const calls = new Map<number, ToolCallJson>();
  try {
    watch(opts.timeoutMs);
    const chunks = provider.kind === 'workers_ai' ? workersAiStream(provider.ai, req, ac.signal) : openAiStream(provider, req, ac.signal, opts.onOpen);
    for await (const c of chunks) {
      last = Date.now();
      if (provider.kind === 'workers_ai') opts.onOpen?.();
      if (c.text) {
        out.ttftMs ??= Date.now() - started;
        out.text += c.text;
        opts.onDelta(c.text);
      }
      for (const d of c.toolDeltas ?? []) {
        out.ttftMs ??= Date.now() - started;
        const call = calls.get(d.index) ?? { id: '', name: '', arguments: '' };
        if (d.id) call.id = d.id;
        if (d.name) call.name += d.name;
        if (d.arguments) call.arguments += d.arguments;
        calls.set(d.index, call);
      }
      if (c.finishReason) out.finishReason = c.finishReason;
      if (c.usage) out.usage = c.usage;
    }
    if (state.cancelled) throw new ModelError('cancelled', 'The reply was stopped.', false);
    if (state.timedOut) throw new ModelError('upstream_timeout', `The model did not answer within ${Math.round(opts.timeoutMs / 1000)} seconds.`, true);
    // A stream that ends without a finish reason was cut (the provider closed the connection mid-answer).
    if (!out.finishReason) throw new ModelError('upstream_interrupted', 'The connection to the model was lost before the answer was complete.', true);
    out.toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([i, c]) => ({ ...c, id: c.id || `call_${i}` }));
  } catch (e) {
    throw { error: classify(e, { ...state, timeoutMs: opts.timeoutMs, model: req.model, endpoint: provider.label }) };
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onAbort);
  }
}

async function* openAiStream(
  provider: Extract<Provider, { kind: 'openai' }>,
  req: StepRequest,
  signal: AbortSignal,
  onOpen?: () => void,
): AsyncGenerator<Chunk> {
  const body = {
    model: req.model,
    messages: req.messages,
    ...(req.tools.length ? { tools: req.tools } : {}),
    ...(req.temperature !== null ? { temperature: req.temperature } : {}),
    ...openAiSettings(req.settings, provider.label === OPENAI_BASE_URL),
    stream: true,
    stream_options: { include_usage: true },
  };
  for await (const chunk of streamChatCompletion(provider.endpoint, body, signal, onOpen)) {
    const choice = chunk.choices?.[0];
    const usage = chunk.usage ? { input: chunk.usage.prompt_tokens, output: chunk.usage.completion_tokens } : undefined;
    yield {
      text: choice?.delta?.content ?? undefined,
      toolDeltas: choice?.delta?.tool_calls?.map((t) => ({ index: t.index, id: t.id, name: t.function?.name, arguments: t.function?.arguments })),
      finishReason: choice?.finish_reason ?? null,
      usage,
    };
  }
}
