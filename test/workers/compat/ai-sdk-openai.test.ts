// Compatibility: the Vercel AI SDK (`ai`) with its OpenAI provider `@ai-sdk/openai`, pointed at Edgent's /v1:
// `openai(model)` (the Responses API, the provider's default) and `openai.chat(model)` (Chat Completions) for
// generateText, streamText, tools executed in the caller, generateObject and (Responses) previousResponseId.
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BASE, tenant, workerFetch } from './fixture';

const provider = (key: string) => createOpenAI({ baseURL: `${BASE}/v1`, apiKey: key, fetch: workerFetch });

describe('ai + @ai-sdk/openai, Chat Completions (openai.chat)', () => {
  it('generateText answers as the agent, with usage', async () => {
    const t = await tenant();
    const r = await generateText({ model: provider(t.key).chat(t.agent.slug), prompt: '[[echo:system]]', maxRetries: 0 });
    expect(r.text).toBe('You are Compat Bot.');
    expect(r.finishReason).toBe('stop');
    expect(r.usage.inputTokens).toBeGreaterThan(0);
  });

  it('streamText streams the text in pieces', async () => {
    const t = await tenant();
    const result = streamText({ model: provider(t.key).chat(t.agent.slug), prompt: '[[reply:alpha beta gamma]]', maxRetries: 0 });
    const parts: string[] = [];
    for await (const delta of result.textStream) parts.push(delta);
    expect(parts.join('')).toBe('alpha beta gamma');
    expect(parts.length).toBeGreaterThan(1);
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });

  it('runs the caller’s tool in the client over two steps', async () => {
    const t = await tenant();
    const seen: string[] = [];
    const r = await generateText({
      model: provider(t.key).chat(t.agent.slug),
      prompt: '[[tool:lookup_order {"id":"A-17"}]]',
      tools: {
        lookup_order: tool({
          description: 'Finds an order',
          inputSchema: z.object({ id: z.string() }),
          execute: async ({ id }) => {
            seen.push(id);
            return { id, status: 'shipped' };
          },
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(seen).toEqual(['A-17']);
    expect(r.steps.map((s) => s.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(r.text).toBe('Tool said: {"id":"A-17","status":"shipped"}');
  });

  it('generateObject returns an object matching the schema (response_format json_schema)', async () => {
    const t = await tenant();
    const schema = z.object({ city: z.string(), temperature: z.number() });
    const r = await generateObject({ model: provider(t.key).chat(t.agent.slug), schema, prompt: 'Weather in Paris?', maxRetries: 0 });
    expect(schema.parse(r.object)).toEqual({ city: 'text', temperature: 1 });
  });

  it('an unknown model is an APICallError 404', async () => {
    const t = await tenant();
    const e = await generateText({ model: provider(t.key).chat('no-such-agent'), prompt: 'hi', maxRetries: 0 }).catch((x: unknown) => x);
    expect(APICallError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ statusCode: 404 });
  });
});

describe('ai + @ai-sdk/openai, the Responses API (openai(model), the default)', () => {
  it('generateText answers as the agent, with usage and a response id', async () => {
    const t = await tenant();
    const r = await generateText({ model: provider(t.key)(t.agent.slug), prompt: '[[echo:system]]', maxRetries: 0 });
    expect(r.text).toBe('You are Compat Bot.');
    expect(r.finishReason).toBe('stop');
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.providerMetadata?.openai?.responseId).toMatch(/^resp_/);
  });

  it('streamText streams the text in pieces', async () => {
    const t = await tenant();
    const result = streamText({ model: provider(t.key)(t.agent.slug), prompt: '[[reply:alpha beta gamma]]', maxRetries: 0 });
    const parts: string[] = [];
    for await (const delta of result.textStream) parts.push(delta);
    expect(parts.join('')).toBe('alpha beta gamma');
    expect(parts.length).toBeGreaterThan(1);
    expect(await result.finishReason).toBe('stop');
  });

  it('runs the caller’s tool in the client over two steps (function_call items and their outputs)', async () => {
    const t = await tenant();
    const seen: string[] = [];
    const r = await generateText({
      model: provider(t.key)(t.agent.slug),
      prompt: '[[tool:lookup_order {"id":"B-2"}]]',
      tools: {
        lookup_order: tool({
          description: 'Finds an order',
          inputSchema: z.object({ id: z.string() }),
          execute: async ({ id }) => {
            seen.push(id);
            return `order ${id} shipped`;
          },
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(seen).toEqual(['B-2']);
    expect(r.steps).toHaveLength(2);
    expect(r.text).toBe('Tool said: order B-2 shipped');
  });

  it('toolChoice none keeps the model from calling the caller’s tool', async () => {
    const t = await tenant();
    const r = await generateText({
      model: provider(t.key)(t.agent.slug),
      prompt: '[[tool:lookup_order {"id":"C-3"}]]',
      tools: { lookup_order: tool({ description: 'Finds an order', inputSchema: z.object({ id: z.string() }) }) },
      toolChoice: 'none',
      maxRetries: 0,
    });
    expect(r.toolCalls).toEqual([]);
    expect(r.finishReason).toBe('stop');
  });

  it('previousResponseId continues the stored conversation', async () => {
    const t = await tenant();
    const first = await generateText({ model: provider(t.key)(t.agent.slug), prompt: 'My name is Ada.', maxRetries: 0 });
    const second = await generateText({
      model: provider(t.key)(t.agent.slug),
      prompt: '[[echo:messages]]',
      providerOptions: { openai: { previousResponseId: first.providerMetadata!.openai!.responseId as string } },
      maxRetries: 0,
    });
    expect(JSON.parse(second.text)).toMatchObject({ roles: ['system', 'user', 'assistant', 'user'] });
  });

  it('generateObject returns an object matching the schema (text.format json_schema)', async () => {
    const t = await tenant();
    const schema = z.object({ city: z.string(), temperature: z.number() });
    const r = await generateObject({ model: provider(t.key)(t.agent.slug), schema, prompt: 'Weather in Paris?', maxRetries: 0 });
    expect(schema.parse(r.object)).toEqual({ city: 'text', temperature: 1 });
  });

  it('an unknown model and an upstream 429 are APICallErrors with their status', async () => {
    const t = await tenant();
    const missing = await generateText({ model: provider(t.key)('no-such-agent'), prompt: 'hi', maxRetries: 0 }).catch((x: unknown) => x);
    expect(APICallError.isInstance(missing)).toBe(true);
    expect(missing).toMatchObject({ statusCode: 404 });
    const limited = await generateText({ model: provider(t.key)(t.agent.slug), prompt: '[[error:429]]', maxRetries: 0 }).catch((x: unknown) => x);
    expect(limited).toMatchObject({ statusCode: 429, isRetryable: true });
  });
});
