// Compatibility: a client generated from the OpenAPI document — openapi-typescript's types
// (test/compat-generated/openapi.ts) driving `openapi-fetch` — with an API key: a connection, an agent, a session,
// a message (plain and streamed), the history; the OpenAI-compatible routes; errors typed as the document's Error;
// tenancy as 404.
import createClient from 'openapi-fetch';
import { describe, expect, inject, it } from 'vitest';
import type { paths } from '../../compat-generated/openapi';
import { apiKey, parseSse, signup } from '../helpers';
import { BASE, workerFetch } from './fixture';

const client = (key: string) => createClient<paths>({ baseUrl: BASE, fetch: workerFetch, headers: { authorization: `Bearer ${key}` } });

async function setup() {
  const api = client(await apiKey(await signup()));
  const agent = await newAgent(api);
  return { api, agent };
}

async function newAgent(api: ReturnType<typeof client>) {
  const connection = await api.POST('/api/v1/connections', {
    body: { name: 'Model', kind: 'openai_compatible', base_url: inject('llmUrl'), auth: { type: 'bearer', secret: 'sk-compat-0123456789' } },
  });
  expect(connection.response.status).toBe(201);
  const agent = await api.POST('/api/v1/agents', {
    body: { name: 'Typed Agent', model: 'edgent-test', connection_id: connection.data!.id, instructions: 'You are {{agent_name}}.' },
  });
  expect(agent.response.status).toBe(201);
  return agent.data!;
}

describe('openapi-fetch with openapi-typescript types', () => {
  it('creates an agent, starts a session, sends a message and reads the history', async () => {
    const { api, agent } = await setup();
    expect(agent).toMatchObject({ name: 'Typed Agent', slug: 'typed-agent', version: 1 });
    const session = await api.POST('/api/v1/agents/{id}/sessions', { params: { path: { id: agent.id } }, body: {} });
    expect(session.response.status).toBe(201);
    const sid = session.data!.id;

    const reply = await api.POST('/api/v1/sessions/{id}/messages', { params: { path: { id: sid } }, body: { content: '[[echo:system]]' } });
    expect(reply.response.status).toBe(200);
    // the 200 is typed as the JSON Reply or the SSE text: without `stream` it is the Reply
    const turn = reply.data;
    if (!turn || typeof turn === 'string') throw new Error(`expected a JSON reply, got ${String(turn)}`);
    expect(turn.status).toBe('completed');
    expect(turn.message!.content).toBe('You are Typed Agent.');
    expect(turn.usage.output_tokens).toBeGreaterThan(0);

    const history = await api.GET('/api/v1/sessions/{id}/messages', { params: { path: { id: sid } } });
    expect(history.data!.data.map((m) => [m.role, m.content])).toEqual([
      ['user', '[[echo:system]]'],
      ['assistant', 'You are Typed Agent.'],
    ]);
  });

  it('streams a turn as Server-Sent Events (parseAs: stream)', async () => {
    const { api, agent } = await setup();
    const session = await api.POST('/api/v1/agents/{id}/sessions', { params: { path: { id: agent.id } }, body: {} });
    const r = await api.POST('/api/v1/sessions/{id}/messages', {
      params: { path: { id: session.data!.id } },
      body: { content: '[[reply:one two three]]', stream: true },
      parseAs: 'stream',
    });
    expect(r.response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = parseSse(await new Response(r.data!).text());
    const text = events
      .filter((e) => e.event === 'message.delta')
      .map((e) => e.data.text)
      .join('');
    expect(text).toBe('one two three');
    expect(events.at(-1)!.event).toBe('message.completed');
  });

  it('calls the OpenAI-compatible routes the document declares: chat completions and stored responses', async () => {
    const { api, agent } = await setup();
    const completion = await api.POST('/v1/chat/completions', { body: { model: agent.slug, messages: [{ role: 'user', content: '[[reply:typed]]' }] } });
    expect(completion.response.status).toBe(200);
    const chat = completion.data;
    if (!chat || typeof chat === 'string') throw new Error('expected a JSON completion');
    expect(chat.choices[0]!.message.content).toBe('typed');

    const created = await api.POST('/v1/responses', { body: { model: agent.slug, input: '[[reply:stored]]' } });
    expect(created.response.status).toBe(200);
    const response = created.data;
    if (!response || typeof response === 'string') throw new Error('expected a JSON response');
    const read = await api.GET('/v1/responses/{id}', { params: { path: { id: response.id } } });
    expect(read.data!.id).toBe(response.id);
    expect(read.data!.status).toBe('completed');
    const texts = read.data!.output.flatMap((item) => (item.type === 'message' ? item.content.map((part) => part.text) : []));
    expect(texts).toEqual(['stored']);
  });

  it('a model failure before the first token is the typed HTTP error, streamed or not (429 with Retry-After)', async () => {
    const { api, agent } = await setup();
    for (const stream of [false, true]) {
      const session = await api.POST('/api/v1/agents/{id}/sessions', { params: { path: { id: agent.id } }, body: {} });
      const r = await api.POST('/api/v1/sessions/{id}/messages', { params: { path: { id: session.data!.id } }, body: { content: '[[error:429]]', stream } });
      expect(r.response.status).toBe(429);
      expect(r.response.headers.get('retry-after')).not.toBeNull();
      expect(r.error!.error.code).toBe('rate_limited');
      expect(r.data).toBeUndefined();
    }
  });

  it('types the errors as the document’s Error: 400 with details, 404 for another tenant’s agent', async () => {
    const { api } = await setup();
    const other = await setup();
    const bad = await api.POST('/api/v1/agents', { body: { name: '' } as never });
    expect(bad.response.status).toBe(400);
    expect(bad.error!.error.code).toBe('validation_failed');
    expect(bad.error!.error.details!.map((d) => d.path)).toContain('name');
    const foreign = await api.GET('/api/v1/agents/{id}', { params: { path: { id: other.agent.id } } });
    expect(foreign.response.status).toBe(404);
    expect(foreign.error!.error.code).toBe('not_found');
    expect(foreign.data).toBeUndefined();
  });
});
