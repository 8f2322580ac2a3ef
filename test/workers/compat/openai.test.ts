// Compatibility: the official `openai` npm client, unchanged, against /v1 (Chat Completions): plain and streamed
// answers, the client's own tool loop (runTools) with tools that run in the caller, and errors read as the client's
// error classes.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { BASE, tenant, WEATHER_PARAMETERS, workerFetch } from './fixture';

const client = (key: string) => new OpenAI({ apiKey: key, baseURL: `${BASE}/v1`, maxRetries: 0, fetch: workerFetch });

const WEATHER: OpenAI.ChatCompletionFunctionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather for a city', parameters: WEATHER_PARAMETERS },
};

describe('openai: chat.completions', () => {
  it('answers as the agent, with its instructions, and usage', async () => {
    const t = await tenant();
    const r = await client(t.key).chat.completions.create({ model: t.agent.slug, messages: [{ role: 'user', content: '[[echo:system]]' }] });
    expect(r.object).toBe('chat.completion');
    expect(r.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'You are Compat Bot.' });
    expect(r.choices[0]!.finish_reason).toBe('stop');
    expect(r.usage!.total_tokens).toBe(r.usage!.prompt_tokens + r.usage!.completion_tokens);
  });

  it('streams with the client’s stream helper and its final message', async () => {
    const t = await tenant();
    const stream = client(t.key).chat.completions.stream({
      model: t.agent.id,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: '[[reply:one two three]]' }],
    });
    const deltas: string[] = [];
    stream.on('content', (delta) => deltas.push(delta));
    const done = await stream.finalChatCompletion();
    expect(deltas.join('')).toBe('one two three');
    expect(deltas.length).toBeGreaterThan(1);
    expect(done.choices[0]!.message.content).toBe('one two three');
    expect(done.choices[0]!.finish_reason).toBe('stop');
    expect(done.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('runs a client-side tool round trip with runTools (the tool runs in the caller)', async () => {
    const t = await tenant();
    const seen: unknown[] = [];
    const runner = client(t.key).chat.completions.runTools({
      model: t.agent.slug,
      messages: [{ role: 'user', content: '[[tool:get_weather {"city":"Paris"}]]' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: WEATHER_PARAMETERS,
            function: (args: { city: string }) => {
              seen.push(args);
              return `18°C in ${args.city}`;
            },
            parse: JSON.parse,
          },
        },
      ],
    });
    expect(await runner.finalContent()).toBe('Tool said: 18°C in Paris');
    expect(seen).toEqual([{ city: 'Paris' }]);
    // user, assistant tool call, tool result, assistant answer
    expect(runner.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('streams the caller’s tool calls, assembled by the client', async () => {
    const t = await tenant();
    const stream = client(t.key).chat.completions.stream({
      model: t.agent.slug,
      tools: [WEATHER],
      messages: [{ role: 'user', content: '[[tool:get_weather {"city":"Oslo"}]][[tool:get_weather {"city":"Rome"}]]' }],
    });
    const done = await stream.finalChatCompletion();
    expect(done.choices[0]!.finish_reason).toBe('tool_calls');
    const calls = done.choices[0]!.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['get_weather', { city: 'Oslo' }],
      ['get_weather', { city: 'Rome' }],
    ]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
  });

  it('lists the tenant’s agents as models', async () => {
    const t = await tenant();
    const ids: string[] = [];
    for await (const m of client(t.key).models.list()) ids.push(m.id);
    expect(ids.sort()).toEqual(['compat-bot', 'hello-world']);
  });
});

describe('openai: errors as the client’s classes', () => {
  it('an unknown model is NotFoundError 404 (model_not_found), another tenant’s agent too', async () => {
    const t = await tenant();
    const other = await tenant();
    for (const model of ['no-such-agent', other.agent.id]) {
      const e = await client(t.key)
        .chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(OpenAI.NotFoundError);
      expect(e).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    }
  });

  it('a wrong key is AuthenticationError 401', async () => {
    const t = await tenant();
    const e = await client('edg_not-a-real-key')
      .chat.completions.create({ model: t.agent.slug, messages: [{ role: 'user', content: 'hi' }] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(e).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('a key without the scope is PermissionDeniedError 403', async () => {
    const t = await tenant({}, ['agents:read']);
    const e = await client(t.key)
      .chat.completions.create({ model: t.agent.slug, messages: [{ role: 'user', content: 'hi' }] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(e).toMatchObject({ status: 403 });
  });
});
