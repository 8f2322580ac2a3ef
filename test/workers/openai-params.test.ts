// The caller's model settings on /v1/chat/completions, driven by the official `openai` client: each one reaches the
// model (the test upstream echoes what it got), tool_choice combines with the agent's own tools as the OpenAI guide
// in /docs says, structured outputs parse (`.parse` with `zodResponseFormat`), `length` reaches the caller, and bad
// values are 400s in OpenAI's shape naming the param.
import { SELF } from 'cloudflare:test';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiKey, BASE, createAgent, signup } from './helpers';

const client = (key: string) =>
  new OpenAI({ apiKey: key, baseURL: `${BASE}/v1`, maxRetries: 0, fetch: ((url: string, init: RequestInit) => SELF.fetch(url, init)) as never });

async function setup(body: Record<string, unknown> = {}) {
  const a = await signup();
  const ai = client(await apiKey(a));
  const agent = await createAgent(a, { name: 'Params Bot', instructions: 'You help.', ...body });
  return { ai, model: agent.slug };
}

const WEATHER = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};
const say = (content: string) => [{ role: 'user' as const, content }];
const text = async (stream: AsyncIterable<OpenAI.ChatCompletionChunk>) => {
  let out = '';
  const finish: string[] = [];
  for await (const c of stream) {
    out += c.choices[0]?.delta.content ?? '';
    if (c.choices[0]?.finish_reason) finish.push(c.choices[0].finish_reason);
  }
  return { out, finish };
};

describe('model settings reach the model', () => {
  it('passes temperature, top_p, the token limit (by the name sent), stop, seed and the penalties', async () => {
    const { ai, model } = await setup({ temperature: 0.9 });
    const r = await ai.chat.completions.create({
      model,
      messages: say('[[echo:params]]'),
      temperature: 0.2,
      top_p: 0.5,
      max_completion_tokens: 64,
      stop: 'END',
      seed: 42,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
    });
    expect(JSON.parse(r.choices[0]!.message.content!)).toMatchObject({
      temperature: 0.2,
      top_p: 0.5,
      max_completion_tokens: 64,
      stop: ['END'],
      seed: 42,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
    });
    const older = await ai.chat.completions.create({ model, messages: say('[[echo:params]]'), max_tokens: 7, stop: ['a', 'b'] });
    const sent = JSON.parse(older.choices[0]!.message.content!);
    expect(sent).toMatchObject({ max_tokens: 7, stop: ['a', 'b'], temperature: 0.9 });
    expect(sent).not.toHaveProperty('max_completion_tokens');
    expect(sent).not.toHaveProperty('top_p');
  });

  it('sends response_format on every step, and the agent’s temperature when the caller sends none', async () => {
    const { ai, model } = await setup({ temperature: 0.7, tool_ids: ['tol_calculator'] });
    const format = { type: 'json_schema' as const, json_schema: { name: 'answer', schema: { type: 'object', properties: { n: { type: 'number' } } } } };
    // Step 1 calls the agent's tool, step 2 answers: both steps carry the format, and the answer follows it.
    const r = await ai.chat.completions.create({ model, messages: say('[[tool:calculator {"expression":"6*7"}]]'), response_format: format });
    expect(JSON.parse(r.choices[0]!.message.content!)).toEqual({ n: 1 });
    const echoed = await ai.chat.completions.create({ model, messages: say('[[echo:params]]'), response_format: format });
    expect(JSON.parse(echoed.choices[0]!.message.content!)).toMatchObject({ response_format: format, temperature: 0.7 });
  });

  it('answers finish_reason length when max_tokens cuts the reply, streamed and not', async () => {
    const { ai, model } = await setup();
    const r = await ai.chat.completions.create({ model, messages: say('[[reply:one two three four]]'), max_tokens: 2 });
    expect(r.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'one two' } });
    const s = await text(await ai.chat.completions.create({ model, stream: true, messages: say('[[reply:one two three four]]'), max_completion_tokens: 3 }));
    expect(s).toEqual({ out: 'one two three', finish: ['length'] });
  });

  it('stops before a stop sequence', async () => {
    const { ai, model } = await setup();
    const r = await ai.chat.completions.create({ model, messages: say('[[reply:one two three four]]'), stop: ['three'] });
    expect(r.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'one two ' } });
  });
});

describe('tool_choice with the agent’s own tools', () => {
  it('none: no tool is called, neither the caller’s nor the agent’s, even when the model is asked for one', async () => {
    const { ai, model } = await setup({ tool_ids: ['tol_calculator'] });
    const echo = await ai.chat.completions.create({ model, tools: [WEATHER], tool_choice: 'none', messages: say('[[echo:params]]') });
    expect(JSON.parse(echo.choices[0]!.message.content!)).toMatchObject({ tool_choice: 'none' });
    const auto = await ai.chat.completions.create({ model, tools: [WEATHER], tool_choice: 'auto', messages: say('[[echo:params]]') });
    expect(JSON.parse(auto.choices[0]!.message.content!)).not.toHaveProperty('tool_choice');
    for (const ask of ['[[tool:get_weather {"city":"Oslo"}]] [[reply:no tools]]', '[[tool:calculator {"expression":"1+1"}]] [[reply:no tools]]']) {
      const r = await ai.chat.completions.create({ model, tools: [WEATHER], tool_choice: 'none', messages: say(ask) });
      expect(r.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'no tools' } });
      expect(r.choices[0]!.message.tool_calls).toBeUndefined();
    }
  });

  it('a named client tool is called even when the model would not, and returned to the caller', async () => {
    const { ai, model } = await setup({ tool_ids: ['tol_calculator'] });
    const r = await ai.chat.completions.create({
      model,
      tools: [WEATHER],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      messages: say('just chatting'),
    });
    expect(r.choices[0]!.finish_reason).toBe('tool_calls');
    expect(r.choices[0]!.message.tool_calls).toEqual([{ id: expect.any(String), type: 'function', function: { name: 'get_weather', arguments: '{}' } }]);
  });

  it('required or a named agent tool forces the first step only: the tool runs server-side, then the model answers', async () => {
    const { ai, model } = await setup({ tool_ids: ['tol_calculator'] });
    // If the choice were sent on every step, the test model would call the tool again and again up to max_steps.
    const required = await ai.chat.completions.create({ model, tool_choice: 'required', messages: say('[[tool:calculator {"expression":"6*7"}]]') });
    expect(required.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: expect.stringMatching(/^Tool said: .*42/) } });
    const named = await ai.chat.completions.create({
      model,
      tools: [WEATHER],
      tool_choice: { type: 'function', function: { name: 'calculator' } },
      messages: say('[[tool:calculator {"expression":"2+3"}]] [[tool:get_weather {"city":"Rome"}]]'),
    });
    expect(named.choices[0]!.message.tool_calls).toBeUndefined();
    expect(named.choices[0]!.message.content).toMatch(/^Tool said: .*5/);
  });
});

describe('structured outputs', () => {
  it('chat.completions.parse with zodResponseFormat returns a parsed object', async () => {
    const { ai, model } = await setup();
    const Person = z.object({
      name: z.string(),
      age: z.number().int(),
      role: z.enum(['admin', 'user']),
      tags: z.array(z.string()),
      address: z.object({ city: z.string() }),
    });
    const r = await ai.chat.completions.parse({ model, messages: say('Who is the admin?'), response_format: zodResponseFormat(Person, 'person') });
    const parsed = r.choices[0]!.message.parsed!;
    expect(Person.parse(parsed)).toEqual(parsed);
    expect(parsed.role).toBe('admin');
  });

  it('json_object answers a JSON object when a message mentions JSON', async () => {
    const { ai, model } = await setup();
    const r = await ai.chat.completions.create({ model, messages: say('Reply in JSON'), response_format: { type: 'json_object' } });
    expect(JSON.parse(r.choices[0]!.message.content!)).toBeTypeOf('object');
  });
});

describe('bad settings are 400s naming the param', () => {
  it('refuses out-of-range values, unknown tools and impossible formats before calling the model', async () => {
    const { ai, model } = await setup();
    const cases: [Record<string, unknown>, string][] = [
      [{ temperature: 2.5 }, 'temperature'],
      [{ top_p: 1.5 }, 'top_p'],
      [{ max_tokens: 0 }, 'max_tokens'],
      [{ max_completion_tokens: 2.5 }, 'max_completion_tokens'],
      [{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
      [{ seed: 'x' }, 'seed'],
      [{ frequency_penalty: -3 }, 'frequency_penalty'],
      [{ tool_choice: 'sometimes' }, 'tool_choice'],
      [{ tool_choice: 'required' }, 'tool_choice'],
      [{ tools: [WEATHER], tool_choice: { type: 'function', function: { name: 'get_time' } } }, 'tool_choice'],
      [{ response_format: { type: 'json_schema', json_schema: { schema: {} } } }, 'response_format.json_schema.name'],
      [{ response_format: { type: 'json_object' } }, 'response_format'],
    ];
    for (const [extra, param] of cases) {
      const e = await ai.chat.completions.create({ model, messages: say('hi'), ...extra } as never).catch((x) => x);
      expect(e, JSON.stringify(extra)).toBeInstanceOf(OpenAI.BadRequestError);
      expect(e.error, JSON.stringify(extra)).toMatchObject({ type: 'invalid_request_error', param });
    }
  });
});
