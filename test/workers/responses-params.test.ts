// The Responses API's model settings reach the model (text.format, tool_choice, temperature, top_p,
// max_output_tokens), a cut answer is `incomplete`, bad values are a 400 naming the param, and a provider's failure
// before the first event answers its own HTTP status (429 with Retry-After), streamed or not. The real `openai` client.
import { SELF } from 'cloudflare:test';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { apiKey, BASE, createAgent, signup } from './helpers';

async function setup(body: Record<string, unknown> = {}) {
  const a = await signup();
  const key = await apiKey(a);
  const ai = new OpenAI({ apiKey: key, baseURL: `${BASE}/v1`, maxRetries: 0, fetch: ((u: string, i: RequestInit) => SELF.fetch(u, i)) as never });
  return { key, ai, model: (await createAgent(a, { name: 'Settings Bot', ...body })).slug };
}

const WEATHER = { type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false };
let n = 0;
const unique = (s: string) => `${s} #${++n}-${Date.now()}`;

describe('Responses API model settings', () => {
  it('passes temperature, top_p, max_output_tokens and text.format (as response_format) to the model', async () => {
    const { ai, model } = await setup({ temperature: 0.9 });
    const format = { type: 'json_schema' as const, name: 'answer', schema: { type: 'object', properties: { n: { type: 'number' } } }, strict: true };
    const r = await ai.responses.create({ model, input: '[[echo:params]]', temperature: 0.2, top_p: 0.5, max_output_tokens: 64, text: { format } });
    expect(JSON.parse(r.output_text)).toMatchObject({
      temperature: 0.2,
      top_p: 0.5,
      max_tokens: 64,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: format.schema, strict: true } },
    });
    expect(r).toMatchObject({ temperature: 0.2, top_p: 0.5, max_output_tokens: 64, text: { format } });
    // The answer follows the schema (the test upstream makes an instance of it).
    const shaped = await ai.responses.create({ model, input: 'Give me n', text: { format } });
    expect(JSON.parse(shaped.output_text)).toEqual({ n: 1 });
    const plain = JSON.parse((await ai.responses.create({ model, input: '[[echo:params]]' })).output_text);
    expect(plain).toMatchObject({ temperature: 0.9 });
    expect(plain).not.toHaveProperty('response_format');
  });

  it('tool_choice none calls no tool; a named function is called and returned as a function_call item', async () => {
    const { ai, model } = await setup();
    const none = await ai.responses.create({ model, tools: [WEATHER], tool_choice: 'none', input: '[[tool:get_weather {"city":"Oslo"}]] [[reply:No tools.]]' });
    expect(none.output.map((o) => o.type)).toEqual(['message']);
    const named = await ai.responses.create({ model, tools: [WEATHER], tool_choice: { type: 'function', name: 'get_weather' }, input: 'hi' });
    expect(named.output.map((o) => o.type)).toContain('function_call');
  });

  it('is incomplete (max_output_tokens) when the limit cuts the answer, streamed and not', async () => {
    const { ai, model } = await setup();
    const r = await ai.responses.create({ model, input: '[[reply:one two three four]]', max_output_tokens: 2 });
    expect(r).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output_text: 'one two' });
    expect(r.output[0]).toMatchObject({ status: 'incomplete' });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of await ai.responses.create({ model, stream: true, input: '[[reply:one two three four]]', max_output_tokens: 2 })) events.push(e);
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete' } });
  });

  it('refuses bad settings with a 400 naming the param, before calling the model', async () => {
    const { ai, model } = await setup();
    const cases: [Record<string, unknown>, string][] = [
      [{ temperature: 3 }, 'temperature'],
      [{ max_output_tokens: 0 }, 'max_output_tokens'],
      [{ tool_choice: { type: 'function', name: 'nope' }, tools: [WEATHER] }, 'tool_choice'],
      [{ tool_choice: 'required' }, 'tool_choice'],
      [{ text: { format: { type: 'json_object' } } }, 'text.format'],
      [{ text: { format: { type: 'json_schema', schema: {} } } }, 'text.format.name'],
    ];
    for (const [body, param] of cases) {
      const e = await ai.responses.create({ model, input: 'hi', ...body } as never).catch((x) => x);
      expect([e.status, e.error?.param], JSON.stringify(body)).toEqual([400, param]);
    }
  });

  it('passes a provider’s 429 on as 429 with its Retry-After, streamed and not', async () => {
    const { key, model } = await setup();
    for (const stream of [false, true]) {
      const res = await SELF.fetch(`${BASE}/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, stream, input: unique('[[error:429 retry-after:1]]') }),
      });
      expect([res.status, res.headers.get('retry-after')]).toEqual([429, '1']);
      expect(await res.json()).toMatchObject({ error: { type: 'rate_limit_error' } });
    }
  });
});
