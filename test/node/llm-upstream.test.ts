// Drives the scriptable LLM upstream (test/fixtures/llm-upstream.mjs) with the real `openai` SDK,
// so the fixture is held to the actual OpenAI wire protocol.
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLlmUpstream, type LlmUpstream } from '../fixtures/llm-upstream.mjs';

let llm: LlmUpstream;
let client: OpenAI;
const model = 'edgent-test';

beforeAll(async () => {
  llm = await startLlmUpstream();
  client = new OpenAI({ baseURL: llm.url, apiKey: 'test', maxRetries: 0 });
});
afterAll(() => llm.close());
beforeEach(() => llm.reset());

const user = (content: string): ChatCompletionMessageParam[] => [{ role: 'user', content }];

async function collect(content: string | ChatCompletionMessageParam[], extra: Partial<OpenAI.ChatCompletionCreateParamsStreaming> = {}) {
  const messages = typeof content === 'string' ? user(content) : content;
  const stream = await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true }, ...extra });
  const chunks: { chunk: ChatCompletionChunk; at: number }[] = [];
  for await (const chunk of stream) chunks.push({ chunk, at: performance.now() });
  return chunks;
}

/** Reassembles streamed tool-call deltas the way SDK consumers do (by index). */
function reassembleToolCalls(chunks: ChatCompletionChunk[]) {
  const calls: { id?: string; name?: string; arguments: string }[] = [];
  for (const c of chunks) {
    for (const d of c.choices[0]?.delta.tool_calls ?? []) {
      const call = (calls[d.index] ??= { arguments: '' });
      if (d.id) call.id = d.id;
      if (d.function?.name) call.name = d.function.name;
      call.arguments += d.function?.arguments ?? '';
    }
  }
  return calls;
}

describe('llm upstream: text', () => {
  it('answers a non-streamed request with a chat.completion and records it', async () => {
    const res = await client.chat.completions.create({ model, messages: user('hi there') });
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe(model);
    expect(res.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Hello! You said: hi there' });
    expect(res.choices[0]?.finish_reason).toBe('stop');
    expect(res.usage).toEqual({ prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]?.headers.authorization).toBe('Bearer test');
    expect(llm.requests[0]?.body).toMatchObject({ model, messages: [{ role: 'user', content: 'hi there' }] });
  });

  it('streams word by word, in order, spaced by [[delay]], with usage last', async () => {
    const started = performance.now();
    const chunks = await collect('one two three four [[delay:40]]');
    const first = chunks[0]!.chunk;
    expect(first.object).toBe('chat.completion.chunk');
    expect(first.choices[0]?.delta).toMatchObject({ role: 'assistant', content: '' });
    const content = chunks.filter((c) => c.chunk.choices[0]?.delta.content);
    expect(content.map((c) => c.chunk.choices[0]?.delta.content)).toEqual(['Hello!', ' You', ' said:', ' one', ' two', ' three', ' four']);
    // Spaced by the delay: the server waits at least six delays between the first and the last word, so the last one
    // arrives at least that long after the request (judged from the start: on a busy machine the first word itself
    // can arrive late, which shortens any gap measured from it).
    expect(content.at(-1)!.at - started).toBeGreaterThanOrEqual((content.length - 1) * 40);
    const finish = chunks.at(-2)!.chunk;
    expect(finish.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1)!.chunk;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 });
    expect(new Set(chunks.map((c) => c.chunk.id)).size).toBe(1);
  });

  it('honours [[reply]], [[chunks]] and [[ttft]]', async () => {
    const started = performance.now();
    const chunks = await collect('[[reply:abcdefgh]] [[chunks:4]] [[ttft:120]]');
    expect(chunks[0]!.at - started).toBeGreaterThanOrEqual(100);
    const pieces = chunks.map((c) => c.chunk.choices[0]?.delta.content).filter(Boolean);
    expect(pieces).toEqual(['ab', 'cd', 'ef', 'gh']);
  });

  it('speaks raw SSE exactly like OpenAI (framing, content type, [DONE])', async () => {
    const res = await fetch(`${llm.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: true, messages: user('[[reply:ok]]') }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(events.at(-2)!.slice(6)).choices[0].finish_reason).toBe('stop');
    expect(text).not.toContain('"usage"'); // no include_usage → no usage chunk
  });

  it('lists models and rejects bad JSON with an OpenAI error body', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(expect.arrayContaining(['edgent-test', 'gpt-4o-mini']));
    const res = await fetch(`${llm.url}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer test' }, body: '{nope' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
  });
});

describe('llm upstream: tools', () => {
  it('streams a tool call as OpenAI-style deltas that reassemble', async () => {
    const chunks = (await collect('weather? [[tool:get_weather {"city":"Paris","unit":"C"}]]')).map((c) => c.chunk);
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({ index: 0, id: expect.any(String), type: 'function', function: { name: 'get_weather', arguments: '' } });
    expect(deltas.length).toBeGreaterThan(3);
    for (const d of deltas.slice(1)) expect(d).toEqual({ index: 0, function: { arguments: expect.any(String) } });
    const [call] = reassembleToolCalls(chunks);
    expect(call).toMatchObject({ name: 'get_weather' });
    expect(JSON.parse(call!.arguments)).toEqual({ city: 'Paris', unit: 'C' });
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('emits two tool calls with indices 0 and 1 (streamed and not)', async () => {
    const calls = reassembleToolCalls((await collect('[[tool:a {"x":1}]] [[tool:b]]')).map((c) => c.chunk));
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([
      ['a', '{"x":1}'],
      ['b', '{}'],
    ]);
    expect(calls[0]!.id).not.toBe(calls[1]!.id);
    const res = await client.chat.completions.create({ model, messages: user('[[tool:a {"x":1}]] [[tool:b]]') });
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
    expect(res.choices[0]?.message.content).toBeNull();
    expect(res.choices[0]?.message.tool_calls?.map((c) => c.type === 'function' && c.function.name)).toEqual(['a', 'b']);
  });

  it('answers with the tool output once the tool call is answered', async () => {
    const prompt = 'weather? [[tool:get_weather {"city":"Paris"}]]';
    const first = await client.chat.completions.create({ model, messages: user(prompt) });
    const message = first.choices[0]!.message;
    const call = message.tool_calls![0]!;
    const messages: ChatCompletionMessageParam[] = [...user(prompt), message, { role: 'tool', tool_call_id: call.id, content: '22C and sunny' }];
    const chunks = await collect(messages);
    const text = chunks.map((c) => c.chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Tool said: 22C and sunny');
    expect(chunks.at(-2)!.chunk.choices[0]?.finish_reason).toBe('stop');
  });

  it('[[tool-loop]] keeps calling the tool', async () => {
    const messages: ChatCompletionMessageParam[] = user('[[tool-loop:again]]');
    for (let step = 0; step < 3; step++) {
      const res = await client.chat.completions.create({ model, messages });
      const message = res.choices[0]!.message;
      expect(res.choices[0]?.finish_reason).toBe('tool_calls');
      messages.push(message, { role: 'tool', tool_call_id: message.tool_calls![0]!.id, content: `result ${step}` });
    }
    expect(new Set(llm.requests.map((r) => r.body.messages.length))).toEqual(new Set([1, 3, 5]));
  });

  it('rejects an unanswered tool call like the real API', async () => {
    const messages: ChatCompletionMessageParam[] = [
      ...user('hi'),
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      ...user('again'),
    ];
    await expect(client.chat.completions.create({ model, messages })).rejects.toMatchObject({ status: 400, error: { param: 'messages.[1].role' } });
  });

  it('rejects, by default, two tool calls answered once, and a tool message with no matching call', async () => {
    const call = (id: string) => ({ id, type: 'function' as const, function: { name: 'f', arguments: '{}' } });
    const halfAnswered: ChatCompletionMessageParam[] = [
      ...user('hi'),
      { role: 'assistant', content: null, tool_calls: [call('call_a'), call('call_b')] },
      { role: 'tool', tool_call_id: 'call_a', content: 'done' },
      ...user('again'),
    ];
    await expect(client.chat.completions.create({ model, messages: halfAnswered })).rejects.toMatchObject({
      status: 400,
      error: { type: 'invalid_request_error', message: expect.stringContaining('call_b') },
    });
    const orphan: ChatCompletionMessageParam[] = [...user('hi'), { role: 'tool', tool_call_id: 'call_z', content: 'who asked?' }];
    await expect(client.chat.completions.create({ model, messages: orphan })).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error' } });
  });
});

describe('llm upstream: errors and failures', () => {
  it('maps 401/429/500/503 to the SDK error classes', async () => {
    const bad = new OpenAI({ baseURL: llm.url, apiKey: 'bad-key', maxRetries: 0 });
    const auth = await bad.chat.completions.create({ model, messages: user('hi') }).catch((e) => e);
    expect(auth).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(auth).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });

    const scripted = async (directive: string) => client.chat.completions.create({ model, messages: user(directive) }).catch((e) => e);
    expect(await scripted('[[error:401]]')).toBeInstanceOf(OpenAI.AuthenticationError);
    const limited = await scripted('[[error:429]]');
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.headers.get('retry-after')).toBe('0');
    expect(limited).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(await scripted('[[error:500]]')).toMatchObject({ constructor: OpenAI.InternalServerError, status: 500 });
    expect(await scripted('[[error:503]]')).toMatchObject({ constructor: OpenAI.InternalServerError, status: 503 });
  });

  it('[[error:N times:2]] fails the first two requests of that message, then succeeds', async () => {
    const messages = user('flaky [[error:500 times:2]]');
    for (let i = 0; i < 2; i++) await expect(client.chat.completions.create({ model, messages })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const ok = await client.chat.completions.create({ model, messages });
    expect(ok.choices[0]?.message.content).toBe('Hello! You said: flaky');
    // A different message has its own counter; the SDK's own retries (Retry-After: 0) get through.
    const retrying = new OpenAI({ baseURL: llm.url, apiKey: 'test', maxRetries: 2 });
    const res = await retrying.chat.completions.create({ model, messages: user('[[error:429 times:2]] [[reply:finally]]') });
    expect(res.choices[0]?.message.content).toBe('finally');
    expect(llm.requests).toHaveLength(6);
  });

  it('[[cut:N]] drops the connection mid-stream so SDK iteration throws', async () => {
    const stream = await client.chat.completions.create({ model, messages: user('a b c d e f [[cut:3]]'), stream: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(seen.join('')).toBe('Hello! You said:');
  });

  it('[[stall:N]] streams N chunks, then nothing until the client aborts', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model, messages: user('[[reply:a b c d]] [[stall:2]]'), stream: true },
      { signal: controller.signal },
    );
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e) => e);
    await vi.waitFor(() => expect(seen.join('')).toBe('a b'));
    const outcome = await Promise.race([reading, new Promise((r) => setTimeout(() => r('still waiting'), 150))]);
    expect(outcome).toBe('still waiting');
    controller.abort();
    await reading;
    expect(seen.join('')).toBe('a b');
  });

  it('[[hang]] never answers until the client aborts', async () => {
    const controller = new AbortController();
    const pending = client.chat.completions.create({ model, messages: user('[[hang]]') }, { signal: controller.signal }).catch((e) => e);
    const outcome = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still waiting'), 150))]);
    expect(outcome).toBe('still waiting');
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    // The server survives the disconnect and keeps serving.
    const res = await client.chat.completions.create({ model, messages: user('[[reply:alive]]') });
    expect(res.choices[0]?.message.content).toBe('alive');
  });

  it('clears its timers when the client disconnects mid-stream', async () => {
    const setSpy = vi.spyOn(globalThis, 'setTimeout');
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout');
    try {
      const controller = new AbortController();
      const stream = await client.chat.completions.create(
        { model, messages: user('slow words here [[delay:10000]]'), stream: true },
        { signal: controller.signal },
      );
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next(); // role chunk
      await iterator.next(); // first word; the server now sleeps 10s before the next one
      const serverTimer = setSpy.mock.results[setSpy.mock.calls.findIndex((call) => call[1] === 10000)]?.value;
      expect(serverTimer).toBeDefined();
      controller.abort();
      await iterator.next().catch(() => undefined); // the SDK ends (or throws) on user abort
      await expect.poll(() => clearSpy.mock.calls.some(([t]) => t === serverTimer), { timeout: 1000 }).toBe(true);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
    }
  });
});

describe('llm upstream: echo', () => {
  it('echoes the system prompt, the message summary and the tool names', async () => {
    const system: ChatCompletionMessageParam = { role: 'system', content: 'You are Edgent. Be brief.' };
    const echo = async (what: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) =>
      (await client.chat.completions.create({ model, messages: [system, ...user(`[[echo:${what}]]`)], ...extra })).choices[0]?.message.content;
    expect(await echo('system')).toBe('You are Edgent. Be brief.');
    expect(JSON.parse((await echo('messages'))!)).toEqual({ count: 2, roles: ['system', 'user'] });
    const tools = ['search', 'fetch'].map((name) => ({ type: 'function' as const, function: { name, parameters: { type: 'object' } } }));
    expect(JSON.parse((await echo('tools', { tools }))!)).toEqual(['search', 'fetch']);
  });
});

describe('llm upstream: request parameters', () => {
  const tools = ['get_weather', 'lookup'].map((name) => ({ type: 'function' as const, function: { name, parameters: { type: 'object' } } }));

  it('never calls a tool with tool_choice none, even when scripted', async () => {
    const res = await client.chat.completions.create({
      model,
      tools,
      tool_choice: 'none',
      messages: user('[[tool:get_weather {"city":"Oslo"}]] [[reply:no tools]]'),
    });
    expect(res.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'no tools' } });
    expect(res.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it('calls a tool when one is required or named, with the scripted arguments or {}', async () => {
    const required = await client.chat.completions.create({ model, tools, tool_choice: 'required', messages: user('just talk') });
    expect(required.choices[0]?.finish_reason).toBe('tool_calls');
    expect(required.choices[0]?.message.tool_calls?.map((c) => c.type === 'function' && [c.function.name, c.function.arguments])).toEqual([
      ['get_weather', '{}'],
    ]);
    const named = reassembleToolCalls(
      (
        await collect('[[tool:get_weather {"city":"Rome"}]] [[tool:lookup {"id":7}]]', {
          tools,
          tool_choice: { type: 'function', function: { name: 'lookup' } },
        })
      ).map((c) => c.chunk),
    );
    expect(named.map((c) => [c.name, c.arguments])).toEqual([['lookup', '{"id":7}']]);
    // Even after tool results: a forced choice is a call every time.
    const plain = await client.chat.completions.create({
      model,
      tools,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      messages: user('hi'),
    });
    expect(plain.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather', arguments: '{}' } });
  });

  it('cuts the reply at max_tokens (finish length) and before the first stop sequence (finish stop)', async () => {
    const long = await client.chat.completions.create({ model, max_tokens: 2, messages: user('[[reply:one two three four]]') });
    expect(long.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'one two' } });
    const chunks = await collect('[[reply:one two three four]]', { max_completion_tokens: 3 });
    expect(chunks.map((c) => c.chunk.choices[0]?.delta.content ?? '').join('')).toBe('one two three');
    expect(chunks.find((c) => c.chunk.choices[0]?.finish_reason)?.chunk.choices[0]?.finish_reason).toBe('length');
    const stopped = await client.chat.completions.create({ model, stop: ['four', 'thr'], messages: user('[[reply:one two three four]]') });
    expect(stopped.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'one two ' } });
  });

  it('answers JSON: an object in JSON mode, a valid instance of a json_schema', async () => {
    const obj = await client.chat.completions.create({ model, response_format: { type: 'json_object' }, messages: user('answer in JSON please') });
    expect(JSON.parse(obj.choices[0]!.message.content!)).toEqual({ reply: 'Hello! You said: answer in JSON please' });
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: { type: 'integer', minimum: 18 },
        score: { type: 'number' },
        active: { type: 'boolean' },
        role: { type: 'string', enum: ['admin', 'user'] },
        tags: { type: 'array', items: { type: 'string' } },
        address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
        nickname: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      required: ['name', 'age', 'score', 'active', 'role', 'tags', 'address', 'nickname'],
      additionalProperties: false,
    };
    const res = await client.chat.completions.create({
      model,
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } },
      messages: user('who?'),
    });
    expect(JSON.parse(res.choices[0]!.message.content!)).toEqual({
      name: 'text',
      age: 18,
      score: 1,
      active: true,
      role: 'admin',
      tags: ['text'],
      address: { city: 'text' },
      nickname: 'text',
    });
    const scripted = await client.chat.completions.create({
      model,
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema } },
      messages: user('[[reply:{"name":"Ada"}]]'),
    });
    expect(scripted.choices[0]?.message.content).toBe('{"name":"Ada"}');
  });

  it('echoes the parameters it received with [[echo:params]]', async () => {
    const res = await client.chat.completions.create({
      model,
      temperature: 0.3,
      top_p: 0.5,
      seed: 7,
      stop: 'x',
      max_tokens: 1,
      messages: user('[[echo:params]]'),
    });
    expect(JSON.parse(res.choices[0]!.message.content!)).toEqual({ model, temperature: 0.3, top_p: 0.5, seed: 7, stop: 'x', max_tokens: 1 });
  });

  it('refuses invalid parameters with a 400 naming the param, like the real API', async () => {
    const refuse = async (extra: Record<string, unknown>, messages = user('hi')) =>
      (await client.chat.completions.create({ model, messages, ...extra } as never).catch((e) => e)) as InstanceType<typeof OpenAI.APIError>;
    const cases: [Record<string, unknown>, string][] = [
      [{ temperature: 3 }, 'temperature'],
      [{ top_p: -0.1 }, 'top_p'],
      [{ max_tokens: 0 }, 'max_tokens'],
      [{ max_completion_tokens: 1.5 }, 'max_completion_tokens'],
      [{ stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
      [{ presence_penalty: 2.5 }, 'presence_penalty'],
      [{ tool_choice: 'required' }, 'tool_choice'],
      [{ tools, tool_choice: { type: 'function', function: { name: 'nope' } } }, 'tool_choice'],
      [{ tools, tool_choice: 'sometimes' }, 'tool_choice'],
      [{ response_format: { type: 'yaml' } }, 'response_format.type'],
      [{ response_format: { type: 'json_schema', json_schema: { schema: {} } } }, 'response_format.json_schema.name'],
      [{ response_format: { type: 'json_object' } }, 'messages'],
    ];
    for (const [extra, param] of cases) {
      const e = await refuse(extra);
      expect(e, JSON.stringify(extra)).toBeInstanceOf(OpenAI.BadRequestError);
      expect(e.error, JSON.stringify(extra)).toMatchObject({ type: 'invalid_request_error', param });
    }
  });
});
