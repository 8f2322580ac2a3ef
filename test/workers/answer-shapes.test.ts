// The answers the API sends are exactly what worker/schemas/ says (the schemas behind the OpenAPI document and the
// SDK's generated types): each real answer parses with its schema and loses nothing in parsing, so a field sent but
// not described, or described but sent differently, fails here. The chat event stream included.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as accounts from '../../worker/schemas/accounts';
import * as agents from '../../worker/schemas/agents';
import * as chat from '../../worker/schemas/chat';
import * as connections from '../../worker/schemas/connections';
import * as embed from '../../worker/schemas/embed';
import { errorBody } from '../../worker/schemas/errors';
import * as openai from '../../worker/schemas/openai';
import * as sessions from '../../worker/schemas/sessions';
import * as tools from '../../worker/schemas/tools';
import { type Account, BASE, api, apiKey, signup } from './helpers';

/** `value` as `schema` describes it: valid, and equal to what parsing keeps (no field the schema would drop). */
function expectShape<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data, 'every field sent is in the schema').toEqual(value);
  return parsed.data as z.output<S>;
}

async function answer<S extends z.ZodType>(schema: S, res: Response, status = 200): Promise<z.output<S>> {
  expect(res.status).toBe(status);
  return expectShape(schema, await res.json());
}

/** The `{type, data}` events of an SSE body (`event:` and `data:` lines; other fields are ignored). */
async function sseEvents(res: Response): Promise<unknown[]> {
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const frames = (await res.text()).split('\n\n').filter((f) => f.trim());
  return frames.map((f) => ({ type: /^event: (.*)$/m.exec(f)?.[1], data: JSON.parse(/^data: (.*)$/m.exec(f)?.[1] ?? 'null') }));
}

async function agentWithTools(a: Account) {
  const res = await api('/api/v1/agents', {
    body: { name: 'Shape Agent', model: 'edgent-test', instructions: 'Be brief.', tool_ids: ['tol_calculator'] },
    as: a,
  });
  return answer(agents.agent, res, 201);
}

describe('answers match their schemas', () => {
  it('accounts: sign-up, the caller with a cookie and with a key, API keys', async () => {
    const email = `shapes-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const signed = await api('/api/v1/auth/signup', {
      body: { email, password: 'correct horse battery', organization: 'Shapes' },
      as: { ip: '198.51.100.77' },
    });
    await answer(accounts.authResult, signed, 201);
    const a = await signup('Shapes Inc');
    expect((await answer(accounts.identity, await api('/api/v1/me', { as: a }))).csrf_token).toBeTypeOf('string');
    const created = await answer(accounts.apiKeyCreated, await api('/api/v1/api-keys', { body: { name: 'shape key', scopes: ['agents:read'] }, as: a }), 201);
    expect((await answer(accounts.identity, await api('/api/v1/me', { as: { key: created.key } }))).api_key?.scopes).toEqual(['agents:read']);
    expect((await answer(accounts.apiKeyList, await api('/api/v1/api-keys', { as: a }))).data.length).toBeGreaterThan(0);
  });

  it('agents and versions', async () => {
    const a = await signup('Shapes Inc');
    const agent = await agentWithTools(a);
    await answer(agents.agent, await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { temperature: 0.5 }, as: a }));
    await answer(agents.agentList, await api('/api/v1/agents', { as: a }));
    expect((await answer(agents.agentVersionList, await api(`/api/v1/agents/${agent.id}/versions`, { as: a }))).data).toHaveLength(2);
  });

  it('sessions, a reply with a tool step, messages, the trace and the streamed events', async () => {
    const a = await signup('Shapes Inc');
    const agent = await agentWithTools(a);
    const session = await answer(sessions.session, await api(`/api/v1/agents/${agent.id}/sessions`, { body: {}, as: a }), 201);
    await answer(sessions.sessionList, await api('/api/v1/sessions', { as: a }));
    const reply = await answer(
      chat.reply,
      await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: '[[tool:calculator {"expression":"2+2"}]]' }, as: a }),
    );
    expect(reply.steps.map((s) => s.type)).toEqual(['model', 'tool', 'model']);
    const stream = await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: '[[tool:calculator {"expression":"3*3"}]]', stream: true }, as: a });
    const events = (await sseEvents(stream)).map((e) => expectShape(chat.chatEvent, e));
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['tool.call', 'tool.result', 'message.delta', 'message.completed']));
    const messages = await answer(chat.messageList, await api(`/api/v1/sessions/${session.id}/messages`, { as: a }));
    expect(messages.data.map((m) => m.role)).toContain('tool');
    expect((await answer(chat.trace, await api(`/api/v1/sessions/${session.id}/trace`, { as: a }))).data.length).toBe(6);
    await answer(sessions.session, await api(`/api/v1/sessions/${session.id}`, { as: a }));
    expect((await answer(sessions.cancelResult, await api(`/api/v1/sessions/${session.id}/cancel`, { method: 'POST', as: a }))).cancelled).toBe(false);
  });

  it('a failed turn streams an error event of the same schema', async () => {
    const a = await signup('Shapes Inc');
    const agent = await agentWithTools(a);
    const session = await answer(sessions.session, await api(`/api/v1/agents/${agent.id}/sessions`, { body: {}, as: a }), 201);
    // After the first token (before it, the failure is the HTTP status: sessions.test.ts).
    const stream = await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: '[[reply:a b c d]] [[cut:2]]', stream: true }, as: a });
    const events = (await sseEvents(stream)).map((e) => expectShape(chat.chatEvent, e));
    expect(events.at(-1)?.type).toBe('error');
  });

  it('connections, tools and embed keys', async () => {
    const a = await signup('Shapes Inc');
    const conn = await answer(
      connections.connection,
      await api('/api/v1/connections', {
        body: {
          name: 'Weather',
          kind: 'http',
          base_url: 'https://api.weather.test',
          auth: { type: 'header', header_name: 'X-Key', secret: 'sk-shape-secret-1234' },
        },
        as: a,
      }),
      201,
    );
    expect(conn.auth).toMatchObject({ type: 'header', header_name: 'X-Key' });
    await answer(connections.connectionList, await api('/api/v1/connections', { as: a }));
    const body = {
      name: 'get_weather',
      description: 'Weather for a city',
      kind: 'http',
      connection_id: conn.id,
      config: { method: 'GET', url: '/weather/{city}' },
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    };
    await answer(tools.tool, await api('/api/v1/tools', { body, as: a }), 201);
    const list = await answer(tools.toolList, await api('/api/v1/tools', { as: a }));
    expect(list.data.some((t) => t.builtin) && list.data.some((t) => !t.builtin)).toBe(true);
    const agent = await agentWithTools(a);
    await answer(
      embed.embedKey,
      await api(`/api/v1/agents/${agent.id}/embed-keys`, { body: { allowed_origins: ['https://shop.example.com'], greeting: 'Hi' }, as: a }),
      201,
    );
    await answer(embed.embedKeyList, await api(`/api/v1/agents/${agent.id}/embed-keys`, { as: a }));
  });

  it('errors carry a code of the table', async () => {
    const a = await signup('Shapes Inc');
    expectShape(errorBody, await (await api('/api/v1/agents/agt_00000000000000000000000000', { as: a })).json());
    const invalid = expectShape(errorBody, await (await api('/api/v1/agents', { body: { name: '' }, as: a })).json());
    expect(invalid.error.code).toBe('validation_failed');
  });

  it('the OpenAI-compatible API: models, a completion and an error', async () => {
    const a = await signup('Shapes Inc');
    const agent = await agentWithTools(a);
    const key = await apiKey(a);
    const models = await answer(openai.modelList, await api('/v1/models', { as: { key } }));
    expect(models.data.map((m) => m.id)).toContain(agent.slug);
    const completion = await api('/v1/chat/completions', {
      body: { model: agent.slug, messages: [{ role: 'user', content: '[[reply:Hello]]' }] },
      as: { key },
    });
    expect((await answer(openai.chatCompletion, completion)).choices[0]?.message.content).toBe('Hello');
    await answer(openai.openAiError, await api('/v1/models/nope', { as: { key } }), 404);
  });

  it('the widget: config, visitor token, the reply stream and the history', async () => {
    const a = await signup('Shapes Inc');
    const agent = await agentWithTools(a);
    const origin = 'https://shop.example.com';
    const key = await answer(embed.embedKey, await api(`/api/v1/agents/${agent.id}/embed-keys`, { body: { allowed_origins: [origin] }, as: a }), 201);
    const visit = (path: string, init: { token?: string; body?: unknown } = {}) =>
      SELF.fetch(`${BASE}/embed/v1/${key.public_key}${path}`, {
        method: init.body === undefined && !path.endsWith('/sessions') ? 'GET' : 'POST',
        headers: {
          origin,
          'cf-connecting-ip': '198.51.100.78',
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    await answer(embed.widgetConfig, await visit('/config'));
    const token = await answer(embed.visitorToken, await visit('/sessions'), 201);
    const events = (await sseEvents(await visit(`/sessions/${token.session_id}/messages`, { token: token.token, body: { content: '[[reply:Welcome]]' } }))).map(
      (e) => expectShape(embed.visitorEvent, e),
    );
    expect(events.at(-1)?.type).toBe('message.completed');
    const history = await answer(embed.visitorHistory, await visit(`/sessions/${token.session_id}/messages`, { token: token.token }));
    expect(history.data.map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});
