// The widget re-attaching to a reply (GET /embed/v1/:pk/sessions/:id/stream): the rest of the turn after Last-Event-ID
// (header or query), the whole turn without one, the running turn's message in the history, 204 when there is
// nothing to send, and only with this conversation's visitor token.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, api, BASE, createEmbedKey, helloWorld, signup, uniqueIp } from './helpers';

const SITE = 'https://shop.example.com';
const WORDS = 'one two three four five six seven eight nine ten';

type Visitor = { pk: string; session: string; token: string; ip: string };

function embed(
  path: string,
  v: Omit<Visitor, 'session'> | { pk: string; token?: string; ip: string },
  init: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { 'cf-connecting-ip': v.ip, origin: SITE, ...init.headers };
  if (v.token) headers.authorization = `Bearer ${v.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return SELF.fetch(`${BASE}/embed/v1/${v.pk}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function visit(a: Account): Promise<Visitor> {
  const agentId = (await helloWorld(a)).id;
  await api(`/api/v1/agents/${agentId}`, { method: 'PATCH', body: { model: 'edgent-test' }, as: a });
  const key = await createEmbedKey(a, agentId, { allowed_origins: [SITE] });
  const ip = uniqueIp();
  const res = await SELF.fetch(`${BASE}/embed/v1/${key.public_key}/sessions`, { method: 'POST', headers: { origin: SITE, 'cf-connecting-ip': ip } });
  expect(res.status).toBe(201);
  const body = (await res.json()) as any;
  return { pk: key.public_key, session: body.session_id, token: body.token, ip };
}

type Frame = { id: string | null; event: string; data: any };
const parse = (text: string): Frame[] =>
  text
    .split('\n\n')
    .filter((f) => f.trim())
    .map((f) => ({
      id: /^id: (.*)$/m.exec(f)?.[1] ?? null,
      event: /^event: (.*)$/m.exec(f)?.[1] ?? '',
      data: JSON.parse(/^data: (.*)$/m.exec(f)?.[1] ?? 'null'),
    }));

async function firstFrames(v: Visitor, content: string, count: number): Promise<Frame[]> {
  const res = await embed(`/sessions/${v.session}/messages`, v, { body: { content } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = '';
  while (parse(text.slice(0, text.lastIndexOf('\n\n') + 2)).length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += dec.decode(value, { stream: true });
  }
  await reader.cancel();
  return parse(text.slice(0, text.lastIndexOf('\n\n') + 2)).slice(0, count);
}
const text = (frames: Frame[]) =>
  frames
    .filter((f) => f.event === 'message.delta')
    .map((f) => f.data.text)
    .join('');

describe('widget re-attach', () => {
  it('sends the rest of the reply after Last-Event-ID, every word once, with CORS for the site', async () => {
    const v = await visit(await signup());
    const before = await firstFrames(v, `[[reply:${WORDS}]] [[delay:40]]`, 3);
    const last = before.at(-1)!.id!;
    expect(last).toMatch(/^\d+-3$/);
    const res = await embed(`/sessions/${v.session}/stream`, v, { headers: { 'last-event-id': last } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    const after = parse(await res.text());
    expect(after[0]!.id).toBe(last.replace(/-3$/, '-4'));
    expect((text(before) + text(after)).trim()).toBe(WORDS);
    expect(after.at(-1)).toMatchObject({ event: 'message.completed', data: { message: { content: WORDS } } });
    expect(JSON.stringify(after)).not.toContain('tool');
    // The same with the id in the query (the widget sends no extra header, so no preflight).
    const viaQuery = parse(await (await embed(`/sessions/${v.session}/stream?last_event_id=${last}`, v)).text());
    expect((text(before) + text(viaQuery)).trim()).toBe(WORDS);
  });

  it('shows the running turn in the history and replays the whole turn without an id', async () => {
    const v = await visit(await signup());
    const content = `[[reply:${WORDS}]] [[delay:60]]`;
    await firstFrames(v, content, 2);
    const history = (await (await embed(`/sessions/${v.session}/messages`, v)).json()) as any;
    expect(history.data.map((m: any) => [m.role, m.content])).toEqual([['user', content]]);
    const all = parse(await (await embed(`/sessions/${v.session}/stream`, v)).text());
    expect(text(all).trim()).toBe(WORDS);
    const later = (await (await embed(`/sessions/${v.session}/messages`, v)).json()) as any;
    expect(later.data.map((m: any) => [m.role, m.content])).toEqual([
      ['user', content],
      ['assistant', WORDS],
    ]); // stored once, the user's message not twice
  });

  it('answers 204 when nothing was missed, 400 for a bad id', async () => {
    const v = await visit(await signup());
    expect((await embed(`/sessions/${v.session}/stream`, v)).status).toBe(204);
    const done = parse(await (await embed(`/sessions/${v.session}/messages`, v, { body: { content: '[[reply:short]]' } })).text());
    const res = await embed(`/sessions/${v.session}/stream`, v, { headers: { 'last-event-id': done.at(-1)!.id! } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect((await embed(`/sessions/${v.session}/stream?last_event_id=x`, v)).status).toBe(400);
  });

  it("refuses another visitor's token and no token with 401", async () => {
    const v = await visit(await signup());
    const other = await visit(await signup('Other Co'));
    await firstFrames(v, `[[reply:${WORDS}]] [[delay:20]]`, 2);
    expect((await embed(`/sessions/${v.session}/stream`, { ...v, token: other.token })).status).toBe(401);
    expect((await embed(`/sessions/${v.session}/stream`, { pk: v.pk, ip: v.ip })).status).toBe(401);
    expect((await embed(`/sessions/${v.session}/stream`, { ...other, pk: other.pk })).status).toBe(401);
  });
});
