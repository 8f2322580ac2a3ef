// Streams that resume (the Sessions guide in the docs): a streamed turn belongs to the AgentSession object, every
// SSE event has an id, and GET /api/v1/sessions/:id/stream with Last-Event-ID re-attaches to the running or just-
// finished turn; a turn cut by a crash keeps the user's message and the text streamed so far as interrupted.
import { SELF, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { type Account, BASE, api, expectError, signup } from './helpers';

type Event = { id: string | null; event: string; data: any };

function parseFrames(text: string): Event[] {
  return text
    .split('\n\n')
    .filter((f) => f.trim())
    .map((f) => ({
      id: /^id: (.*)$/m.exec(f)?.[1] ?? null,
      event: /^event: (.*)$/m.exec(f)?.[1] ?? 'message',
      data: JSON.parse(/^data: (.*)$/m.exec(f)?.[1] ?? 'null'),
    }));
}

/** Reads whole frames until `count` events arrived (or the stream ended); the rest of the stream is left unread. */
async function readEvents(reader: ReadableStreamDefaultReader<Uint8Array>, count: number): Promise<Event[]> {
  const dec = new TextDecoder();
  let text = '';
  for (;;) {
    const complete = text.slice(0, text.lastIndexOf('\n\n') + 2);
    if (parseFrames(complete).length >= count) return parseFrames(complete);
    const { done, value } = await reader.read();
    if (done) return parseFrames(text);
    text += dec.decode(value, { stream: true });
  }
}

async function newSession(a: Account) {
  const agent = (await (await api('/api/v1/agents', { body: { name: 'Resumer', model: 'edgent-test' }, as: a })).json()) as any;
  return (await (await api(`/api/v1/agents/${agent.id}/sessions`, { body: {}, as: a })).json()) as any;
}

function post(a: Account, sessionId: string, content: string, signal?: AbortSignal) {
  return SELF.fetch(`${BASE}/api/v1/sessions/${sessionId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: a.cookie, 'x-csrf-token': a.csrf, accept: 'text/event-stream' },
    body: JSON.stringify({ content }),
    signal,
  });
}

const attach = (a: Account, sessionId: string, lastEventId?: string, how: 'header' | 'query' = 'header') =>
  SELF.fetch(`${BASE}/api/v1/sessions/${sessionId}/stream${lastEventId && how === 'query' ? `?last_event_id=${lastEventId}` : ''}`, {
    headers: { cookie: a.cookie, ...(lastEventId && how === 'header' ? { 'last-event-id': lastEventId } : {}) },
  });

const WORDS = 'one two three four five six seven eight nine ten eleven twelve';

function expectWholeTurn(events: Event[]) {
  expect(events.every((e) => e.id && /^\d+-\d+$/.test(e.id))).toBe(true);
  const seqs = events.map((e) => Number(e.id!.split('-')[1]));
  expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // every event once, in order
  expect(new Set(events.map((e) => e.id!.split('-')[0])).size).toBe(1);
  expect(
    events
      .filter((e) => e.event === 'message.delta')
      .map((e) => e.data.text)
      .join(''),
  ).toBe(WORDS);
  expect(events.at(-1)).toMatchObject({ event: 'message.completed', data: { message: { content: WORDS, status: 'completed' } } });
}

describe('a turn that outlives its client', () => {
  it('keeps running when the client disconnects; re-attaching with Last-Event-ID gets every event exactly once, in order', async () => {
    const a = await signup();
    const s = await newSession(a);
    const ac = new AbortController();
    const res = await post(a, s.id, `[[reply:${WORDS}]] [[delay:40]]`, ac.signal);
    const reader = res.body!.getReader();
    const before = await readEvents(reader, 3);
    expect(before).toHaveLength(3);
    ac.abort();
    await reader.cancel().catch(() => {});

    const again = await attach(a, s.id, before.at(-1)!.id!);
    expect(again.status).toBe(200);
    expect(again.headers.get('content-type')).toMatch(/text\/event-stream/);
    const after = parseFrames(await again.text());
    expect(after[0]!.id).not.toBe(before.at(-1)!.id);
    expectWholeTurn([...before, ...after]);

    // The answer was kept whole, not cut where the client left.
    const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
    expect(history.data.map((m: any) => [m.role, m.status, m.content])).toEqual([
      ['user', 'completed', `[[reply:${WORDS}]] [[delay:40]]`],
      ['assistant', 'completed', WORDS],
    ]);
  });

  it('takes the id as ?last_event_id= too, and replays the whole turn without one', async () => {
    const a = await signup();
    const s = await newSession(a);
    const res = await post(a, s.id, `[[reply:${WORDS}]] [[delay:20]]`);
    const reader = res.body!.getReader();
    const first = await readEvents(reader, 2);
    await reader.cancel();
    const viaQuery = parseFrames(await (await attach(a, s.id, first[1]!.id!, 'query')).text());
    expectWholeTurn([...first, ...viaQuery]);
    const replay = parseFrames(await (await attach(a, s.id)).text());
    expectWholeTurn(replay);
  });

  it('answers 204 when no turn runs and nothing was missed', async () => {
    const a = await signup();
    const s = await newSession(a);
    expect((await attach(a, s.id)).status).toBe(204);
    const done = parseFrames(await (await post(a, s.id, '[[reply:short]]')).text());
    expect(done.at(-1)!.event).toBe('message.completed');
    expect((await attach(a, s.id, done.at(-1)!.id!)).status).toBe(204);
    // An id from a turn this object never ran (e.g. before a restart) has nothing to resume.
    expect((await attach(a, s.id, `${Number(done[0]!.id!.split('-')[0]) + 1}-1`)).status).toBe(204);
  });

  it('is stopped only by the cancel route, which a re-attached client sees', async () => {
    const a = await signup();
    const s = await newSession(a);
    const ac = new AbortController();
    const res = await post(a, s.id, `[[reply:${WORDS} ${WORDS} ${WORDS}]] [[delay:80]]`, ac.signal);
    const reader = res.body!.getReader();
    const before = await readEvents(reader, 1);
    ac.abort();
    await reader.cancel().catch(() => {});
    const live = await attach(a, s.id, before[0]!.id!);
    expect(live.status).toBe(200);
    expect(((await (await api(`/api/v1/sessions/${s.id}/cancel`, { method: 'POST', as: a })).json()) as any).cancelled).toBe(true);
    const after = parseFrames(await live.text());
    expect(after.at(-1)).toMatchObject({ event: 'error', data: { code: 'cancelled' } });
    await vi.waitFor(async () => {
      const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
      expect(history.data[1]).toMatchObject({ role: 'assistant', status: 'cancelled' });
    });
  });

  it('refuses a malformed Last-Event-ID with 400 and another tenant with 404', async () => {
    const a = await signup();
    const b = await signup();
    const s = await newSession(a);
    await expectError(await attach(a, s.id, 'not-an-id'), 400, 'validation_failed');
    await expectError(await attach(b, s.id), 404, 'not_found');
    await expectError(await attach(a, 'ses_00000000000000000000000000'), 404, 'not_found');
  });
});

describe('a turn cut by a crash', () => {
  it('keeps the user message and the text streamed so far as interrupted, and the conversation goes on', async () => {
    const a = await signup();
    const s = await newSession(a);
    const stub = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${s.id}`));
    const content = '[[reply:alpha beta gamma delta]] [[stall:2]]';
    const res = await post(a, s.id, content);
    const reader = res.body!.getReader();
    expect((await readEvents(reader, 2)).map((e) => e.data.text)).toEqual(['alpha', ' beta']);
    // The model has not finished its first step: the message is journaled, not yet in the messages table.
    await vi.waitFor(
      async () => {
        const pending = await runInDurableObject(stub, (_o, state) => state.storage.get<{ content: string; text: string }>('pending-turn'));
        expect(pending).toMatchObject({ content, text: 'alpha beta' });
      },
      { timeout: 800, interval: 20 },
    );
    await reader.cancel().catch(() => {});
    // A crash (or a deploy): the object is reset at once, its running turn with it. (evictDurableObject would wait
    // for the turn to end by itself.)
    await runInDurableObject(stub, (_o, state) => state.abort('simulated crash')).catch(() => {});

    const history = (await (await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).json()) as any;
    expect(history.data.map((m: any) => [m.role, m.status, m.content])).toEqual([
      ['user', 'completed', content],
      ['assistant', 'interrupted', 'alpha beta'],
    ]);
    // Recovered from the journal, not ended by the turn itself (that would have traced a failed model step).
    expect(((await (await api(`/api/v1/sessions/${s.id}/trace`, { as: a })).json()) as any).data).toEqual([]);
    const restarted = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${s.id}`)); // the old stub is broken
    expect(await runInDurableObject(restarted, (_o, state) => state.storage.get('pending-turn'))).toBeUndefined();

    const next = (await (await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[echo:messages]]' }, as: a })).json()) as any;
    expect(JSON.parse(next.message.content)).toEqual({ count: 4, roles: ['system', 'user', 'assistant', 'user'] });
  });
});
