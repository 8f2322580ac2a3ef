// The OpenAI-compatible API driven by the official `openai` npm client (its fetch is the Worker's): completions
// streamed and not, with usage; the agent's instructions and server tools applied; the caller's tools returned as
// tool_calls; OpenAI-shaped errors; /v1/models per tenant; usage events; no D1 query once warm.
import { SELF, env } from 'cloudflare:test';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Account, apiKey, BASE, createAgent, signup } from './helpers';

const client = (key: string) =>
  new OpenAI({ apiKey: key, baseURL: `${BASE}/v1`, maxRetries: 0, fetch: ((url: string, init: RequestInit) => SELF.fetch(url, init)) as never });

const agent = (a: Account, body: Record<string, unknown> = {}) =>
  createAgent(a, { name: 'Support Bot', instructions: 'You are the support bot of {{agent_name}}.', ...body });

async function setup(body: Record<string, unknown> = {}) {
  const a = await signup();
  const key = await apiKey(a);
  return { a, key, ai: client(key), agent: await agent(a, body) };
}

const WEATHER = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

afterEach(() => vi.restoreAllMocks());

describe('POST /v1/chat/completions', () => {
  it('answers with the agent (by slug), its instructions applied, and usage', async () => {
    const { ai, agent: ag } = await setup();
    const r = await ai.chat.completions.create({ model: ag.slug, messages: [{ role: 'user', content: '[[echo:system]]' }] });
    expect(r.object).toBe('chat.completion');
    expect(r.model).toBe(ag.slug);
    expect(r.choices[0]!.message.content).toBe('You are the support bot of Support Bot.');
    expect(r.choices[0]!.finish_reason).toBe('stop');
    expect(r.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(r.usage!.total_tokens).toBe(r.usage!.prompt_tokens + r.usage!.completion_tokens);
  });

  it('accepts the agent id, keeps the caller’s conversation and system messages', async () => {
    const { ai, agent: ag } = await setup();
    const r = await ai.chat.completions.create({
      model: ag.id,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: [{ type: 'text', text: '[[echo:messages]]' }] },
      ],
    });
    expect(JSON.parse(r.choices[0]!.message.content!)).toEqual({ count: 5, roles: ['system', 'system', 'user', 'assistant', 'user'] });
  });

  it('streams chunks and a usage chunk', async () => {
    const { ai, agent: ag } = await setup();
    const stream = await ai.chat.completions.create({
      model: ag.slug,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: '[[reply:one two three]]' }],
    });
    let text = '';
    const finish: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finish.push(chunk.choices[0].finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('one two three');
    expect(finish).toEqual(['stop']);
    expect(usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('returns calls of the caller’s tools as tool_calls, then answers with their results', async () => {
    const { ai, agent: ag } = await setup();
    const ask = '[[tool:get_weather {"city":"Paris"}]]';
    const first = await ai.chat.completions.create({ model: ag.slug, tools: [WEATHER], messages: [{ role: 'user', content: ask }] });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    const second = await ai.chat.completions.create({
      model: ag.slug,
      tools: [WEATHER],
      messages: [{ role: 'user', content: ask }, choice.message, { role: 'tool', tool_call_id: call.id, content: '18°C and sunny' }],
    });
    expect(second.choices[0]!.message.content).toBe('Tool said: 18°C and sunny');
    expect(second.choices[0]!.finish_reason).toBe('stop');
  });

  it('streams the caller’s tool calls with finish_reason tool_calls', async () => {
    const { ai, agent: ag } = await setup();
    const stream = await ai.chat.completions.create({
      model: ag.slug,
      stream: true,
      tools: [WEATHER],
      messages: [{ role: 'user', content: '[[tool:get_weather {"city":"Oslo"}]]' }],
    });
    const calls: unknown[] = [];
    const finish: (string | null)[] = [];
    for await (const chunk of stream) {
      calls.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      if (chunk.choices[0]?.finish_reason) finish.push(chunk.choices[0].finish_reason);
    }
    expect(calls).toEqual([{ index: 0, id: expect.any(String), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }]);
    expect(finish).toEqual(['tool_calls']);
  });

  it('runs the agent’s own tools server-side and never returns them as tool_calls', async () => {
    const { ai, agent: ag } = await setup({ tool_ids: ['tol_calculator'] });
    const r = await ai.chat.completions.create({
      model: ag.slug,
      tools: [WEATHER],
      messages: [{ role: 'user', content: '[[tool:calculator {"expression":"6*7"}]]' }],
    });
    expect(r.choices[0]!.finish_reason).toBe('stop');
    expect(r.choices[0]!.message.tool_calls).toBeUndefined();
    expect(r.choices[0]!.message.content).toMatch(/^Tool said: .*42/);
  });

  it('records a usage event for the agent', async () => {
    const { a, ai, agent: ag } = await setup();
    await ai.chat.completions.create({ model: ag.slug, messages: [{ role: 'user', content: 'count me' }] });
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare('select * from usage_events where tenant_id = ? and agent_id = ?').bind(a.tenant.id, ag.id).first<any>();
        expect(row).toMatchObject({ model: 'edgent-test', status: 'completed' });
        expect(row.output_tokens).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('makes no D1 query once the key and the agent are warm', async () => {
    const { ai, agent: ag } = await setup();
    await ai.chat.completions.create({ model: ag.slug, messages: [{ role: 'user', content: 'warm up' }] });
    const proto = Object.getPrototypeOf(env.DB) as { prepare: (...a: unknown[]) => unknown; batch: (...a: unknown[]) => unknown };
    const prepare = vi.spyOn(proto, 'prepare');
    const batch = vi.spyOn(proto, 'batch');
    const stream = await ai.chat.completions.create({ model: ag.slug, stream: true, messages: [{ role: 'user', content: 'again' }] });
    for await (const _ of stream);
    expect(prepare.mock.calls.length + batch.mock.calls.length).toBe(0);
  });
});

describe('errors in OpenAI’s shape', () => {
  it('answers 404 model_not_found for an unknown model, and for another tenant’s agent', async () => {
    const { ai } = await setup();
    const other = await setup();
    for (const model of ['no-such-agent', other.agent.id]) {
      const e = await ai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).catch((x) => x);
      expect(e).toBeInstanceOf(OpenAI.NotFoundError);
      expect(e.status).toBe(404);
      expect(e.error).toMatchObject({ type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
    }
  });

  it('answers 401 for a bad or missing key', async () => {
    const { agent: ag } = await setup();
    const e = await client('edg_not-a-real-key')
      .chat.completions.create({ model: ag.slug, messages: [{ role: 'user', content: 'hi' }] })
      .catch((x) => x);
    expect(e).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(e.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const res = await SELF.fetch(`${BASE}/v1/models`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_api_key', param: null } });
  });

  it('answers 403 naming the missing scope', async () => {
    const { a, agent: ag } = await setup();
    const e = await client(await apiKey(a, ['agents:read']))
      .chat.completions.create({ model: ag.slug, messages: [{ role: 'user', content: 'hi' }] })
      .catch((x) => x);
    expect(e).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(e.error.message).toContain('sessions:write');
  });

  it('answers 400 for a broken conversation, unsupported content or a tool name the agent uses', async () => {
    const { ai, agent: ag } = await setup({ tool_ids: ['tol_calculator'] });
    const orphan = await ai.chat.completions
      .create({
        model: ag.slug,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'tool', tool_call_id: 'call_x', content: 'r' },
        ],
      })
      .catch((x) => x);
    expect(orphan).toBeInstanceOf(OpenAI.BadRequestError);
    expect(orphan.error.param).toBe('messages.1.tool_call_id');
    const image = await ai.chat.completions
      .create({ model: ag.slug, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] }] })
      .catch((x) => x);
    expect(image.status).toBe(400);
    const clash = await ai.chat.completions
      .create({ model: ag.slug, tools: [{ type: 'function', function: { name: 'calculator' } }], messages: [{ role: 'user', content: 'hi' }] })
      .catch((x) => x);
    expect(clash.error.param).toBe('tools.0.function.name');
    const empty = await ai.chat.completions.create({ model: ag.slug, messages: [] }).catch((x) => x);
    expect(empty.status).toBe(400);
  });

  it('answers 502 when the model provider refuses, streamed or not (before any output: an HTTP status, not a stream)', async () => {
    const { ai, agent: ag } = await setup();
    for (const stream of [false, true]) {
      const e = await ai.chat.completions.create({ model: ag.slug, stream, messages: [{ role: 'user', content: '[[error:400]]' }] }).catch((x) => x);
      expect(e).toBeInstanceOf(OpenAI.APIError);
      expect(e.status).toBe(502);
      expect(e.error).toMatchObject({ type: 'server_error', code: 'upstream_error' });
      expect(e.message).toMatch(/refused the request/);
    }
  });
});

describe('GET /v1/models', () => {
  it('lists this tenant’s agents only, and reads one', async () => {
    const { ai, agent: ag } = await setup();
    const other = await setup();
    const ids = [];
    for await (const m of ai.models.list()) ids.push(m.id);
    expect(ids).toContain(ag.slug);
    expect(ids).toContain('hello-world');
    expect(ids).toHaveLength(2);
    expect(await ai.models.retrieve(ag.slug)).toMatchObject({ id: ag.slug, object: 'model', agent_id: ag.id });
    const e = await ai.models.retrieve(other.agent.id).catch((x) => x);
    expect(e).toBeInstanceOf(OpenAI.NotFoundError);
  });
});
