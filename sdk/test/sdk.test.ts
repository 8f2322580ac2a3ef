// @edgent/sdk end to end against the real Worker (the SDK's fetch is SELF.fetch): agents, sessions, messages sent
// and streamed, connections and tools, typed errors, pagination, and retries honouring Retry-After.
import { SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { API_LIMITS, resetApiLimits } from '../../worker/services/api-limits';
import { BASE, apiKey, signup } from '../../test/workers/helpers';
import { type ChatEvent, Edgent, EdgentError, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

async function client(opts: { fetch?: FetchLike; maxRetries?: number } = {}) {
  const a = await signup();
  return { a, edgent: new Edgent({ apiKey: await apiKey(a), baseUrl: BASE, fetch: opts.fetch ?? selfFetch, retryDelayMs: 10, maxRetries: opts.maxRetries }) };
}

/** Answers the first `n` requests itself with `status` (and headers), then passes through; counts attempts. */
function flaky(n: number, status: number, headers: Record<string, string> = {}) {
  const calls: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push(`${init.method} ${new URL(url).pathname}`);
    if (calls.length <= n)
      return Response.json(
        { error: { code: 'unavailable', message: 'try later' } },
        { status, headers: { 'x-request-id': `req_flaky_${calls.length}`, ...headers } },
      );
    return SELF.fetch(url, init);
  };
  return { fetch, calls };
}

const defaults = structuredClone(API_LIMITS);
afterEach(() => {
  Object.assign(API_LIMITS, structuredClone(defaults));
  resetApiLimits();
});

describe('@edgent/sdk', () => {
  it('creates an agent and a session, sends a message and streams the next reply as events', async () => {
    const { edgent, a } = await client();
    expect((await edgent.me()).tenant.id).toBe(a.tenant.id);
    const agent = await edgent.agents.create({ name: 'SDK Agent', model: 'edgent-test', instructions: 'Be brief.', tool_ids: ['tol_calculator'] });
    expect(agent).toMatchObject({ slug: 'sdk-agent', version: 1 });
    expect((await edgent.agents.update(agent.id, { description: 'changed' })).version).toBe(2);
    const session = await edgent.sessions.create(agent.id);
    const reply = await edgent.messages.send(session.id, '[[reply:Hi there]]');
    expect(reply.message?.content).toBe('Hi there');
    expect(reply.usage.output_tokens).toBeGreaterThan(0);

    const events: ChatEvent[] = [];
    for await (const e of edgent.messages.stream(session.id, '[[tool:calculator {"expression":"2+2"}]]')) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['tool.call', 'tool.result', 'message.delta', 'message.delta', 'message.delta', 'message.completed']);
    const done = events.at(-1)!;
    expect(done.type === 'message.completed' && done.data.message.content).toMatch(/^Tool said: /);
    expect((await edgent.messages.list(session.id)).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'tool', 'assistant']);
    expect((await edgent.sessions.trace(session.id)).filter((s) => s.type === 'tool')).toHaveLength(1);
    expect((await edgent.sessions.get(session.id)).agent_id).toBe(agent.id);
  });

  it('stops listening without stopping the turn, and resumes after the last event id', async () => {
    const { edgent } = await client();
    const agent = await edgent.agents.create({ name: 'Resumer', model: 'edgent-test' });
    const session = await edgent.sessions.create(agent.id);
    const first: ChatEvent[] = [];
    for await (const e of edgent.messages.stream(session.id, '[[reply:one two three four five six]] [[delay:40]]', { detach: true })) {
      first.push(e);
      if (first.length === 2) break;
    }
    const rest: ChatEvent[] = [];
    for await (const e of edgent.messages.resume(session.id, { lastEventId: first.at(-1)!.id })) rest.push(e);
    const all = [...first, ...rest];
    expect(all.map((e) => e.id?.split('-')[1])).toEqual(all.map((_, i) => String(i + 1)));
    expect(all.flatMap((e) => (e.type === 'message.delta' ? [e.data.text] : [])).join('')).toBe('one two three four five six');
    expect(all.at(-1)!.type).toBe('message.completed');
    const nothing: ChatEvent[] = [];
    for await (const e of edgent.messages.resume(session.id, { lastEventId: all.at(-1)!.id })) nothing.push(e);
    expect(nothing).toEqual([]);
  });

  it('manages connections and tools, and walks pages', async () => {
    const { edgent } = await client();
    const conn = await edgent.connections.create({
      name: 'Weather API',
      kind: 'http',
      base_url: 'https://api.weather.test',
      auth: { type: 'bearer', secret: 'sk-test-secret-1234' },
    });
    expect(conn.auth.hint).not.toContain('secret-1234');
    const tool = await edgent.tools.create({
      name: 'get_weather',
      description: 'Weather for a city',
      kind: 'http',
      connection_id: conn.id,
      config: { method: 'GET', url: '/weather/{city}' },
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    });
    expect((await edgent.tools.list({ builtin: false })).data.map((t) => t.id)).toEqual([tool.id]);
    expect((await edgent.tools.get(tool.id)).connection_id).toBe(conn.id);
    await expect(edgent.connections.delete(conn.id)).rejects.toMatchObject({ status: 409, code: 'conflict' });
    await edgent.connections.delete(conn.id, { force: true });
    for (let i = 0; i < 3; i++) await edgent.agents.create({ name: `Paged ${i}`, model: 'edgent-test' });
    const names: string[] = [];
    for await (const agent of edgent.agents.iterate({ limit: 2 })) names.push(agent.name);
    expect(names).toHaveLength(4); // three and Hello World, over two pages
  });

  it('throws EdgentError with status, code, details and the request id', async () => {
    const { edgent } = await client();
    const missing = await edgent.agents.get('agt_00000000000000000000000000').catch((e) => e);
    expect(missing).toBeInstanceOf(EdgentError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    expect(missing.requestId).toMatch(/^req_/);
    const invalid = await edgent.agents.create({ name: '', model: 'm' }).catch((e) => e);
    expect(invalid).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(invalid.details[0]).toMatchObject({ path: 'name' });
    const badKey = await new Edgent({ apiKey: 'edg_nope', baseUrl: BASE, fetch: selfFetch }).agents.list().catch((e) => e);
    expect(badKey).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('retries 429 and 5xx with backoff, honouring Retry-After, but never re-runs a write on a 500', async () => {
    const limited = flaky(1, 429, { 'retry-after': '1' });
    const { edgent } = await client({ fetch: limited.fetch });
    const started = Date.now();
    expect((await edgent.agents.list()).data.length).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(limited.calls).toHaveLength(2);

    const down = flaky(2, 503);
    const created = await new Edgent({ apiKey: await apiKey((await client()).a), baseUrl: BASE, fetch: down.fetch, retryDelayMs: 5 }).agents.create({
      name: 'After 503',
      model: 'm',
    });
    expect(created.name).toBe('After 503');
    expect(down.calls).toEqual(['POST /api/v1/agents', 'POST /api/v1/agents', 'POST /api/v1/agents']);

    const broken = flaky(5, 500);
    const writer = new Edgent({ apiKey: 'edg_x', baseUrl: BASE, fetch: broken.fetch, retryDelayMs: 1 });
    await expect(writer.agents.create({ name: 'x', model: 'm' })).rejects.toMatchObject({ status: 500, requestId: 'req_flaky_1' });
    expect(broken.calls).toHaveLength(1);
    await expect(writer.agents.list()).rejects.toMatchObject({ status: 500 });
    expect(broken.calls).toHaveLength(4); // a read: first try and two retries
  });

  it('waits out the server’s own rate limit and succeeds', async () => {
    API_LIMITS.perKey = { max: 2, windowMs: 1_000 };
    const { edgent } = await client();
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await edgent.agents.list()).data.length);
    expect(results).toEqual([1, 1, 1, 1]);
  });
});
