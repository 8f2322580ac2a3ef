// The SDK's resumable session streams against a fake fetch speaking API.md's "Streams that resume": a dropped stream
// is re-attached with Last-Event-ID and goes on without repeats, 204 ends it, `resume` picks a turn up later, and
// leaving the loop early cancels the turn unless the caller detaches.
import { describe, expect, it } from 'vitest';
import { Edgent, EdgentConnectionError, type FetchLike, type StreamEvent } from '../src';

const BASE = 'https://edgent.test';
type Answer = () => Response;
type Call = { method: string; path: string; lastEventId: string | null; accept: string | null };

const frame = (id: string | null, type: string, data: unknown) => `${id === null ? '' : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
const delta = (id: string | null, text: string) => frame(id, 'message.delta', { text });
const completed = (id: string, content: string) => frame(id, 'message.completed', { message: { id: 'msg_1', role: 'assistant', content }, usage: null });
const sse =
  (...frames: string[]): Answer =>
  () =>
    new Response(frames.join(''), { headers: { 'content-type': 'text/event-stream' } });
/** A body that sends `frames`, then fails like a cut connection. */
const cut =
  (...frames: string[]): Answer =>
  () => {
    const bytes = new TextEncoder().encode(frames.join(''));
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new TypeError('network connection lost'));
        sent = true;
        controller.enqueue(bytes);
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
const noContent: Answer = () => new Response(null, { status: 204 });

/** Answers each "METHOD path" from its queue, in order; records every request. */
function fake(routes: Record<string, Answer[]>, options: { maxReconnects?: number } = {}) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const path = new URL(url).pathname;
    const headers = new Headers(init.headers);
    calls.push({ method: init.method ?? 'GET', path, lastEventId: headers.get('last-event-id'), accept: headers.get('accept') });
    const next = routes[`${init.method} ${path}`]?.shift();
    if (next) return next();
    if (path.endsWith('/cancel')) return Response.json({ cancelled: true });
    return Response.json({ error: { code: 'not_found', message: `no fake for ${init.method} ${path}` } }, { status: 404 });
  };
  return { calls, edgent: new Edgent({ apiKey: 'edg_test', baseUrl: BASE, fetch, retryDelayMs: 1, maxRetries: 0, ...options }) };
}

const POST = 'POST /api/v1/sessions/ses_1/messages';
const GET = 'GET /api/v1/sessions/ses_1/stream';
const CANCEL = 'POST /api/v1/sessions/ses_1/cancel';
const summary = (events: StreamEvent[]) =>
  events.map((e) =>
    `${e.id ?? '-'} ${e.type} ${e.type === 'message.delta' ? e.data.text : e.type === 'message.completed' ? e.data.message.content : ''}`.trim(),
  );
const collect = async (it: AsyncIterable<StreamEvent>) => {
  const out: StreamEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
};
const route = (c: Call) => `${c.method} ${c.path}`;

describe('resumable streams', () => {
  it('re-attaches a stream that ends early with Last-Event-ID, and one cut mid-body, without repeating events', async () => {
    const { edgent, calls } = fake({
      [POST]: [sse(delta('1', 'Hel'), delta('2', 'lo'))],
      [GET]: [cut(delta('3', ' wor')), sse(delta('4', 'ld'), completed('5', 'Hello world'))],
    });
    const events = await collect(edgent.messages.stream('ses_1', 'Hi'));
    expect(summary(events)).toEqual([
      '1 message.delta Hel',
      '2 message.delta lo',
      '3 message.delta  wor',
      '4 message.delta ld',
      '5 message.completed Hello world',
    ]);
    expect(calls.map((c) => [route(c), c.lastEventId])).toEqual([
      [POST, null],
      [GET, '2'],
      [GET, '3'],
    ]);
    expect(calls.every((c) => c.accept === 'text/event-stream')).toBe(true);
  });

  it('ends quietly when the re-attach answers 204 (the turn is over, nothing was missed)', async () => {
    const { edgent, calls } = fake({ [POST]: [sse(delta('1', 'Hi'))], [GET]: [noContent] });
    expect(summary(await collect(edgent.messages.stream('ses_1', 'Hi')))).toEqual(['1 message.delta Hi']);
    expect(calls.map(route)).toEqual([POST, GET]);
  });

  it('throws EdgentConnectionError when a dropped stream sent no id, or keeps dropping; it does not cancel the turn', async () => {
    const noIds = fake({ [POST]: [sse(delta(null, 'Hi'))] });
    const seen: StreamEvent[] = [];
    const err = await (async () => {
      for await (const e of noIds.edgent.messages.stream('ses_1', 'Hi')) seen.push(e);
    })().catch((e) => e);
    expect(err).toBeInstanceOf(EdgentConnectionError);
    expect(err.message).toMatch(/no event id/);
    expect(summary(seen)).toEqual(['- message.delta Hi']);
    expect(noIds.calls.map(route)).toEqual([POST]);

    const flaky = fake({ [POST]: [cut(delta('1', 'a'))], [GET]: Array.from({ length: 10 }, (_, i) => cut(delta(String(i + 2), 'b'))) }, { maxReconnects: 2 });
    const gaveUp = await collect(flaky.edgent.messages.stream('ses_1', 'Hi')).catch((e) => e);
    expect(gaveUp).toBeInstanceOf(EdgentConnectionError);
    expect(gaveUp.message).toMatch(/dropped 3 times; resume it later with lastEventId 3/);
    expect(flaky.calls.map((c) => [route(c), c.lastEventId])).toEqual([
      [POST, null],
      [GET, '1'],
      [GET, '2'],
    ]);
  });

  it('resume() sends Last-Event-ID and yields the rest; 204 yields nothing', async () => {
    const { edgent, calls } = fake({ [GET]: [sse(delta('8', 'late'), completed('9', 'all late')), noContent] });
    expect(summary(await collect(edgent.messages.resume('ses_1', { lastEventId: '7' })))).toEqual(['8 message.delta late', '9 message.completed all late']);
    expect(await collect(edgent.messages.resume('ses_1'))).toEqual([]);
    expect(calls.map((c) => [route(c), c.lastEventId])).toEqual([
      [GET, '7'],
      [GET, null],
    ]);
  });

  it('breaking out early cancels the turn; detach leaves it running; breaking after the end cancels nothing', async () => {
    const running = () => sse(delta('1', 'a'), delta('2', 'b'), completed('3', 'ab'));
    const { edgent, calls } = fake({ [POST]: [running(), running(), running()] });
    for await (const _ of edgent.messages.stream('ses_1', 'Hi')) break;
    expect(calls.map(route)).toEqual([POST, CANCEL]);

    let last: string | undefined;
    for await (const e of edgent.messages.stream('ses_1', 'Hi', { detach: true })) {
      last = e.id;
      break;
    }
    expect(last).toBe('1');
    expect(calls.map(route)).toEqual([POST, CANCEL, POST]);

    for await (const e of edgent.messages.stream('ses_1', 'Hi')) if (e.type === 'message.completed') break;
    expect(calls.map(route)).toEqual([POST, CANCEL, POST, POST]);
  });
});
