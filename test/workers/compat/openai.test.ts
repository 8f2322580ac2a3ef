// Compatibility: the official `openai` npm client, unchanged, against /v1. Chat Completions: plain and streamed
// answers, the client's own tool loop (runTools) with tools that run in the caller, `.parse` with a zod format,
// tool_choice, token limits and stop. The Responses API: plain, streamed (typed events), previous_response_id,
// function calls, `responses.parse`. Errors (an upstream 429 included) read as the client's error classes.
import OpenAI from 'openai';
import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
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

  it('an upstream 429 before the first token is RateLimitError 429, streamed or not', async () => {
    const t = await tenant();
    const ai = client(t.key);
    const plain = await ai.chat.completions.create({ model: t.agent.slug, messages: [{ role: 'user', content: '[[error:429]]' }] }).catch((x: unknown) => x);
    expect(plain).toBeInstanceOf(OpenAI.RateLimitError);
    expect(plain).toMatchObject({ status: 429 });
    const streamed = await ai.chat.completions
      .create({ model: t.agent.slug, stream: true, messages: [{ role: 'user', content: '[[error:429]]' }] })
      .then(async (s) => {
        for await (const _ of s);
      })
      .catch((x: unknown) => x);
    expect(streamed).toBeInstanceOf(OpenAI.RateLimitError);
    expect(streamed).toMatchObject({ status: 429 });
  });

  it('a stream cut mid-way delivers the text so far, then fails as an APIError', async () => {
    const t = await tenant();
    const stream = await client(t.key).chat.completions.create({
      model: t.agent.slug,
      stream: true,
      messages: [{ role: 'user', content: '[[reply:one two three four]][[cut:2]]' }],
    });
    let text = '';
    const failed = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((x: unknown) => x);
    expect(text).toBe('one two');
    expect(failed).toBeInstanceOf(OpenAI.APIError);
  });
});

describe('openai: structured outputs and settings', () => {
  it('chat.completions.parse with a zod response_format returns the parsed object', async () => {
    const t = await tenant();
    const City = z.object({ name: z.string(), population: z.number(), capital: z.boolean() });
    const r = await client(t.key).chat.completions.parse({
      model: t.agent.slug,
      messages: [{ role: 'user', content: 'Describe Paris.' }],
      response_format: zodResponseFormat(City, 'city'),
    });
    expect(r.choices[0]!.message.parsed).toEqual({ name: 'text', population: 1, capital: true });
  });

  it('parse reads a scripted JSON answer against the schema', async () => {
    const t = await tenant();
    const r = await client(t.key).chat.completions.parse({
      model: t.agent.slug,
      messages: [{ role: 'user', content: '[[reply:{"name":"Oslo","population":709000,"capital":true}]]' }],
      response_format: zodResponseFormat(z.object({ name: z.string(), population: z.number(), capital: z.boolean() }), 'city'),
    });
    expect(r.choices[0]!.message.parsed).toEqual({ name: 'Oslo', population: 709000, capital: true });
  });

  it('tool_choice none answers with text, required and a named function force a call', async () => {
    const t = await tenant();
    const ai = client(t.key);
    const ask = [{ role: 'user' as const, content: '[[tool:get_weather {"city":"Paris"}]]' }];
    const none = await ai.chat.completions.create({ model: t.agent.slug, tools: [WEATHER], tool_choice: 'none', messages: ask });
    expect(none.choices[0]!.finish_reason).toBe('stop');
    expect(none.choices[0]!.message.tool_calls ?? []).toEqual([]);
    const plain = [{ role: 'user' as const, content: 'hello' }];
    const required = await ai.chat.completions.create({ model: t.agent.slug, tools: [WEATHER], tool_choice: 'required', messages: plain });
    expect(required.choices[0]!.finish_reason).toBe('tool_calls');
    const named = await ai.chat.completions.create({
      model: t.agent.slug,
      tools: [WEATHER],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      messages: plain,
    });
    expect((named.choices[0]!.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall).function.name).toBe('get_weather');
  });

  it('max_completion_tokens cuts the answer with finish_reason length; stop cuts at the sequence', async () => {
    const t = await tenant();
    const ai = client(t.key);
    const cut = await ai.chat.completions.create({
      model: t.agent.slug,
      max_completion_tokens: 2,
      messages: [{ role: 'user', content: '[[reply:a b c d e]]' }],
    });
    expect(cut.choices[0]!.finish_reason).toBe('length');
    expect(cut.choices[0]!.message.content).toBe('a b');
    const stopped = await ai.chat.completions.create({
      model: t.agent.slug,
      stop: ['END'],
      messages: [{ role: 'user', content: '[[reply:keep this END not this]]' }],
    });
    expect(stopped.choices[0]!.message.content!.trimEnd()).toBe('keep this');
  });
});

describe('openai: the Responses API', () => {
  it('responses.create answers as the agent, with output_text and usage; retrieve reads it back', async () => {
    const t = await tenant();
    const ai = client(t.key);
    const r = await ai.responses.create({ model: t.agent.slug, input: '[[echo:system]]' });
    expect(r.object).toBe('response');
    expect(r.status).toBe('completed');
    expect(r.output_text).toBe('You are Compat Bot.');
    expect(r.usage!.total_tokens).toBe(r.usage!.input_tokens + r.usage!.output_tokens);
    expect((await ai.responses.retrieve(r.id)).output_text).toBe('You are Compat Bot.');
  });

  it('instructions are added for that response', async () => {
    const t = await tenant();
    const r = await client(t.key).responses.create({ model: t.agent.slug, instructions: 'Answer in French.', input: '[[echo:system]]' });
    expect(r.output_text).toContain('You are Compat Bot.');
    expect(r.output_text).toContain('Answer in French.');
  });

  it('streams typed events: created, text deltas, completed', async () => {
    const t = await tenant();
    const stream = await client(t.key).responses.create({ model: t.agent.slug, input: '[[reply:one two three]]', stream: true });
    const types: string[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'response.output_text.delta') text += e.delta;
      if (e.type === 'response.completed') completed = e.response;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types.filter((x) => x === 'response.output_text.delta').length).toBeGreaterThan(1);
    expect(text).toBe('one two three');
    expect(completed!.output_text ?? completed!.output).toBeTruthy();
    expect(completed!.usage!.output_tokens).toBeGreaterThan(0);
  });

  it('the stream helper assembles the final response', async () => {
    const t = await tenant();
    const stream = client(t.key).responses.stream({ model: t.agent.slug, input: '[[reply:alpha beta]]' });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('alpha beta');
  });

  it('responses.parse with a zod text.format returns the parsed object', async () => {
    const t = await tenant();
    const City = z.object({ name: z.string(), population: z.number() });
    const r = await client(t.key).responses.parse({ model: t.agent.slug, input: 'Describe Paris.', text: { format: zodTextFormat(City, 'city') } });
    expect(r.output_parsed).toEqual({ name: 'text', population: 1 });
  });

  it('tool_choice none keeps the model from calling; max_output_tokens cuts the answer as incomplete', async () => {
    const t = await tenant();
    const ai = client(t.key);
    const none = await ai.responses.create({
      model: t.agent.slug,
      tool_choice: 'none',
      tools: [{ type: 'function', name: 'get_weather', parameters: WEATHER_PARAMETERS, strict: true }],
      input: '[[tool:get_weather {"city":"Paris"}]]',
    });
    expect(none.output.map((o) => o.type)).toEqual(['message']);
    const cut = await ai.responses.create({ model: t.agent.slug, max_output_tokens: 2, input: '[[reply:a b c d e]]' });
    expect(cut.status).toBe('incomplete');
    expect(cut.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(cut.output_text).toBe('a b');
  });

  it('previous_response_id continues the stored conversation', async () => {
    const t = await tenant();
    const ai = client(t.key);
    const first = await ai.responses.create({ model: t.agent.slug, input: 'My name is Ada.' });
    const second = await ai.responses.create({ model: t.agent.slug, previous_response_id: first.id, input: '[[echo:messages]]' });
    expect(JSON.parse(second.output_text)).toMatchObject({ roles: ['system', 'user', 'assistant', 'user'] });
  });

  it('function tools: the call comes back as a function_call item; its output continues the response', async () => {
    const t = await tenant();
    const ai = client(t.key);
    const tools: OpenAI.Responses.FunctionTool[] = [
      { type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: WEATHER_PARAMETERS, strict: true },
    ];
    const first = await ai.responses.create({ model: t.agent.slug, tools, input: '[[tool:get_weather {"city":"Paris"}]]' });
    const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call')!;
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    const second = await ai.responses.create({
      model: t.agent.slug,
      tools,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '18°C' }],
    });
    expect(second.output_text).toBe('Tool said: 18°C');
  });

  it('streams a function call’s arguments', async () => {
    const t = await tenant();
    const stream = await client(t.key).responses.create({
      model: t.agent.slug,
      stream: true,
      tools: [{ type: 'function', name: 'get_weather', parameters: WEATHER_PARAMETERS, strict: true }],
      input: '[[tool:get_weather {"city":"Oslo"}]]',
    });
    let args = '';
    let done = '';
    for await (const e of stream) {
      if (e.type === 'response.function_call_arguments.delta') args += e.delta;
      if (e.type === 'response.function_call_arguments.done') done = e.arguments;
    }
    expect(args).toBe('{"city":"Oslo"}');
    expect(done).toBe('{"city":"Oslo"}');
  });

  it('errors: unknown model NotFoundError, upstream 429 RateLimitError (streamed too), another tenant’s response 404', async () => {
    const t = await tenant();
    const other = await tenant();
    const ai = client(t.key);
    expect(await ai.responses.create({ model: 'no-such-agent', input: 'hi' }).catch((x: unknown) => x)).toBeInstanceOf(OpenAI.NotFoundError);
    const limited = await ai.responses.create({ model: t.agent.slug, input: '[[error:429]]' }).catch((x: unknown) => x);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    const streamed = await ai.responses
      .create({ model: t.agent.slug, input: '[[error:429]]', stream: true })
      .then(async (s) => {
        for await (const _ of s);
      })
      .catch((x: unknown) => x);
    expect(streamed).toBeInstanceOf(OpenAI.RateLimitError);
    const foreign = await client(other.key).responses.create({ model: other.agent.slug, input: 'mine' });
    expect(await ai.responses.retrieve(foreign.id).catch((x: unknown) => x)).toBeInstanceOf(OpenAI.NotFoundError);
  });
});
