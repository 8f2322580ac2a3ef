// Compatibility: the Vercel AI SDK (`ai`) with its OpenAI provider `@ai-sdk/openai`, pointed at Edgent's /v1:
// `openai.chat(model)` (Chat Completions) for generateText, streamText, tools executed in the caller and generateObject.
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
