// Compatibility: the Vercel AI SDK (`ai`) with `@ai-sdk/openai-compatible` against /v1/chat/completions:
// generateText, streamText, tools the SDK executes in the caller (a multi-step loop), toolChoice, generateObject and
// Output.object, and errors (an upstream 429 the SDK retries) as APICallError.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateObject, generateText, Output, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BASE, tenant, workerFetch } from './fixture';

const provider = (key: string) =>
  createOpenAICompatible({ name: 'edgent', baseURL: `${BASE}/v1`, apiKey: key, includeUsage: true, supportsStructuredOutputs: true, fetch: workerFetch });

const weather = (seen: unknown[]) =>
  tool({
    description: 'Weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      seen.push(city);
      return `18°C in ${city}`;
    },
  });

describe('ai + @ai-sdk/openai-compatible', () => {
  it('generateText answers as the agent, with usage', async () => {
    const t = await tenant();
    const r = await generateText({ model: provider(t.key)(t.agent.slug), prompt: '[[echo:system]]', maxRetries: 0 });
    expect(r.text).toBe('You are Compat Bot.');
    expect(r.finishReason).toBe('stop');
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.usage.outputTokens).toBeGreaterThan(0);
  });

  it('generateText keeps the caller’s system prompt and conversation', async () => {
    const t = await tenant();
    const r = await generateText({
      model: provider(t.key)(t.agent.id),
      system: 'Be terse.',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: '[[echo:messages]]' },
      ],
      maxRetries: 0,
    });
    expect(JSON.parse(r.text)).toEqual({ count: 5, roles: ['system', 'system', 'user', 'assistant', 'user'] });
  });

  it('streamText streams the text in pieces, then reports finish and usage', async () => {
    const t = await tenant();
    const result = streamText({ model: provider(t.key)(t.agent.slug), prompt: '[[reply:one two three four]]', maxRetries: 0 });
    const parts: string[] = [];
    for await (const delta of result.textStream) parts.push(delta);
    expect(parts.join('')).toBe('one two three four');
    expect(parts.length).toBeGreaterThan(1);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });

  it('streamText cut mid-way: the text so far arrives, then an error part', async () => {
    const t = await tenant();
    const result = streamText({ model: provider(t.key)(t.agent.slug), prompt: '[[reply:one two three four]][[cut:2]]', maxRetries: 0, onError: () => {} });
    let text = '';
    const errors: unknown[] = [];
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') text += part.text;
      if (part.type === 'error') errors.push(part.error);
    }
    expect(text).toBe('one two');
    expect(errors).toHaveLength(1);
  });

  it('generateText runs the caller’s tool in the client, then answers with its result', async () => {
    const t = await tenant();
    const seen: unknown[] = [];
    const r = await generateText({
      model: provider(t.key)(t.agent.slug),
      prompt: '[[tool:get_weather {"city":"Paris"}]]',
      tools: { get_weather: weather(seen) },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(seen).toEqual(['Paris']);
    expect(r.steps).toHaveLength(2);
    expect(r.steps[0]!.toolCalls.map((c) => [c.toolName, c.input])).toEqual([['get_weather', { city: 'Paris' }]]);
    expect(r.text).toBe('Tool said: 18°C in Paris');
  });

  it('streamText streams tool calls, runs them and streams the answer', async () => {
    const t = await tenant();
    const seen: unknown[] = [];
    const result = streamText({
      model: provider(t.key)(t.agent.slug),
      prompt: '[[tool:get_weather {"city":"Oslo"}]][[tool:get_weather {"city":"Rome"}]]',
      tools: { get_weather: weather(seen) },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect([...types]).toEqual(expect.arrayContaining(['tool-call', 'tool-result', 'text-delta', 'finish']));
    expect(seen.sort()).toEqual(['Oslo', 'Rome']);
    expect(await result.text).toBe('Tool said: 18°C in Oslo\nTool said: 18°C in Rome');
  });

  it('the agent’s own tools run server-side: the SDK sees only the answer', async () => {
    const t = await tenant({ tool_ids: ['tol_calculator'] });
    const r = await generateText({ model: provider(t.key)(t.agent.slug), prompt: '[[tool:calculator {"expression":"6*7"}]]', maxRetries: 0 });
    expect(r.toolCalls).toEqual([]);
    expect(r.text).toMatch(/^Tool said: .*42/);
  });

  it('generateObject returns an object matching the schema (response_format json_schema)', async () => {
    const t = await tenant();
    const schema = z.object({ city: z.string(), temperature: z.number(), tags: z.array(z.string()) });
    const r = await generateObject({ model: provider(t.key)(t.agent.slug), schema, prompt: 'Weather in Paris?', maxRetries: 0 });
    expect(schema.parse(r.object)).toEqual({ city: 'text', temperature: 1, tags: ['text'] });
    const scripted = await generateObject({
      model: provider(t.key)(t.agent.slug),
      schema,
      prompt: '[[reply:{"city":"Paris","temperature":18,"tags":["sunny"]}]]',
      maxRetries: 0,
    });
    expect(scripted.object).toEqual({ city: 'Paris', temperature: 18, tags: ['sunny'] });
  });

  it('generateText with Output.object parses the structured answer', async () => {
    const t = await tenant();
    const r = await generateText({
      model: provider(t.key)(t.agent.slug),
      output: Output.object({ schema: z.object({ answer: z.string(), confidence: z.number().min(0).max(1) }) }),
      prompt: 'Is it sunny?',
      maxRetries: 0,
    });
    expect(r.output).toEqual({ answer: 'text', confidence: 1 });
  });

  it('toolChoice none keeps the model from calling; required forces a call', async () => {
    const t = await tenant();
    const seen: unknown[] = [];
    const none = await generateText({
      model: provider(t.key)(t.agent.slug),
      prompt: '[[tool:get_weather {"city":"Paris"}]]',
      tools: { get_weather: weather(seen) },
      toolChoice: 'none',
      maxRetries: 0,
    });
    expect(none.toolCalls).toEqual([]);
    expect(none.finishReason).toBe('stop');
    const required = await generateText({
      model: provider(t.key)(t.agent.slug),
      prompt: 'hello',
      tools: { get_weather: weather(seen) },
      toolChoice: { type: 'tool', toolName: 'get_weather' },
      maxRetries: 0,
    });
    expect(required.toolCalls.map((c) => c.toolName)).toEqual(['get_weather']);
  });

  it('an upstream 429 is an APICallError 429 the SDK may retry', async () => {
    const t = await tenant();
    const e = await generateText({ model: provider(t.key)(t.agent.slug), prompt: '[[error:429]]', maxRetries: 0 }).catch((x: unknown) => x);
    expect(APICallError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ statusCode: 429, isRetryable: true });
    // with retries on, a single 429 never reaches the caller
    const retried = await generateText({ model: provider(t.key)(t.agent.slug), prompt: `[[error:429 times:1]] retry ${t.agent.id}`, maxRetries: 2 });
    expect(retried.text).toBe(`Hello! You said: retry ${t.agent.id}`);
  });

  it('errors reach the SDK as APICallError with the status: unknown model 404, wrong key 401', async () => {
    const t = await tenant();
    const missing = await generateText({ model: provider(t.key)('no-such-agent'), prompt: 'hi', maxRetries: 0 }).catch((x: unknown) => x);
    expect(APICallError.isInstance(missing)).toBe(true);
    expect(missing).toMatchObject({ statusCode: 404 });
    const denied = await generateText({ model: provider('edg_wrong')(t.agent.slug), prompt: 'hi', maxRetries: 0 }).catch((x: unknown) => x);
    expect(APICallError.isInstance(denied)).toBe(true);
    expect(denied).toMatchObject({ statusCode: 401, isRetryable: false });
  });
});
