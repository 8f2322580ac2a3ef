// Sessions API and the agent runtime (routes/api/sessions.ts, durable-objects/agent-session.ts) against the scriptable
// OpenAI-compatible upstream (test/fixtures): streaming, tools, max_steps, retries, errors, cancel, persistence.
import { env, evictDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, api, createAgent, createSession, expectError, readSse, signup } from './helpers';

const newAgent = (a: Account, body: Record<string, unknown> = {}) =>
  createAgent(a, { name: 'Tester', instructions: 'You are {{persona}}.', variables: { persona: 'a tester' }, ...body });

const say = (a: Account, sessionId: string, content: string, stream = false) =>
  api(`/api/v1/sessions/${sessionId}/messages`, { body: { content, stream }, as: a });

describe('a streamed turn', () => {
  it('streams deltas in order, then message.completed with usage, and keeps the history', async () => {
    const a = await signup();
    const agent = await newAgent(a);
    const s = await createSession(a, agent.id);
    expect(s).toMatchObject({ agent_id: agent.id, agent_version: 1 });
    expect(s.id).toMatch(/^ses_/);
    const res = await say(a, s.id, 'hello there [[delay:5]]', true);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = await readSse(res);
    const deltas = events.filter((e) => e.event === 'message.delta');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.data.text).join('')).toBe('Hello! You said: hello there');
    const last = events[events.length - 1]!;
    expect(last.event).toBe('message.completed');
    expect(last.data.message).toMatchObject({ role: 'assistant', content: 'Hello! You said: hello there', status: 'completed' });
    expect(last.data.usage.input_tokens).toBeGreaterThan(0);
    expect(last.data.usage.output_tokens).toBeGreaterThan(0);
    const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
    expect(history.data.map((m: any) => [m.role, m.status])).toEqual([
      ['user', 'completed'],
      ['assistant', 'completed'],
    ]);
  });

  it('answers in JSON without stream, with usage and steps', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    const res = await say(a, s.id, '[[reply:Plain answer]]');
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.message).toMatchObject({ role: 'assistant', content: 'Plain answer', status: 'completed' });
    expect(body.steps).toEqual([expect.objectContaining({ type: 'model', model: 'edgent-test', ok: true })]);
  });

  it('renders the instructions template with session variables over agent defaults', async () => {
    const a = await signup();
    const agent = await newAgent(a);
    const s1 = await createSession(a, agent.id);
    expect(((await (await say(a, s1.id, '[[echo:system]]')).json()) as any).message.content).toBe('You are a tester.');
    const s2 = await createSession(a, agent.id, { variables: { persona: 'a pirate' } });
    expect(((await (await say(a, s2.id, '[[echo:system]]')).json()) as any).message.content).toBe('You are a pirate.');
    await expectError(await api(`/api/v1/agents/${agent.id}/sessions`, { body: { variables: { mood: 'x' } }, as: a }), 400, 'validation_failed');
  });

  it('keeps using the agent version the session was created with', async () => {
    const a = await signup();
    const agent = await newAgent(a);
    const s = await createSession(a, agent.id);
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'Changed.', variables: {} }, as: a });
    expect(((await (await say(a, s.id, '[[echo:system]]')).json()) as any).message.content).toBe('You are a tester.');
  });
});

describe('tools', () => {
  it('runs a tool call loop: tool.call, tool.result, then the final answer with the tool output', async () => {
    const a = await signup();
    const agent = await newAgent(a, { tool_ids: ['tol_current_time'] });
    const s = await createSession(a, agent.id);
    const events = await readSse(await say(a, s.id, 'what time is it? [[tool:current_time {"timezone":"Europe/Paris"}]]', true));
    const names = events.map((e) => e.event).filter((n) => n !== 'message.delta');
    expect(names).toEqual(['tool.call', 'tool.result', 'message.completed']);
    const call = events.find((e) => e.event === 'tool.call')!.data;
    expect(call).toMatchObject({ name: 'current_time', arguments: '{"timezone":"Europe/Paris"}' });
    const result = events.find((e) => e.event === 'tool.result')!.data;
    expect(result).toMatchObject({ id: call.id, name: 'current_time', ok: true });
    expect(JSON.parse(result.output)).toMatchObject({ timezone: 'Europe/Paris' });
    const final = events[events.length - 1]!.data.message.content;
    expect(final).toContain('Tool said:');
    expect(final).toContain('Europe/Paris');
    const trace = (await (await api(`/api/v1/sessions/${s.id}/trace`, { as: a })).json()) as any;
    expect(trace.data.map((t: any) => t.type)).toEqual(['model', 'tool', 'model']);
    expect(trace.data[1]).toMatchObject({ name: 'current_time', ok: true, arguments: '{"timezone":"Europe/Paris"}' });
    expect(trace.data[0].duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('stops at max_steps with a clear message', async () => {
    const a = await signup();
    const agent = await newAgent(a, { tool_ids: ['tol_current_time'], max_steps: 3 });
    const s = await createSession(a, agent.id);
    const body = (await (await say(a, s.id, '[[tool-loop:current_time]]')).json()) as any;
    expect(body.status).toBe('interrupted');
    expect(body.message.content).toMatch(/stopped after 3 steps/);
    expect(body.steps.filter((t: any) => t.type === 'model')).toHaveLength(3);
  });

  it('returns a tool error to the model instead of failing the turn', async () => {
    const a = await signup();
    const agent = await newAgent(a, { tool_ids: ['tol_current_time'] });
    const s = await createSession(a, agent.id);
    const events = await readSse(await say(a, s.id, '[[tool:current_time {"timezone":"Mars/Olympus"}]]', true));
    expect(events.find((e) => e.event === 'tool.result')!.data).toMatchObject({ ok: false, output: expect.stringContaining('Unknown time zone') });
    expect(events[events.length - 1]!.event).toBe('message.completed');
  });
});

describe('upstream failures', () => {
  it('retries a 500 and a 429 before anything streamed, then answers', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    const r1 = (await (await say(a, s.id, `[[error:500 times:2]] ${crypto.randomUUID()}`)).json()) as any;
    expect(r1.message.status).toBe('completed');
    expect(r1.steps[0].attempts).toBe(3);
    const r2 = (await (await say(a, s.id, `[[error:429 times:1]] ${crypto.randomUUID()}`)).json()) as any;
    expect(r2.steps[0].attempts).toBe(2);
  });

  it('answers a failure before the first token with its HTTP status, streamed or not, and keeps the failed turn', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    const streamed = await say(a, s.id, '[[error:503]]', true);
    const e = await expectError(streamed, 502, 'upstream_error');
    expect(e.message).toContain('HTTP 503');
    expect(e.details).toEqual([{ path: 'turn', message: 'upstream_error' }]);
    await expectError(await say(a, s.id, '[[error:500]]'), 502, 'upstream_error');
    // The transcript shows both failed replies, and the conversation goes on.
    const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
    expect(history.data.map((m: any) => [m.role, m.status])).toEqual([
      ['user', 'failed'],
      ['assistant', 'failed'],
      ['user', 'failed'],
      ['assistant', 'failed'],
    ]);
    expect(history.data[1].error).toMatchObject({ code: 'upstream_error' });
    expect(((await (await say(a, s.id, '[[reply:fine]]')).json()) as any).message.content).toBe('fine');
  });

  it('passes the provider rate limit on as 429 with Retry-After, so the caller waits and retries', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    const streamed = await say(a, s.id, '[[error:429 retry-after:0]]', true);
    await expectError(streamed, 429, 'rate_limited');
    expect(streamed.headers.get('retry-after')).toBe('1');
    const json = await say(a, s.id, '[[error:429 retry-after:2]]');
    await expectError(json, 429, 'rate_limited');
    expect(json.headers.get('retry-after')).toBe('2');
  });

  it('does not retry a rejected key and says to check it', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    const e = await expectError(await say(a, s.id, '[[error:401]]', true), 502, 'upstream_error');
    expect(e).toMatchObject({ message: expect.stringContaining('API key'), details: [{ path: 'turn', message: 'upstream_auth' }] });
    const trace = (await (await api(`/api/v1/sessions/${s.id}/trace`, { as: a })).json()) as any;
    expect(trace.data[0]).toMatchObject({ ok: false, attempts: 1, error: { code: 'upstream_auth' } });
  });

  it('times out a model that never answers with 504', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    const e = await expectError(await say(a, s.id, '[[hang]]', true), 504, 'upstream_timeout');
    expect(e.message).toContain('did not answer');
  });

  it('streams once the provider answers: a stall after that is an error event in a 200 stream', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    // The provider accepts (headers and the role chunk) and then sends nothing: the test timeout is 1 s.
    const res = await say(a, s.id, '[[stall:0]]', true);
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events).toEqual([{ event: 'error', data: { code: 'upstream_timeout', message: expect.stringContaining('did not answer') } }]);
  });

  it('the timeout is per silence, not per answer: a steady slow stream longer than it finishes, a stall mid-answer is cut', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    // 25 words 60 ms apart: over 1.4 s in all, never 1 s (the test timeout) without a token. Short gaps leave a wide
    // margin: on a loaded machine a 250 ms gap once stretched past the second and the answer was cut.
    const words = Array.from({ length: 25 }, (_, i) => `w${i + 1}`).join(' ');
    const t0 = Date.now();
    const slow = await readSse(await say(a, s.id, `[[reply:${words}]] [[delay:60]]`, true));
    expect(Date.now() - t0).toBeGreaterThan(1000);
    expect(
      slow
        .filter((e) => e.event === 'message.delta')
        .map((e) => e.data.text)
        .join(''),
    ).toBe(words);
    expect(slow.at(-1)?.event).toBe('message.completed');
    // Three words, then nothing: the timeout counts from the last token.
    const stalled = await readSse(await say(a, s.id, '[[reply:one two three four five]] [[stall:3]]', true));
    expect(
      stalled
        .filter((e) => e.event === 'message.delta')
        .map((e) => e.data.text)
        .join(''),
    ).toBe('one two three');
    expect(stalled.at(-1)).toEqual({ event: 'error', data: { code: 'upstream_timeout', message: expect.stringContaining('did not answer') } });
  });

  it('keeps a partial answer as interrupted when the stream is cut mid-way', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    const events = await readSse(await say(a, s.id, '[[reply:one two three four five six]] [[cut:3]]', true));
    expect(
      events
        .filter((e) => e.event === 'message.delta')
        .map((e) => e.data.text)
        .join(''),
    ).toBe('one two three');
    expect(events[events.length - 1]).toEqual({ event: 'error', data: { code: 'upstream_interrupted', message: expect.any(String) } });
    const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
    expect(history.data[1]).toMatchObject({ role: 'assistant', content: 'one two three', status: 'interrupted' });
    // the conversation goes on after an interruption
    expect(((await (await say(a, s.id, '[[reply:recovered]]')).json()) as any).message.content).toBe('recovered');
  });
});

describe('sessions', () => {
  it('keeps the history when the object restarts', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    await say(a, s.id, '[[reply:remember me]]');
    const stub = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${s.id}`));
    await evictDurableObject(stub);
    const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
    expect(history.data.map((m: any) => m.content)).toEqual(['[[reply:remember me]]', 'remember me']);
    const r = (await (await say(a, s.id, '[[echo:messages]]')).json()) as any;
    expect(JSON.parse(r.message.content).count).toBe(4); // system + 2 old + the new one
  });

  it('answers 409 to a message sent while a turn is running', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    const slow = say(a, s.id, '[[reply:slow answer here]] [[delay:300]]', true);
    const first = await slow;
    const second = await say(a, s.id, 'me too');
    await expectError(second, 409, 'conflict');
    await first.text();
    expect((await say(a, s.id, '[[reply:now it works]]')).status).toBe(200);
  });

  it('cancels a running turn through the cancel route, keeping the partial answer', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    const res = await say(a, s.id, '[[reply:a b c d e f g h i j k l]] [[delay:100]]', true);
    const reader = res.body!.getReader();
    await reader.read();
    expect(((await (await api(`/api/v1/sessions/${s.id}/cancel`, { method: 'POST', as: a })).json()) as any).cancelled).toBe(true);
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('"code":"cancelled"');
    const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
    expect(history.data[1]?.status).toBe('cancelled');
  });

  it('lists, reads and deletes sessions', async () => {
    const a = await signup();
    const agent = await newAgent(a);
    const s1 = await createSession(a, agent.id);
    const s2 = await createSession(a, agent.id);
    const list = (await (await api(`/api/v1/sessions?agent_id=${agent.id}`, { as: a })).json()) as any;
    expect(list.data.map((x: any) => x.id)).toEqual([s2.id, s1.id]);
    expect(((await (await api(`/api/v1/sessions/${s1.id}`, { as: a })).json()) as any).id).toBe(s1.id);
    expect((await api(`/api/v1/sessions/${s1.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await api(`/api/v1/sessions/${s1.id}`, { as: a }), 404);
    await expectError(await api(`/api/v1/sessions/${s1.id}/messages`, { as: a }), 404);
    await expectError(await say(a, s1.id, 'hello?'), 404);
  });

  it("deletes a conversation's row and its object's storage together, the storage even when the row is gone", async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    await say(a, s.id, '[[reply:kept until deleted]]');
    const stub = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${s.id}`));
    // The row alone disappears (an older deletion that failed half-way): the object's storage still goes.
    await env.DB.prepare('delete from chat_sessions where id = ?').bind(s.id).run();
    expect((await api(`/api/v1/sessions/${s.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect(await stub.messages()).toBeNull();
    await expectError(await api(`/api/v1/sessions/${s.id}/messages`, { as: a }), 404);
    await expectError(await api(`/api/v1/sessions/${s.id}`, { method: 'DELETE', as: a }), 404);
    // A normal deletion leaves neither behind.
    const s2 = await createSession(a, (await newAgent(a)).id);
    expect((await api(`/api/v1/sessions/${s2.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    const row = await env.DB.prepare('select id from chat_sessions where id = ?').bind(s2.id).first();
    expect(row).toBeNull();
    expect(await env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${s2.id}`)).snapshot()).toBeNull();
  });

  it('answers 404 for unknown and malformed session ids', async () => {
    const a = await signup();
    for (const id of ['ses_00000000000000000000000000', 'nope', 'ses_../../x']) {
      await expectError(await api(`/api/v1/sessions/${id}/messages`, { as: a }), 404, 'not_found');
      await expectError(await say(a, id, 'hi'), 404, 'not_found');
    }
  });

  it('refuses empty and oversized messages with 400', async () => {
    const a = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    await expectError(await say(a, s.id, '   '), 400, 'validation_failed');
    await expectError(await say(a, s.id, 'x'.repeat(32_001)), 400, 'validation_failed');
  });
});

describe('two tenants', () => {
  it("answers 404 on every session route for another tenant's session", async () => {
    const a = await signup();
    const b = await signup();
    const s = await createSession(a, (await newAgent(a)).id);
    await say(a, s.id, '[[reply:private to A]]');
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/sessions/${s.id}`],
      ['DELETE', `/api/v1/sessions/${s.id}`],
      ['GET', `/api/v1/sessions/${s.id}/messages`],
      ['POST', `/api/v1/sessions/${s.id}/messages`, { content: 'hi' }],
      ['GET', `/api/v1/sessions/${s.id}/trace`],
      ['POST', `/api/v1/sessions/${s.id}/cancel`],
    ];
    for (const [method, path, body] of routes) await expectError(await api(path, { method, body, as: b }), 404, 'not_found');
    const list = await (await api('/api/v1/sessions', { as: b })).text();
    expect(list).not.toContain(s.id);
    const agentA = (await (await api('/api/v1/agents', { as: a })).json()) as any;
    await expectError(await api(`/api/v1/agents/${agentA.data[0].id}/sessions`, { body: {}, as: b }), 404);
    expect(((await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any).data).toHaveLength(2);
  });
});

describe('model connections', () => {
  it("uses the agent's own openai_compatible connection and its encrypted key", async () => {
    const a = await signup();
    const con = (await (
      await api('/api/v1/connections', {
        body: { name: 'Local LLM', kind: 'openai_compatible', base_url: env.LLM_URL, auth: { type: 'bearer', secret: 'sk-tenant-key-123456789' } },
        as: a,
      })
    ).json()) as any;
    expect(con.auth.hint).not.toContain('123456789');
    const agent = await newAgent(a, { connection_id: con.id });
    const s = await createSession(a, agent.id);
    const body = (await (await say(a, s.id, '[[echo:auth]]')).json()) as any;
    expect(body.message.content).toBe('Bearer sk-tenant-key-123456789');
    // the operator default is used when the agent has no connection
    const plain = await createSession(a, (await newAgent(a)).id);
    expect(((await (await say(a, plain.id, '[[echo:auth]]')).json()) as any).message.content).toBe('Bearer test-operator-key');
  });
});
