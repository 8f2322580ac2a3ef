// Thumbs from widget and share-link visitors (routes/protocols/embed.ts, share.ts): the visitor token's conversation
// only, the rating shown in the visitor's history, stored with its source, rate limited per conversation.
import { SELF, env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { VISITOR_FEEDBACK_LIMIT } from '../../worker/services/visitor-feedback';
import { type Account, api, BASE, createAgent, createEmbedKey, expectError, readSse, signup, uniqueIp } from './helpers';

const SITE = 'https://shop.example.com';
const limit = { ...VISITOR_FEEDBACK_LIMIT };
afterEach(() => void Object.assign(VISITOR_FEEDBACK_LIMIT, limit));

type Visit = { base: string; origin?: string; token: string; session: string; ip: string };

function call(v: Visit, path: string, method = 'GET', body?: unknown) {
  const headers: Record<string, string> = { 'cf-connecting-ip': v.ip, authorization: `Bearer ${v.token}` };
  if (v.origin) headers.origin = v.origin;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return SELF.fetch(`${v.base}/sessions/${v.session}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function start(base: string, origin?: string): Promise<Visit> {
  const ip = uniqueIp();
  const res = await SELF.fetch(`${base}/sessions`, { method: 'POST', headers: { 'cf-connecting-ip': ip, ...(origin ? { origin } : {}) } });
  expect(res.status).toBe(201);
  const j = (await res.json()) as { session_id: string; token: string };
  return { base, origin, ip, token: j.token, session: j.session_id };
}

/** A visitor conversation with one answer; its history's ids. */
async function answered(v: Visit) {
  const events = await readSse(await call(v, '/messages', 'POST', { content: 'hi [[reply:Hello visitor]]' }));
  const done = events.find((e) => e.event === 'message.completed')!;
  return { answerId: done.data.message.id as string, history: async () => ((await (await call(v, '/messages')).json()) as { data: any[] }).data };
}

async function widget(a: Account) {
  const agent = await createAgent(a, { name: 'Widget agent', instructions: 'x' });
  const key = await createEmbedKey(a, agent.id, { allowed_origins: [SITE] });
  return `${BASE}/embed/v1/${key.public_key}`;
}

async function shareLink(a: Account) {
  const agent = await createAgent(a, { name: 'Shared agent', instructions: 'x', visibility: 'link' });
  const { url } = (await (await api(`/api/v1/agents/${agent.id}/share-link`, { as: a })).json()) as { url: string };
  return `${BASE}${new URL(url).pathname}/api`;
}

const feedbackRows = (tenantId: string) =>
  env.DB.prepare('select message_id, rating, source, actor_type from message_feedback where tenant_id = ?').bind(tenantId).all<any>();

describe.each([
  ['the widget', widget, SITE, 'widget'],
  ['a share link', shareLink, undefined, 'share_link'],
] as const)('feedback from %s', (_name, setup, origin, source) => {
  it('rates an answer, shows it in the history, replaces and clears it', async () => {
    const a = await signup();
    const v = await start(await setup(a), origin);
    const t = await answered(v);
    expect((await call(v, `/messages/${t.answerId}/feedback`, 'POST', { rating: 'up' })).status).toBe(204);
    expect((await t.history()).map((m) => [m.role, m.feedback])).toEqual([
      ['user', undefined],
      ['assistant', 'up'],
    ]);
    expect((await call(v, `/messages/${t.answerId}/feedback`, 'POST', { rating: 'down' })).status).toBe(204);
    expect((await feedbackRows(a.tenant.id)).results).toEqual([{ message_id: t.answerId, rating: 'down', source, actor_type: 'visitor' }]);
    expect((await call(v, `/messages/${t.answerId}/feedback`, 'DELETE')).status).toBe(204);
    expect((await t.history())[1].feedback).toBeNull();
    expect((await feedbackRows(a.tenant.id)).results).toEqual([]);
  });

  it("refuses a user message (400), another conversation's answer (404) and another visitor's token (401)", async () => {
    const a = await signup();
    const base = await setup(a);
    const [v, w] = [await start(base, origin), await start(base, origin)];
    const t = await answered(v);
    const u = await answered(w);
    const userId = (await t.history())[0].id;
    await expectError(await call(v, `/messages/${userId}/feedback`, 'POST', { rating: 'up' }), 400, 'validation_failed');
    await expectError(await call(v, `/messages/${u.answerId}/feedback`, 'POST', { rating: 'up' }), 404, 'not_found');
    await expectError(await call({ ...w, session: v.session }, `/messages/${t.answerId}/feedback`, 'POST', { rating: 'up' }), 401);
    expect((await feedbackRows(a.tenant.id)).results).toEqual([]);
  });

  it('limits ratings per conversation (429 with Retry-After)', async () => {
    const a = await signup();
    const v = await start(await setup(a), origin);
    const t = await answered(v);
    VISITOR_FEEDBACK_LIMIT.max = 2;
    for (let i = 0; i < 2; i++) expect((await call(v, `/messages/${t.answerId}/feedback`, 'POST', { rating: 'up' })).status).toBe(204);
    const res = await call(v, `/messages/${t.answerId}/feedback`, 'POST', { rating: 'down' });
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
