// Workers AI adapter (the AI binding): streams `@cf/` text models as the same chunks as the OpenAI path. Text only.
import type { Chunk, StepRequest, StepSettings } from './step';

/** The caller's settings Workers AI text models take (no stop sequences, no tool choice: it gets no tools here). */
function workersAiSettings(x: StepSettings | undefined): Record<string, unknown> {
  if (!x) return {};
  const f = x.responseFormat;
  const out: Record<string, unknown> = {
    max_tokens: x.maxTokens,
    top_p: x.topP,
    seed: x.seed,
    presence_penalty: x.presencePenalty,
    frequency_penalty: x.frequencyPenalty,
    // Workers AI's JSON mode takes the schema itself where OpenAI wraps it with a name.
    response_format:
      f?.type === 'json_object'
        ? { type: 'json_object' }
        : f?.type === 'json_schema'
          ? { type: 'json_schema', json_schema: f.json_schema.schema ?? {} }
          : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

export async function* workersAiStream(ai: Ai, req: StepRequest, signal: AbortSignal): AsyncGenerator<Chunk> {
  // The binding's model-name union is closed; tenant-chosen `@cf/` names are checked by the platform, not by us.
  const run = ai.run as unknown as (model: string, input: unknown) => Promise<ReadableStream<Uint8Array>>;
  const body = await run(req.model, {
    messages: req.messages.filter((m) => m.role !== 'tool').map((m) => ({ role: m.role, content: m.content ?? '' })),
    stream: true,
    ...(req.temperature !== null ? { temperature: req.temperature } : {}),
    ...workersAiSettings(req.settings),
  });
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  let buffer = '';
  let output = 0;
  let usage: Chunk['usage'];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') {
        // Providers that report no usage get a count of streamed pieces, better than nothing for analytics.
        yield { finishReason: 'stop', usage: usage ?? { input: 0, output } };
        return;
      }
      const parsed = JSON.parse(data) as { response?: string; usage?: { prompt_tokens: number; completion_tokens: number } };
      if (parsed.response) {
        output += 1;
        yield { text: parsed.response };
      }
      if (parsed.usage) usage = { input: parsed.usage.prompt_tokens, output: parsed.usage.completion_tokens };
    }
  }
}
