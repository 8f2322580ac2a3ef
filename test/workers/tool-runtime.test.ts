// Tools in chat turns (worker/tools/*): the test model asks for a tool with [[tool:NAME {args}]], a local API
// (test/fixtures/tools-api.mjs) answers, and the answer flows back; the trace keeps arguments and results with the
// connection secret redacted. Also fetch_url, calculator and call_agent with its depth limit.
import { env } from 'cloudflare:test';
import { describe, expect, it, inject } from 'vitest';
import { runTool } from '../../worker/tools/registry';
import { type Account, api, post, signup } from './helpers';

const API = inject('toolsApiUrl');

/** An agent with these tools and a fresh session. */
async function sessionWith(a: Account, toolIds: string[], extra: Record<string, unknown> = {}) {
  const agent = await post(a, '/api/v1/agents', { name: 'Tool user', model: 'edgent-test', tool_ids: toolIds, ...extra });
  const s = await post(a, `/api/v1/agents/${agent.id}/sessions`, {});
  return { agent, session: s };
}

async function say(a: Account, sessionId: string, content: string) {
  const res = await api(`/api/v1/sessions/${sessionId}/messages`, { body: { content }, as: a });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

const toolSteps = async (a: Account, sessionId: string) =>
  (((await (await api(`/api/v1/sessions/${sessionId}/trace`, { as: a })).json()) as any).data as any[]).filter((s) => s.type === 'tool');

describe('an http tool in a chat turn', () => {
  it('calls the API with the connection credential, answers with its result, and redacts the secret in the trace', async () => {
    const a = await signup();
    const secret = `tapi-${crypto.randomUUID()}`;
    const conn = await post(a, '/api/v1/connections', { name: 'Weather', kind: 'http', base_url: API, auth: { type: 'bearer', secret } });
    const tool = await post(a, '/api/v1/tools', {
      name: 'get_weather',
      description: 'Current weather for a city',
      kind: 'http',
      parameters: { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string', enum: ['metric', 'imperial'] } }, required: ['city'] },
      config: { method: 'GET', url: '/weather/{city}', query: ['units'] },
      connection_id: conn.id,
    });
    const { session } = await sessionWith(a, [tool.id]);
    const r = await say(a, session.id, '[[tool:get_weather {"city":"São Paulo","units":"imperial"}]]');
    expect(r.message.content).toContain('Tool said:');
    expect(r.message.content).toContain('"city": "São Paulo"');
    expect(r.message.content).toContain('"units": "imperial"');
    expect(r.message.content).toContain('"temperature": 21.5');
    expect(r.message.content).toContain('Bearer [redacted]'); // the API echoed the header; the model never saw it
    const [step] = await toolSteps(a, session.id);
    expect(step).toMatchObject({ name: 'get_weather', ok: true, arguments: '{"city":"São Paulo","units":"imperial"}' });
    expect(step.output).toContain('"conditions": "sunny"');
    for (const path of [`/api/v1/sessions/${session.id}/trace`, `/api/v1/sessions/${session.id}/messages`]) {
      expect(await (await api(path, { as: a })).text()).not.toContain(secret);
    }
  });

  it('reports invalid arguments, a refused credential and HTTP errors as failed tool results the model sees', async () => {
    const a = await signup();
    const good = await post(a, '/api/v1/connections', { name: 'W', kind: 'http', base_url: API, auth: { type: 'bearer', secret: 'tapi-good-123456' } });
    const bad = await post(a, '/api/v1/connections', { name: 'W2', kind: 'http', base_url: API, auth: { type: 'bearer', secret: 'wrong-token-123456' } });
    const params = { type: 'object', properties: { city: { type: 'string', minLength: 2 } }, required: ['city'], additionalProperties: false };
    const w = await post(a, '/api/v1/tools', {
      name: 'weather',
      description: 'd',
      kind: 'http',
      parameters: params,
      config: { method: 'GET', url: '/weather/{city}' },
      connection_id: good.id,
    });
    const w2 = await post(a, '/api/v1/tools', {
      name: 'weather2',
      description: 'd',
      kind: 'http',
      parameters: params,
      config: { method: 'GET', url: '/weather/{city}' },
      connection_id: bad.id,
    });
    const st = await post(a, '/api/v1/tools', {
      name: 'status',
      description: 'd',
      kind: 'http',
      parameters: { type: 'object', properties: {} },
      config: { method: 'GET', url: `${API}/status/503` },
    });
    const { session } = await sessionWith(a, [w.id, w2.id, st.id]);
    await say(a, session.id, '[[tool:weather {"city":"X","extra":1}]] [[tool:weather2 {"city":"Oslo"}]] [[tool:status {}]] [[tool:weather {"city":".."}]]');
    const steps = await toolSteps(a, session.id);
    expect(steps.map((s) => s.ok)).toEqual([false, false, false, false]);
    expect(steps[0].output).toMatch(/Invalid arguments for weather: city: must be at least 2 characters; extra: is not a known argument/);
    expect(steps[1].output).toMatch(/^HTTP 401 Unauthorized from GET .*\/weather\/Oslo: .*missing or bad token/s);
    expect(steps[2].output).toMatch(/^HTTP 503 .*status 503/s);
    expect(steps[3].output).toContain('cannot be ".."');
  });

  it('sends a JSON body, and header, query and basic credentials, redacting each from the output', async () => {
    const a = await signup();
    const cases = [
      { auth: { type: 'header', secret: 'hdr-secret-777777', header_name: 'X-Api-Key' }, leak: 'hdr-secret-777777' },
      { auth: { type: 'query', secret: 'qry-secret-888888', param_name: 'api_key' }, leak: 'qry-secret-888888' },
      { auth: { type: 'basic', secret: 'pw-secret-999999', username: 'bot' }, leak: btoa('bot:pw-secret-999999') },
    ];
    for (const [i, c] of cases.entries()) {
      const conn = await post(a, '/api/v1/connections', { name: `C${i}`, kind: 'http', base_url: `${API}/echo`, auth: c.auth });
      const tool = await post(a, '/api/v1/tools', {
        name: `create_${i}`,
        description: 'Create an order',
        kind: 'http',
        parameters: {
          type: 'object',
          properties: { shop: { type: 'string' }, item: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
          required: ['shop', 'item'],
        },
        config: { method: 'POST', url: '/shops/{shop}/orders', headers: { 'X-Shop': '{shop}' }, body: 'json' },
        connection_id: conn.id,
      });
      const { session } = await sessionWith(a, [tool.id]);
      await say(a, session.id, `[[tool:create_${i} {"shop":"acme","item":"tea","qty":2}]]`);
      const [step] = await toolSteps(a, session.id);
      expect(step.ok).toBe(true);
      const echoed = JSON.parse(step.output);
      expect(echoed).toMatchObject({
        method: 'POST',
        path: '/echo/shops/acme/orders',
        body: { item: 'tea', qty: 2 },
        headers: { 'x-shop': 'acme', 'content-type': 'application/json' },
      });
      expect(step.output).not.toContain(c.leak);
      expect(step.output).toContain('[redacted]');
    }
  });
});

describe('built-in tools in a chat turn', () => {
  it('fetch_url returns readable text of a page and refuses a redirect to the metadata address', async () => {
    const a = await signup();
    const { session } = await sessionWith(a, ['tol_fetch_url']);
    const meta = encodeURIComponent('http://169.254.169.254/latest/meta-data/');
    await say(
      a,
      session.id,
      `[[tool:fetch_url {"url":"${API}/page.html"}]] [[tool:fetch_url {"url":"${API}/redirect?to=${meta}"}]] [[tool:fetch_url {"url":"${API}/big?bytes=3000000","max_chars":500}]]`,
    );
    const [page, blocked, big] = await toolSteps(a, session.id);
    expect(page.ok).toBe(true);
    expect(page.output).toContain('Title: Edgent & friends');
    expect(page.output).toMatch(/Hello world\n+Agents on the edge <fast>\./);
    expect(page.output).toContain('- One\n- Two');
    expect(page.output).toContain('Café €5 ✓');
    expect(page.output).not.toMatch(/secret|color:red|enable js|a comment/);
    expect(blocked).toMatchObject({ ok: false, output: expect.stringMatching(/Blocked by the network guard: 169\.254\.169\.254 is a cloud metadata address/) });
    expect(big.ok).toBe(true);
    expect(big.output).toMatch(/a{500}\n…\[cut at 500 characters/);
  });

  it('calculator answers exactly and explains a bad expression', async () => {
    const a = await signup();
    const { session } = await sessionWith(a, ['tol_calculator']);
    const r = await say(a, session.id, '[[tool:calculator {"expression":"round(1250 * 1.21 ^ 3, 2)"}]] [[tool:calculator {"expression":"process.exit(1)"}]]');
    const [ok, bad] = await toolSteps(a, session.id);
    expect(JSON.parse(ok.output)).toEqual({ expression: 'round(1250 * 1.21 ^ 3, 2)', result: 2214.45 }); // 1250 × 1.771561
    expect(bad).toMatchObject({ ok: false, output: 'Cannot calculate: Unexpected character "." at position 8' });
    expect(r.message.content).toContain('2214.45');
  });

  it('call_agent asks another agent of the tenant by slug and returns its answer', async () => {
    const a = await signup();
    const helper = await post(a, '/api/v1/agents', { name: 'Billing helper', slug: 'billing-helper', model: 'edgent-test' });
    const { session } = await sessionWith(a, ['tol_call_agent'], { callable_agent_ids: [helper.id] });
    const r = await say(
      a,
      session.id,
      '[[tool:call_agent {"agent":"billing-helper","message":"[[reply:Your invoice is paid.]]"}]] [[tool:call_agent {"agent":"nobody","message":"hi"}]]',
    );
    expect(r.message.content).toContain('Tool said: Your invoice is paid.');
    const [ok, missing] = await toolSteps(a, session.id);
    expect(ok).toMatchObject({ ok: true, output: 'Your invoice is paid.' });
    expect(missing).toMatchObject({ ok: false, output: expect.stringContaining('"nobody" is not an agent this agent may call') });
    const sessions = ((await (await api(`/api/v1/sessions?agent_id=${helper.id}`, { as: a })).json()) as any).data;
    expect(sessions).toHaveLength(1);
    expect(sessions[0].metadata).toMatchObject({ via: 'call_agent', parent_session_id: session.id, depth: 1 });
  });

  it('call_agent stops at a depth of 3 nested calls', async () => {
    const a = await signup();
    // Two agents that may call each other (an agent may not list itself).
    const pong = await post(a, '/api/v1/agents', { name: 'Pong', slug: 'pong', model: 'edgent-test', tool_ids: ['tol_call_agent'] });
    const { agent, session } = await sessionWith(a, ['tol_call_agent'], { slug: 'ping', callable_agent_ids: [pong.id] });
    expect((await api(`/api/v1/agents/${pong.id}`, { method: 'PATCH', body: { callable_agent_ids: [agent.id] }, as: a })).status).toBe(200);
    // Four nested asks, alternating: the 1st, 2nd and 3rd calls run; the 4th is refused at depth 3.
    let message = '[[reply:bottom]]';
    for (let i = 0; i < 4; i++) message = `[[tool:call_agent ${JSON.stringify({ agent: i % 2 ? 'pong' : 'ping', message })}]]`;
    const r = await say(a, session.id, message);
    expect(r.message.content).toContain('limited to 3 nested calls');
    const list = async (id: string) => ((await (await api(`/api/v1/sessions?agent_id=${id}`, { as: a })).json()) as any).data;
    const sessions = [...(await list(agent.id)), ...(await list(pong.id))];
    expect(sessions.map((s: any) => s.metadata.depth ?? 0).sort()).toEqual([0, 1, 2, 3]);
  });

  it('call_agent refuses at depth 3 without opening a session', async () => {
    const a = await signup();
    const before = (await env.DB.prepare('select count(*) as n from chat_sessions where tenant_id = ?').bind(a.tenant.id).first<{ n: number }>())!.n;
    const spec = { id: 'tol_call_agent', name: 'call_agent', description: '', kind: 'builtin' as const, parameters: {}, config: {}, connectionId: null };
    const ctx = {
      env,
      tenantId: a.tenant.id,
      sessionId: 'ses_x',
      agentId: 'agt_x',
      runtime: 'edge' as const,
      signal: new AbortController().signal,
      connection: () => undefined,
      secretFor: async () => null,
      depth: 3,
      runAgent: async () => {
        throw new Error('call_agent must refuse before running an agent');
      },
    };
    const r = await runTool([spec], 'call_agent', '{"agent":"hello-world","message":"hi"}', ctx);
    expect(r).toEqual({ ok: false, output: expect.stringContaining('limited to 3 nested calls') });
    const after = (await env.DB.prepare('select count(*) as n from chat_sessions where tenant_id = ?').bind(a.tenant.id).first<{ n: number }>())!.n;
    expect(after).toBe(before);
  });
});
