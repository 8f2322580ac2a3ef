// The widget's visitor API (routes/protocols/embed.ts): origin lock and CORS (preflight too), visitor tokens (tampered,
// expired, refreshed, bound to origin and session), streaming without tool internals, revocation at once, limits.
import { SELF, env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EMBED_LIMITS } from '../../worker/services/embed-limits';
import { issueVisitorToken } from '../../worker/services/visitor-token';
import { type Account, api, BASE, createEmbedKey, expectError, helloWorld, readSse, signup, uniqueIp } from './helpers';

const SITE = 'https://shop.example.com';
const defaults = structuredClone(EMBED_LIMITS);
afterEach(() => {
  Object.assign(EMBED_LIMITS, structuredClone(defaults));
  vi.restoreAllMocks();
});

type Visitor = { pk: string; origin?: string; token?: string; ip?: string };

function embed(path: string, v: Visitor, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'cf-connecting-ip': v.ip ?? '203.0.113.50', ...init.headers };
  if (v.origin !== undefined) headers.origin = v.origin;
  if (v.token) headers.authorization = `Bearer ${v.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return SELF.fetch(`${BASE}/embed/v1/${v.pk}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
}

async function embedKey(a: Account, body: Record<string, unknown> = {}) {
  const agentId = (await helloWorld(a)).id;
  await api(`/api/v1/agents/${agentId}`, { method: 'PATCH', body: { model: 'edgent-test' }, as: a });
  return { ...(await createEmbedKey(a, agentId, { allowed_origins: [SITE], ...body })), agentId };
}

async function startVisit(pk: string, origin = SITE, ip = uniqueIp()): Promise<Visitor & { session: string }> {
  const res = await embed('/sessions', { pk, origin, ip }, { method: 'POST' });
  expect(res.status).toBe(201);
  const body = (await res.json()) as any;
  expect(body.session_id).toMatch(/^ses_/);
  return { pk, origin, ip, token: body.token, session: body.session_id };
}

const say = (v: Visitor & { session: string }, content: string) => embed(`/sessions/${v.session}/messages`, v, { body: { content } });

describe('origin lock and CORS', () => {
  it('answers an allowed origin with its config and CORS headers', async () => {
    const a = await signup();
    const key = await embedKey(a, { greeting: 'Welcome!', suggested_prompts: ['Prices?'], theme: { color: '#112233', title: 'Help' } });
    const res = await embed('/config', { pk: key.public_key, origin: SITE });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await res.json()).toEqual({
      agent: { name: 'Hello World' },
      greeting: 'Welcome!',
      suggested_prompts: ['Prices?'],
      theme: { color: '#112233', title: 'Help' },
      attachments: null,
    });
  });

  it('refuses other origins with a 403 that site can read, naming the origin to add; no Origin gets no CORS at all', async () => {
    const a = await signup();
    const key = await embedKey(a, { allowed_origins: [SITE, 'https://*.example.org'] });
    expect((await embed('/config', { pk: key.public_key, origin: 'https://docs.example.org' })).status).toBe(200);
    for (const origin of ['https://evil.example', 'http://shop.example.com', 'https://shop.example.com:8443', 'https://example.org', 'null']) {
      const res = await embed('/config', { pk: key.public_key, origin });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      const err = await expectError(res, 403, 'forbidden');
      expect(err.message).toBe(`This site (${origin}) is not allowed for key ${key.public_key}: add it in Agents → Embed`);
    }
    const none = await embed('/config', { pk: key.public_key });
    await expectError(none, 403, 'forbidden');
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
    const post = await embed('/sessions', { pk: key.public_key, origin: 'https://evil.example' }, { method: 'POST' });
    await expectError(post, 403, 'forbidden');
    expect(await env.DB.prepare('select count(*) as n from chat_sessions where tenant_id = ?').bind(a.tenant.id).first('n')).toBe(0);
  });

  it('records refused origins per key through the queue, once per origin with a count', async () => {
    const a = await signup();
    const b = await signup();
    const key = await embedKey(a);
    const other = await embedKey(b);
    const origin = `https://refused-${crypto.randomUUID().slice(0, 8)}.example`;
    await embed('/config', { pk: key.public_key, origin });
    await embed('/config', { pk: key.public_key, origin: `${origin}:8443` });
    await embed('/config', { pk: key.public_key, origin: SITE }); // allowed: not recorded
    await vi.waitFor(
      async () => {
        const rows = (
          await env.DB.prepare('select tenant_id, embed_key_id, origin, count from embed_refused_origins where embed_key_id = ? order by origin')
            .bind(key.id)
            .all<any>()
        ).results;
        expect(rows).toEqual([
          { tenant_id: a.tenant.id, embed_key_id: key.id, origin, count: 1 },
          { tenant_id: a.tenant.id, embed_key_id: key.id, origin: `${origin}:8443`, count: 1 },
        ]);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(await env.DB.prepare('select count(*) as n from embed_refused_origins where embed_key_id = ?').bind(other.id).first('n')).toBe(0);
  });

  it('answers a preflight only for an allowed origin', async () => {
    const a = await signup();
    const key = await embedKey(a);
    const pre = (origin: string) =>
      embed(
        '/sessions/ses_x/messages',
        { pk: key.public_key, origin },
        { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } },
      );
    const ok = await pre(SITE);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const refused = await pre('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('always lets the platform itself in (the settings preview) and 404s an unknown key', async () => {
    const a = await signup();
    const key = await embedKey(a);
    expect((await embed('/config', { pk: key.public_key, origin: BASE })).status).toBe(200);
    expect((await embed('/config', { pk: key.public_key }, { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    await expectError(await embed('/config', { pk: 'pk_AAAAAAAAAAAAAAAAAAAAAAAA', origin: SITE }), 404, 'not_found');
    await expectError(await embed('/config', { pk: 'nope', origin: SITE }), 404, 'not_found');
  });
});

describe('a visitor conversation', () => {
  it('streams a reply without tool internals and reads the history back', async () => {
    const a = await signup();
    const key = await embedKey(a);
    const v = await startVisit(key.public_key);
    const res = await say(v, 'time? [[tool:current_time {"timezone":"UTC"}]]');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    const seen = await readSse(res);
    expect(new Set(seen.map((e) => e.event))).toEqual(new Set(['message.delta', 'message.completed']));
    const done = seen[seen.length - 1]!.data.message;
    expect(Object.keys(done).sort()).toEqual(['content', 'created_at', 'id', 'role', 'status']);
    expect(done.content).toContain('Tool said:');
    const history = (await (await embed(`/sessions/${v.session}/messages`, v)).json()) as any;
    expect(history.data.map((m: any) => m.role)).toEqual(['user', 'assistant']);
    expect(JSON.stringify(history)).not.toContain('tool_call');
    // the tenant sees the conversation, marked as coming from the widget
    const s = (await (await api(`/api/v1/sessions/${v.session}`, { as: a })).json()) as any;
    expect(s.metadata).toEqual({ via: 'widget', embed_key_id: key.id, origin: SITE });
  });

  it('refuses a tampered, foreign or expired visitor token with 401 (readable by the page)', async () => {
    const a = await signup();
    const key = await embedKey(a, { allowed_origins: [SITE, 'https://blog.example.com'] });
    const v = await startVisit(key.public_key);
    const other = await startVisit(key.public_key);
    const [body, sig] = v.token!.split('.');
    const forged = JSON.parse(atob(body!.replace(/-/g, '+').replace(/_/g, '/')));
    forged.s = other.session;
    const forgedBody = btoa(JSON.stringify(forged)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    for (const token of [`${body}.${sig!.slice(0, -2)}xx`, `${forgedBody}.${sig}`, 'garbage', `${v.token}.x`]) {
      const res = await say({ ...v, token }, 'hi');
      await expectError(res, 401, 'unauthorized');
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    }
    await expectError(await say({ ...v, token: other.token }, 'hi'), 401, 'unauthorized'); // another conversation's token
    await expectError(await say({ ...v, origin: 'https://blog.example.com' }, 'hi'), 401, 'unauthorized'); // bound to its origin
    const b = await signup('Other Co');
    const keyB = await embedKey(b);
    await expectError(await say({ ...v, pk: keyB.public_key }, 'hi'), 401, 'unauthorized'); // bound to its key
    // a visitor token is never an API credential
    await expectError(await api(`/api/v1/sessions/${v.session}/messages`, { headers: { authorization: `Bearer ${v.token}` } }), 401);

    const old = await issueVisitorToken(env.SESSION_SECRET, { k: key.id, a: key.agentId, o: SITE, s: v.session }, Date.now() - 2 * 3600_000);
    await expectError(await say({ ...v, token: old.token }, 'hi'), 401, 'unauthorized');
    // within the refresh window, the expired token is exchanged for a fresh one that works
    const fresh = await embed(`/sessions/${v.session}/token`, { ...v, token: old.token }, { method: 'POST' });
    expect(fresh.status).toBe(200);
    const t = (await fresh.json()) as any;
    expect(new Date(t.expires_at).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect((await say({ ...v, token: t.token }, '[[reply:still here]]')).status).toBe(200);
    const ancient = await issueVisitorToken(env.SESSION_SECRET, { k: key.id, a: key.agentId, o: SITE, s: v.session }, Date.now() - 8 * 86_400_000);
    await expectError(await embed(`/sessions/${v.session}/token`, { ...v, token: ancient.token }, { method: 'POST' }), 401, 'unauthorized');
  });

  it('stops a revoked key at once, and follows changed origins at once', async () => {
    const a = await signup();
    const key = await embedKey(a);
    const v = await startVisit(key.public_key);
    expect((await say(v, '[[reply:one]]')).status).toBe(200);
    expect(
      (await api(`/api/v1/agents/${key.agentId}/embed-keys/${key.id}`, { method: 'PATCH', body: { allowed_origins: ['https://new.example.com'] }, as: a }))
        .status,
    ).toBe(200);
    await expectError(await say(v, 'two'), 403, 'forbidden');
    expect((await api(`/api/v1/agents/${key.agentId}/embed-keys/${key.id}`, { method: 'PATCH', body: { allowed_origins: [SITE] }, as: a })).status).toBe(200);
    expect((await say(v, '[[reply:three]]')).status).toBe(200);
    expect((await api(`/api/v1/agents/${key.agentId}/embed-keys/${key.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await say(v, 'four'), 404, 'not_found');
    await expectError(await embed('/config', v), 404, 'not_found');
    await expectError(await embed('/sessions', v, { method: 'POST' }), 404, 'not_found');
  });

  it('validates the message and answers 404 for a conversation that was deleted', async () => {
    const a = await signup();
    const key = await embedKey(a);
    const v = await startVisit(key.public_key);
    await expectError(await say(v, '   '), 400, 'validation_failed');
    await expectError(await say(v, 'x'.repeat(4001)), 400, 'validation_failed');
    expect((await api(`/api/v1/sessions/${v.session}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await embed(`/sessions/${v.session}/messages`, v), 404, 'not_found');
    await expectError(await embed(`/sessions/${v.session}/token`, v, { method: 'POST' }), 404, 'not_found');
  });
});

describe('rate limits', () => {
  it('limits messages per visitor, with Retry-After the page can read', async () => {
    EMBED_LIMITS.messagesPerVisitor.max = 2;
    const a = await signup();
    const v = await startVisit((await embedKey(a)).public_key);
    for (const n of [1, 2]) await (await say(v, `[[reply:ok ${n}]]`)).text();
    const res = await say(v, '[[reply:too many]]');
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('limits new conversations per IP', async () => {
    EMBED_LIMITS.sessionsPerIp.max = 2;
    const a = await signup();
    const key = await embedKey(a);
    const ip = uniqueIp();
    await startVisit(key.public_key, SITE, ip);
    await startVisit(key.public_key, SITE, ip);
    await expectError(await embed('/sessions', { pk: key.public_key, origin: SITE, ip }, { method: 'POST' }), 429, 'rate_limited');
    await startVisit(key.public_key, SITE, uniqueIp()); // another network is not affected
  });

  it('limits messages per IP across conversations', async () => {
    EMBED_LIMITS.messagesPerIp.max = 2;
    const a = await signup();
    const key = await embedKey(a);
    const ip = uniqueIp();
    for (const n of [1, 2]) await (await say(await startVisit(key.public_key, SITE, ip), `[[reply:ok ${n}]]`)).text();
    const v = await startVisit(key.public_key, SITE, ip);
    // the count is written after the answer started (waitUntil): it lands within moments
    await expect.poll(async () => await say(v, '[[reply:x]]').then(async (r) => (await r.text(), r.status)), { timeout: 2000 }).toBe(429);
    expect((await say(await startVisit(key.public_key, SITE, uniqueIp()), '[[reply:fine]]')).status).toBe(200);
  });
});

describe('the hot path', () => {
  it('answers a visitor message with no D1 query except the per-IP count, which it does not wait for', async () => {
    const a = await signup();
    const v = await startVisit((await embedKey(a)).public_key);
    await (await say(v, '[[reply:warm up]]')).text(); // the key is looked up once and remembered for 5 s
    // The EVENTS consumer runs in this isolate too, on batches of earlier turns' events (this file's other tests, the
    // warm-up): its writes are not the message's. Wait until it has written the warm-up turn (the queue delivers in
    // order, so everything sent before went with it or earlier), and leave out what it does from its queue() call.
    await vi.waitFor(async () => expect(await env.DB.prepare('select count(*) n from usage_events where tenant_id = ?').bind(a.tenant.id).first('n')).toBe(1), {
      timeout: 15_000,
      interval: 50,
    });
    const proto = Object.getPrototypeOf(env.DB) as { prepare: (sql: string) => unknown; batch: (...a: unknown[]) => unknown };
    const original = { prepare: proto.prepare, batch: proto.batch };
    const consumer = () => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 100; // the consumer's writers reach D1 through drizzle, some frames deep
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      return /\bhandleQueue\b/.test(stack);
    };
    const queries: string[] = [];
    let batches = 0;
    vi.spyOn(proto, 'prepare').mockImplementation(function (this: unknown, sql: string) {
      if (!consumer()) queries.push(sql);
      return original.prepare.call(this, sql);
    });
    vi.spyOn(proto, 'batch').mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (!consumer()) batches++;
      return original.batch.apply(this, args);
    });
    const res = await say(v, '[[reply:fast]]');
    const reader = res.body!.getReader();
    await reader.read(); // the reply has started
    expect(queries.filter((sql) => !/rate_limits/.test(sql))).toEqual([]);
    while (!(await reader.read()).done);
    await expect.poll(() => queries.length).toBe(1); // the per-IP count, in waitUntil
    expect(queries[0]).toMatch(/insert into "rate_limits"/);
    expect(batches).toBe(0);
  });
});
