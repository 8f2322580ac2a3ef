// The Responses API driven by the official `openai` client (its fetch is the Worker's): plain and streamed responses
// with their typed events, previous_response_id (the model gets the earlier turns; an older id forks), the caller's
// function tools round trip, the agent's tools server-side, GET/DELETE/input_items, store:false, tenancy and errors.
import { SELF, env } from 'cloudflare:test';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Account, apiKey, BASE, createAgent, signup } from './helpers';

const client = (key: string) =>
  new OpenAI({ apiKey: key, baseURL: `${BASE}/v1`, maxRetries: 0, fetch: ((url: string, init: RequestInit) => SELF.fetch(url, init)) as never });

async function setup(body: Record<string, unknown> = {}) {
  const a: Account = await signup();
  const key = await apiKey(a);
  return { a, key, ai: client(key), agent: await createAgent(a, { name: 'Support Bot', instructions: 'You are the support bot.', ...body }) };
}

const WEATHER = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

const api = (key: string, path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}/v1${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers } });

afterEach(() => vi.restoreAllMocks());

describe('POST /v1/responses', () => {
  it('answers a text input with a Response: output message, output_text and usage', async () => {
    const { ai, agent: ag } = await setup();
    const r = await ai.responses.create({ model: ag.slug, input: '[[reply:Hi there]]' });
    expect(r).toMatchObject({ object: 'response', status: 'completed', model: ag.slug, error: null, store: true, previous_response_id: null });
    expect(r.id).toMatch(/^resp_[0-9a-z]{48}$/);
    expect(r.output).toEqual([
      {
        type: 'message',
        id: expect.stringMatching(/^msg_/),
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Hi there', annotations: [], logprobs: [] }],
      },
    ]);
    expect(r.output_text).toBe('Hi there');
    expect(r.usage!.input_tokens).toBeGreaterThan(0);
    expect(r.usage!.total_tokens).toBe(r.usage!.input_tokens + r.usage!.output_tokens);
  });

  it('takes items (system, developer, assistant, parts) and adds `instructions` after the agent’s own', async () => {
    const { ai, agent: ag } = await setup();
    const r = await ai.responses.create({
      model: ag.id,
      instructions: 'Answer in French.',
      input: [
        { role: 'developer', content: 'Be terse.' },
        { role: 'user', content: 'hi' },
        { type: 'message', id: 'msg_earlier', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello!', annotations: [] }] },
        { role: 'user', content: [{ type: 'input_text', text: '[[echo:system]]' }] },
      ],
    });
    expect(r.output_text).toBe('You are the support bot.\nAnswer in French.\nBe terse.');
    const roles = await ai.responses.create({
      model: ag.id,
      input: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: '[[echo:messages]]' },
      ],
    });
    expect(JSON.parse(roles.output_text)).toEqual({ count: 4, roles: ['system', 'user', 'assistant', 'user'] });
  });

  it('streams typed events in order, the text as it comes, and the completed Response with usage', async () => {
    const { ai, agent: ag } = await setup();
    const stream = await ai.responses.create({ model: ag.slug, stream: true, input: '[[reply:one two three]]' });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(new Set(types.slice(4, -4))).toEqual(new Set(['response.output_text.delta']));
    const deltas = events.filter((e): e is OpenAI.Responses.ResponseTextDeltaEvent => e.type === 'response.output_text.delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.delta).join('')).toBe('one two three');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const done = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(done.response.status).toBe('completed');
    expect(done.response.output[0]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: 'one two three' }] });
    expect(done.response.usage!.output_tokens).toBeGreaterThan(0);
    // The stored Response is the streamed one.
    const got = await ai.responses.retrieve(done.response.id);
    expect(got.output_text).toBe('one two three');
  });

  it('continues a stored conversation with previous_response_id: the model gets the earlier turns', async () => {
    const { ai, agent: ag } = await setup();
    const first = await ai.responses.create({ model: ag.slug, input: 'My name is Ada.' });
    const second = await ai.responses.create({ model: ag.slug, previous_response_id: first.id, input: '[[echo:messages]]' });
    expect(JSON.parse(second.output_text)).toEqual({ count: 4, roles: ['system', 'user', 'assistant', 'user'] });
    expect(second.previous_response_id).toBe(first.id);
    // Same conversation: the response ids share the session part.
    expect(second.id.slice(5, 29)).toBe(first.id.slice(5, 29));
    const third = await ai.responses.create({ model: ag.slug, previous_response_id: second.id, input: '[[echo:messages]]' });
    expect(JSON.parse(third.output_text).count).toBe(6);
  });

  it('refuses to continue another agent’s conversation (400 on model) and one busy with a response (409)', async () => {
    const { a, ai, agent: ag } = await setup();
    const other = await createAgent(a, { name: 'Other Bot' });
    const first = await ai.responses.create({ model: ag.slug, input: 'hi' });
    const e = await ai.responses.create({ model: other.slug, previous_response_id: first.id, input: 'hi' }).catch((x) => x);
    expect([e.status, e.error.param]).toEqual([400, 'model']);
    const slow = ai.responses.create({ model: ag.slug, previous_response_id: first.id, input: '[[ttft:400]] slow' });
    await new Promise((r) => setTimeout(r, 100));
    const busy = await ai.responses.create({ model: ag.slug, previous_response_id: first.id, input: 'again' }).catch((x) => x);
    expect(busy.status).toBe(409);
    expect((await slow).output_text).toBe('Hello! You said: slow');
  });

  it('answers GET while a stored response runs: in progress, then completed', async () => {
    const { ai, agent: ag } = await setup();
    const stream = await ai.responses.create({ model: ag.slug, stream: true, input: '[[reply:a b c]] [[delay:150]]' });
    let id = '';
    let during: string | undefined;
    for await (const e of stream) {
      if (e.type === 'response.created') id = e.response.id;
      if (e.type === 'response.output_text.delta' && !during) during = (await ai.responses.retrieve(id)).status;
    }
    expect(during).toBe('in_progress');
    expect((await ai.responses.retrieve(id)).status).toBe('completed');
  });

  it('forks a new conversation when continuing from an earlier response, keeping the original as it was', async () => {
    const { ai, key, agent: ag } = await setup();
    const first = await ai.responses.create({ model: ag.slug, input: 'one' });
    const second = await ai.responses.create({ model: ag.slug, previous_response_id: first.id, input: 'two' });
    const fork = await ai.responses.create({ model: ag.slug, previous_response_id: first.id, input: '[[echo:messages]]' });
    expect(JSON.parse(fork.output_text)).toEqual({ count: 4, roles: ['system', 'user', 'assistant', 'user'] });
    expect(fork.id.slice(5, 29)).not.toBe(first.id.slice(5, 29));
    // The original goes on from its own latest response.
    const more = await ai.responses.create({ model: ag.slug, previous_response_id: second.id, input: '[[echo:messages]]' });
    expect(JSON.parse(more.output_text).count).toBe(6);
    // Both conversations are ordinary sessions, listed with via: responses.
    const list = (await (await api(key, '/../api/v1/sessions')).json()) as { data: { id: string; metadata: Record<string, unknown> }[] };
    const ours = list.data.filter((s) => s.metadata.via === 'responses');
    expect(ours.map((s) => s.id).sort()).toEqual([`ses_${first.id.slice(5, 29)}`, `ses_${fork.id.slice(5, 29)}`].sort());
  });

  it('returns calls of the caller’s function tools as function_call items, then continues with their outputs', async () => {
    const { ai, agent: ag } = await setup();
    const r = await ai.responses.create({ model: ag.slug, tools: [WEATHER], input: '[[tool:get_weather {"city":"Oslo"}]]' });
    expect(r.status).toBe('completed');
    const call = r.output.find((o) => o.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
      call_id: expect.any(String),
      id: expect.stringMatching(/^fc_/),
    });
    const next = await ai.responses.create({
      model: ag.slug,
      tools: [WEATHER],
      previous_response_id: r.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'Sunny, 21°C' }],
    });
    expect(next.output_text).toBe('Tool said: Sunny, 21°C');
    // An output for a call that is not waiting is a 400 naming the input.
    const stray = await ai.responses
      .create({ model: ag.slug, previous_response_id: next.id, input: [{ type: 'function_call_output', call_id: call.call_id, output: 'again' }] })
      .catch((x) => x);
    expect(stray.status).toBe(400);
    expect(stray.error.param).toBe('input');
  });

  it('resolves item_reference items to stored output items (the Vercel AI SDK’s tool loop sends them)', async () => {
    const { ai, agent: ag } = await setup();
    const other = await setup();
    const input = 'Weather? [[reply:Let me check.]] [[tool:get_weather {"city":"Oslo"}]]';
    const r = await ai.responses.create({ model: ag.slug, tools: [WEATHER], input });
    const [msg, call] = r.output as [OpenAI.Responses.ResponseOutputMessage, OpenAI.Responses.ResponseFunctionToolCall];
    expect([msg.type, call.type]).toEqual(['message', 'function_call']);
    const next = await ai.responses.create({
      model: ag.slug,
      tools: [WEATHER],
      input: [
        { role: 'user', content: input },
        { type: 'item_reference', id: msg.id! },
        { type: 'item_reference', id: call.id! },
        { type: 'function_call_output', call_id: call.call_id, output: 'Snow' },
      ],
    });
    expect(next.output_text).toBe('Tool said: Snow');
    // An unknown id, and another tenant's item (its conversation is not this tenant's object): 400 on the item.
    for (const [client, id] of [
      [ai, 'msg_nope'],
      [other.ai, call.id!],
    ] as const) {
      const e = await client.responses
        .create({
          model: ag.id,
          input: [
            { role: 'user', content: 'hi' },
            { type: 'item_reference', id },
          ],
        })
        .catch((x) => x);
      expect([e.status, e.error.param]).toEqual([400, 'input.1.id']);
    }
  });

  it('streams function calls as items with their argument events', async () => {
    const { ai, agent: ag } = await setup();
    const stream = await ai.responses.create({ model: ag.slug, stream: true, tools: [WEATHER], input: '[[tool:get_weather {"city":"Oslo"}]]' });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const types = events.map((e) => e.type);
    expect(types).toContain('response.function_call_arguments.delta');
    const done = events.find((e) => e.type === 'response.function_call_arguments.done') as OpenAI.Responses.ResponseFunctionCallArgumentsDoneEvent;
    expect(done.arguments).toBe('{"city":"Oslo"}');
    expect(types.at(-1)).toBe('response.completed');
  });

  it('keeps a stateless conversation of items with function calls and outputs (store: false)', async () => {
    const { ai, agent: ag } = await setup();
    const r = await ai.responses.create({
      model: ag.slug,
      store: false,
      tools: [WEATHER],
      input: [
        { role: 'user', content: 'Weather in Oslo?' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Rain' },
      ],
    });
    expect(r.output_text).toBe('Tool said: Rain');
    expect((r as { store?: boolean }).store).toBe(false);
    expect(r.id).toMatch(/^resp_[0-9a-z]{24}$/);
    const got = await ai.responses.retrieve(r.id).catch((x) => x);
    expect(got.status).toBe(404);
  });

  it('runs the agent’s own tools server-side and never returns them as function calls', async () => {
    const { ai, agent: ag } = await setup({ tool_ids: ['tol_calculator'] });
    const r = await ai.responses.create({ model: ag.slug, tools: [WEATHER], input: '[[tool:calculator {"expression":"6*7"}]]' });
    expect(r.output.every((o) => o.type === 'message')).toBe(true);
    expect(r.output_text).toMatch(/^Tool said: .*42/);
  });

  it('refuses unsupported items, parts and tools with a 400 naming the param', async () => {
    const { ai, agent: ag } = await setup({ tool_ids: ['tol_calculator'] });
    const cases: [Record<string, unknown>, string][] = [
      [{ input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://x/y.png' }] }] }, 'input.0.content.0.type'],
      [{ input: [{ type: 'reasoning', id: 'rs_1', summary: [] }] }, 'input.0.type'],
      [{ input: [{ type: 'function_call_output', call_id: 'nope', output: 'x' }] }, 'input.0.call_id'],
      [{ input: 'hi', tools: [{ type: 'web_search' }] }, 'tools.0.type'],
      [{ input: 'hi', tools: [{ type: 'function', name: 'calculator', parameters: {} }] }, 'tools.0.name'],
      [{ input: 'hi', previous_response_id: 'resp_nope' }, 'previous_response_id'],
      [{ input: 'hi', store: false, previous_response_id: 'resp_nope' }, 'store'],
    ];
    for (const [body, param] of cases) {
      const e = await ai.responses.create({ model: ag.slug, ...body } as never).catch((x) => x);
      expect(e, param).toBeInstanceOf(OpenAI.APIError);
      expect([e.status, e.error.param], JSON.stringify(body)).toEqual([param === 'previous_response_id' ? 404 : 400, param]);
    }
    const unknown = await ai.responses.create({ model: 'no-such-agent', input: 'hi' }).catch((x) => x);
    expect([unknown.status, unknown.error.code]).toEqual([404, 'model_not_found']);
  });

  it('answers an upstream failure with an HTTP error, streamed or not, and keeps the failed response', async () => {
    const { ai, agent: ag } = await setup();
    const e = await ai.responses.create({ model: ag.slug, input: '[[error:400]]' }).catch((x) => x);
    expect(e).toBeInstanceOf(OpenAI.APIError);
    expect(e.status).toBe(502);
    expect(e.error).toMatchObject({ type: 'server_error', code: 'upstream_error' });
    const s = await ai.responses.create({ model: ag.slug, stream: true, input: '[[error:400]]' }).catch((x) => x);
    expect(s).toBeInstanceOf(OpenAI.APIError);
    expect(s.status).toBe(502);
  });

  it('reports a failure after the first token as response.failed, after the text', async () => {
    const { ai, agent: ag } = await setup();
    const stream = await ai.responses.create({ model: ag.slug, stream: true, input: '[[reply:a b c d]] [[cut:2]]' });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const text = events.filter((e) => e.type === 'response.output_text.delta').map((e) => (e as OpenAI.Responses.ResponseTextDeltaEvent).delta);
    expect(text.join('')).toMatch(/^a b ?$/);
    const last = events.at(-1) as OpenAI.Responses.ResponseFailedEvent;
    expect(last.type).toBe('response.failed');
    expect(last.response.error).toMatchObject({ code: 'upstream_interrupted' });
    expect((await ai.responses.retrieve(last.response.id)).status).toBe('failed');
  });
});

describe('the hot path', () => {
  it('reads no D1 once warm: stateless, continued and retrieved; a new conversation only writes its row', async () => {
    const { ai, agent: ag } = await setup();
    const first = await ai.responses.create({ model: ag.slug, input: 'warm up' });
    const proto = Object.getPrototypeOf(env.DB) as { prepare: (q: string) => unknown };
    const prepare = vi.spyOn(proto, 'prepare');
    // What the request made, not the EVENTS queue consumer writing usage, rollups, the search index, the audit log
    // and the API log (with its trim) in batches meanwhile, for this test or an earlier one (drizzle quotes table
    // names, the consumer's raw SQL does not).
    const consumer =
      /^(insert into|update|delete from) "?(usage_events|usage_rollups|tool_call_events|tool_rollups|api_requests|search_entries|message_search|chat_sessions|audit_log)\b/;
    const ours = () => prepare.mock.calls.map(([q]) => q).filter((q) => !consumer.test(q.trim()) || /^insert into "chat_sessions"/.test(q.trim()));
    for await (const _ of await ai.responses.create({ model: ag.slug, stream: true, store: false, input: 'again' }));
    for await (const _ of await ai.responses.create({ model: ag.slug, stream: true, previous_response_id: first.id, input: 'again' }));
    await ai.responses.retrieve(first.id);
    expect(ours()).toEqual([]);
    await ai.responses.create({ model: ag.slug, input: 'new conversation' });
    await vi.waitFor(() => expect(ours().length).toBeGreaterThan(0));
    expect(ours().map((q) => q.split(' ').slice(0, 3).join(' '))).toEqual(['insert into "chat_sessions"']);
  });
});

describe('GET, DELETE /v1/responses/:id and input_items', () => {
  it('retrieves a stored response and its input items, deletes it, then answers 404', async () => {
    const { ai, agent: ag } = await setup();
    const r = await ai.responses.create({
      model: ag.slug,
      input: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'second' },
      ],
      metadata: { ticket: '42' },
    });
    const got = await ai.responses.retrieve(r.id);
    expect(got).toMatchObject({ id: r.id, status: 'completed', metadata: { ticket: '42' }, output_text: r.output_text });
    const items = await ai.responses.inputItems.list(r.id, { order: 'asc' });
    expect(items.data.map((i) => (i as { role: string }).role)).toEqual(['user', 'assistant', 'user']);
    expect(items.data[0]).toMatchObject({ type: 'message', content: [{ type: 'input_text', text: 'first' }] });
    await ai.responses.delete(r.id);
    expect((await ai.responses.retrieve(r.id).catch((x) => x)).status).toBe(404);
    expect((await ai.responses.delete(r.id).catch((x) => x)).status).toBe(404);
  });

  it('answers 404 for another tenant’s response, on every route', async () => {
    const mine = await setup();
    const other = await setup();
    const r = await mine.ai.responses.create({ model: mine.agent.slug, input: 'secret' });
    for (const call of [
      () => other.ai.responses.retrieve(r.id),
      () => other.ai.responses.inputItems.list(r.id),
      () => other.ai.responses.delete(r.id),
      () => other.ai.responses.create({ model: other.agent.slug, previous_response_id: r.id, input: 'hi' }),
      () => other.ai.responses.create({ model: mine.agent.id, input: 'hi' }),
    ]) {
      expect((await call().catch((x) => x)).status).toBe(404);
    }
    expect((await mine.ai.responses.retrieve(r.id)).output_text).toBe('Hello! You said: secret');
  });
});
