// Share links (API.md, Teams and access): GET/DELETE /api/v1/agents/:id/share-link, the page /s/:token and its visitor
// API (the widget's, in shape): chatting without an account (SSE), rotation and visibility changes killing the link
// at once, rate limits with Retry-After, conversations in the owner's lists, audit entries without the URL, tenancy.
import { SELF, env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { EMBED_LIMITS } from '../../worker/services/embed-limits';
import { type Account, api, BASE, createAgent, expectError, getPage, postForm, readSse, signup, uniqueIp } from './helpers';
import { addPerson } from './helpers/people';

const defaults = structuredClone(EMBED_LIMITS);
afterEach(() => Object.assign(EMBED_LIMITS, structuredClone(defaults)));

const json = async (res: Response) => (await res.json()) as any;

/** A visitor's request: no cookie, no key; `token` is a visitor token for one conversation. */
function visit(path: string, v: { token?: string; ip?: string } = {}, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'cf-connecting-ip': v.ip ?? '203.0.113.77', ...init.headers };
  if (v.token) headers.authorization = `Bearer ${v.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return SELF.fetch(BASE + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
}

async function linkAgent(a: Account, body: Record<string, unknown> = {}) {
  const agent = await createAgent(a, { name: 'Shared helper', description: 'Answers <b>questions</b>.', visibility: 'link', ...body });
  const res = await api(`/api/v1/agents/${agent.id}/share-link`, { as: a });
  expect(res.status).toBe(200);
  const { url } = await json(res);
  return { agent, url: url as string, path: new URL(url).pathname };
}

async function start(path: string, ip = uniqueIp()) {
  const res = await visit(`${path}/api/sessions`, { ip }, { method: 'POST' });
  expect(res.status).toBe(201);
  const body = await json(res);
  return { ip, token: body.token as string, session: body.session_id as string };
}

const say = (path: string, v: { token: string; session: string; ip: string }, content: string) =>
  visit(`${path}/api/sessions/${v.session}/messages`, v, { body: { content } });

describe('share link API', () => {
  it('answers the URL of a link agent (the same each time), 409 for any other visibility', async () => {
    const a = await signup();
    const { agent, url } = await linkAgent(a);
    expect(url).toMatch(new RegExp(`^${BASE}/s/[A-Za-z0-9_-]{43}$`));
    expect((await json(await api(`/api/v1/agents/${agent.id}/share-link`, { as: a }))).url).toBe(url);
    const team = await createAgent(a);
    const err = await expectError(await api(`/api/v1/agents/${team.id}/share-link`, { as: a }), 409, 'conflict');
    expect(err.message).toContain('set its visibility to "link"');
    await expectError(await api(`/api/v1/agents/${team.id}/share-link`, { method: 'DELETE', as: a }), 409, 'conflict');
    // the token is not stored: only a salt and its digest
    const row = (await env.DB.prepare('select * from agents where id = ?').bind(agent.id).first()) as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain(new URL(url).pathname.slice(3));
  });

  it('is for editors: viewers get 403, another organization 404', async () => {
    const a = await signup();
    const { agent } = await linkAgent(a);
    const viewer = await addPerson(a, 'viewer');
    await expectError(await api(`/api/v1/agents/${agent.id}/share-link`, { as: viewer }), 403, 'forbidden');
    await expectError(await api(`/api/v1/agents/${agent.id}/share-link`, { method: 'DELETE', as: viewer }), 403, 'forbidden');
    const b = await signup('Other Co');
    await expectError(await api(`/api/v1/agents/${agent.id}/share-link`, { as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/agents/${agent.id}/share-link`, { method: 'DELETE', as: b }), 404, 'not_found');
    expect((await api(`/api/v1/agents/${agent.id}/share-link`, { as: a })).status).toBe(200);
  });
});

describe('the page /s/:token', () => {
  it('chats without an account: the page, a conversation, a streamed reply, history, and the owner sees it', async () => {
    const a = await signup();
    const { agent, path } = await linkAgent(a);
    const page = await visit(path, {}, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Shared helper');
    expect(html).toContain('Answers &lt;b&gt;questions&lt;/b&gt;.');
    expect(html).toContain(`data-api="${path}/api"`);
    expect(await json(await visit(`${path}/api/config`))).toEqual({
      agent: { name: 'Shared helper' },
      greeting: null,
      suggested_prompts: [],
      theme: {},
      attachments: null,
    });

    const v = await start(path);
    const res = await say(path, v, '[[reply:Hello visitor]]');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = await readSse(res);
    expect(
      events
        .filter((e) => e.event === 'message.delta')
        .map((e) => e.data.text)
        .join(''),
    ).toBe('Hello visitor');
    expect(events.at(-1)!.event).toBe('message.completed');
    const history = await json(await visit(`${path}/api/sessions/${v.session}/messages`, v));
    expect(history.data.map((m: any) => [m.role, m.content])).toEqual([
      ['user', '[[reply:Hello visitor]]'],
      ['assistant', 'Hello visitor'],
    ]);
    // re-attaching after the reply: the whole turn again
    const again = await readSse(await visit(`${path}/api/sessions/${v.session}/stream`, v));
    expect(again.at(-1)!.event).toBe('message.completed');

    // in the owner's conversations, labelled as coming from the share link
    const mine = await json(await api(`/api/v1/sessions?agent_id=${agent.id}`, { as: a }));
    expect(mine.data.map((s: any) => [s.id, s.metadata.via])).toEqual([[v.session, 'share_link']]);
    expect(await (await getPage(a, `/app/agents/${agent.id}/sessions`)).text()).toContain('via share link');
  });

  it('refuses a visitor token of another conversation, and API credentials are never visitor tokens', async () => {
    const a = await signup();
    const { path } = await linkAgent(a);
    const [v, w] = [await start(path), await start(path)];
    await expectError(await say(path, { ...v, token: w.token }, 'hi'), 401, 'unauthorized');
    await expectError(await say(path, { ...v, token: 'nonsense' }, 'hi'), 401, 'unauthorized');
    await expectError(await api(`/api/v1/sessions/${v.session}/messages`, { headers: { authorization: `Bearer ${v.token}` } }), 401);
  });

  it('rotation kills the old link at once (page 404, API 404, old visitor tokens too); the new one works', async () => {
    const a = await signup();
    const { agent, path } = await linkAgent(a);
    const v = await start(path);
    const rotated = await api(`/api/v1/agents/${agent.id}/share-link`, { method: 'DELETE', as: a });
    expect(rotated.status).toBe(200);
    const next = new URL((await json(rotated)).url).pathname;
    expect(next).not.toBe(path);
    const gone = await visit(path, {}, { headers: { accept: 'text/html' } });
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/text\/html/);
    await expectError(await visit(`${path}/api/config`), 404, 'not_found');
    await expectError(await say(path, v, 'hi'), 404, 'not_found');
    await expectError(await say(next, v, 'hi'), 401, 'unauthorized'); // a token of the old link opens nothing
    expect((await say(next, await start(next), '[[reply:new link]]')).status).toBe(200);
    expect((await json(await api(`/api/v1/agents/${agent.id}/share-link`, { as: a }))).url).toBe(BASE + next);
  });

  it('a visibility change away from link kills the link; back to link makes a new one', async () => {
    const a = await signup();
    const { agent, path } = await linkAgent(a);
    const v = await start(path);
    for (const visibility of ['team', 'private', 'public']) {
      expect((await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility }, as: a })).status).toBe(200);
      expect((await visit(path, {}, { headers: { accept: 'text/html' } })).status).toBe(404);
      await expectError(await say(path, v, 'hi'), 404, 'not_found');
      await expectError(await api(`/api/v1/agents/${agent.id}/share-link`, { as: a }), 409, 'conflict');
    }
    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'link' }, as: a })).status).toBe(200);
    const fresh = new URL((await json(await api(`/api/v1/agents/${agent.id}/share-link`, { as: a }))).url).pathname;
    expect(fresh).not.toBe(path);
    expect((await visit(fresh)).status).toBe(200);
  });

  it('an unknown or malformed token is the 404 page', async () => {
    for (const token of ['x', 'A'.repeat(43), '..%2f..%2fapi']) {
      expect((await visit(`/s/${token}`, {}, { headers: { accept: 'text/html' } })).status).toBe(404);
      await expectError(await visit(`/s/${token}/api/sessions`, {}, { method: 'POST' }), 404, 'not_found');
    }
  });
});

describe('share link rate limits', () => {
  it('limits messages per visitor with Retry-After', async () => {
    EMBED_LIMITS.messagesPerVisitor.max = 2;
    const a = await signup();
    const { path } = await linkAgent(a);
    const v = await start(path);
    for (const n of [1, 2]) await (await say(path, v, `[[reply:ok ${n}]]`)).text();
    const res = await say(path, v, '[[reply:too many]]');
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits new conversations and messages per IP', async () => {
    EMBED_LIMITS.sessionsPerIp.max = 2;
    EMBED_LIMITS.messagesPerIp.max = 2;
    const a = await signup();
    const { path } = await linkAgent(a);
    const ip = uniqueIp();
    const [v, w] = [await start(path, ip), await start(path, ip)];
    const refused = await visit(`${path}/api/sessions`, { ip }, { method: 'POST' });
    await expectError(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const n of [1, 2]) await (await say(path, n === 1 ? v : w, `[[reply:ok ${n}]]`)).text();
    await expect.poll(async () => await say(path, v, '[[reply:x]]').then(async (r) => (await r.text(), r.status)), { timeout: 2000 }).toBe(429);
    expect((await say(path, await start(path, uniqueIp()), '[[reply:fine]]')).status).toBe(200); // another network
  });
});

describe('audit', () => {
  it('records visibility changes (before/after) and rotations, never the URL or token', async () => {
    const a = await signup();
    const { agent, url } = await linkAgent(a);
    await api(`/api/v1/agents/${agent.id}/share-link`, { method: 'DELETE', as: a });
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'private' }, as: a });
    const rows = async () =>
      (
        await env.DB.prepare(
          "select action, data from audit_log where tenant_id = ? and target_id = ? and action in ('agent.visibility_change', 'agent.share_link_rotate') order by created_at, id",
        )
          .bind(a.tenant.id, agent.id)
          .all()
      ).results as { action: string; data: string | null }[];
    // created as link, rotated, made private: three events, written by the queue consumer within moments
    await expect
      .poll(async () => (await rows()).map((r) => r.action).sort(), { timeout: 5000 })
      .toEqual(['agent.share_link_rotate', 'agent.visibility_change', 'agent.visibility_change']);
    const all = await rows();
    const changes = all.filter((r) => r.action === 'agent.visibility_change').map((r) => JSON.parse(r.data!).changes.visibility);
    expect(changes).toEqual(expect.arrayContaining([{ after: 'link' }, { before: 'link', after: 'private' }]));
    const token = new URL(url).pathname.slice(3);
    expect(JSON.stringify(all)).not.toContain(token);
    expect(JSON.stringify(all)).not.toContain('/s/');
  });
});

describe('the builder’s Sharing card', () => {
  it('sets the visibility, shows the link to copy and rotates it; hidden from those who may not edit agents', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Card agent' });
    const viewer = await addPerson(a, 'viewer');
    const forViewer = await (await getPage(viewer, `/app/agents/${agent.id}`)).text();
    expect(forViewer).not.toContain('id="b-sharing"');
    expect((await postForm(viewer, `/app/agents/${agent.id}/sharing`, { visibility: 'link' })).status).toBe(403);
    expect(await (await getPage(a, `/app/agents/${agent.id}`)).text()).toContain('id="b-sharing"');

    const saved = await postForm(a, `/app/agents/${agent.id}/sharing`, { visibility: 'link' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toContain('notice=sharing_saved');
    const { url } = await json(await api(`/api/v1/agents/${agent.id}/share-link`, { as: a }));
    const page = await (await getPage(a, `/app/agents/${agent.id}`)).text();
    expect(page).toContain(`value="${url}"`);
    expect(page).toContain('data-copy="share-url"');
    expect((await postForm(a, `/app/agents/${agent.id}/sharing`, { visibility: 'nobody' })).status).toBe(400);

    expect((await postForm(a, `/app/agents/${agent.id}/sharing/rotate`)).status).toBe(303);
    const next = (await json(await api(`/api/v1/agents/${agent.id}/share-link`, { as: a }))).url;
    expect(next).not.toBe(url);
    expect((await visit(new URL(url).pathname)).status).toBe(404);
    expect(await (await getPage(a, `/app/agents/${agent.id}?notice=link_rotated`)).text()).toContain(`value="${next}"`);
  });

  it('documents sharing in /docs', async () => {
    const html = await (await SELF.fetch(`${BASE}/docs`)).text();
    expect(html).toContain('Sharing agents');
    expect(html).toContain('/s/&lt;token&gt;');
  });
});
