// The EVENTS outbox (worker/queues/event-outbox.ts): turns that end close together share one queue call, each event
// still its own message; a window is sent in parts sendBatch accepts; a failed send is logged, not thrown.
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SendWindow } from '../../worker/lib/send-window';
import { FLUSH_MS, MAX_BYTES, MAX_MESSAGES, flushEvents, parts, queueEvents } from '../../worker/queues/event-outbox';
import { api, createAgent, createSession, signup } from './helpers';

type Sent = { body: unknown }[];
const recorder = (fail = false) => {
  const calls: Sent[] = [];
  return {
    calls,
    sendBatch: async (messages: Sent) => {
      calls.push(messages);
      if (fail) throw new Error('queue down');
    },
  } as unknown as Queue & { calls: Sent[] };
};

afterEach(async () => {
  await flushEvents();
  vi.restoreAllMocks();
});

describe('event outbox', () => {
  it('sends the events of one window with one call, after FLUSH_MS, each its own message', async () => {
    const q = recorder();
    queueEvents(q, [{ n: 1 }, { n: 2 }]);
    queueEvents(q, [{ n: 3 }]);
    expect(q.calls).toEqual([]); // nothing is sent on the turn's way out
    await vi.waitFor(() => expect(q.calls.length).toBe(1), { timeout: FLUSH_MS * 20, interval: 5 });
    expect(q.calls[0]).toEqual([{ body: { n: 1 } }, { body: { n: 2 } }, { body: { n: 3 } }]);
    queueEvents(q, [{ n: 4 }]); // a new window
    await vi.waitFor(() => expect(q.calls.length).toBe(2), { timeout: FLUSH_MS * 20, interval: 5 });
    expect(q.calls[1]).toEqual([{ body: { n: 4 } }]);
  });

  it('sends a full window at once, in parts of at most 100 messages', async () => {
    const q = recorder();
    queueEvents(
      q,
      Array.from({ length: MAX_MESSAGES - 1 }, (_, n) => ({ n })),
    );
    expect(q.calls).toEqual([]);
    queueEvents(q, [{ n: 'last' }, { n: 'one more' }]);
    // Well before the window's time is up.
    await vi.waitFor(() => expect(q.calls.map((c) => c.length)).toEqual([MAX_MESSAGES, 1]), { timeout: FLUSH_MS / 4, interval: 1 });
  });

  it('splits by size too: no call carries more than MAX_BYTES, and a larger message goes alone', () => {
    const big = (bytes: number) => ({ bytes });
    expect(parts([big(90_000), big(90_000), big(90_000)]).map((p) => p.length)).toEqual([2, 1]);
    expect(parts([big(10), big(MAX_BYTES + 1), big(10)]).map((p) => p.length)).toEqual([1, 1, 1]);
    expect(parts(Array.from({ length: 250 }, () => big(1))).map((p) => p.length)).toEqual([100, 100, 50]);
    expect(parts([])).toEqual([]);
  });

  it('logs a failed send with its count and never throws; the next window is sent', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const down = recorder(true);
    queueEvents(down, [{ n: 1 }, { n: 2 }]);
    await expect(flushEvents()).resolves.toBeUndefined();
    expect(down.calls.length).toBe(1);
    const logged = errors.mock.calls.map((c) => String(c[0])).find((l) => l.includes('events not queued'));
    expect(JSON.parse(logged!)).toMatchObject({ level: 'error', count: 2, error: 'Error: queue down' });
    const up = recorder();
    queueEvents(up, [{ n: 3 }]);
    await flushEvents();
    expect(up.calls).toEqual([[{ body: { n: 3 } }]]);
  });

  it('gives turns of different conversations that end together one queue call, and every event reaches D1', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Outbox' });
    const sessions = await Promise.all(Array.from({ length: 5 }, () => createSession(a, agent.id)));
    await flushEvents(); // nothing from before in the window
    const proto = Object.getPrototypeOf(env.EVENTS) as { send: (...a: unknown[]) => unknown; sendBatch: (...a: unknown[]) => unknown };
    const sendBatch = vi.spyOn(proto, 'sendBatch');
    const send = vi.spyOn(proto, 'send');
    await Promise.all(sessions.map((s, i) => api(`/api/v1/sessions/${s.id}/messages`, { body: { content: `together ${i}` }, as: a }).then((r) => r.text())));
    await vi.waitFor(
      async () => {
        const { n } = (await env.DB.prepare('select count(*) n from usage_events where agent_id = ?').bind(agent.id).first<{ n: number }>())!;
        expect(n).toBe(5);
      },
      { timeout: 10_000, interval: 100 },
    );
    const turnCalls = [...sendBatch.mock.calls, ...send.mock.calls].filter((c) => JSON.stringify(c[0]).includes('"type":"turn"'));
    const turnMessages = turnCalls
      .flatMap((c) => (Array.isArray(c[0]) ? (c[0] as Sent) : [{ body: c[0] }]))
      .filter((m) => (m.body as { type?: string }).type === 'turn');
    expect(turnMessages.length).toBe(5);
    // Before the outbox, each turn made its own call (5); the turns end within a window of one another.
    expect(turnCalls.length).toBeLessThan(5);
  });
});

describe('SendWindow', () => {
  it('resolves every caller’s promise when the window is sent, on time or flushed early, with the first caller’s context', async () => {
    const sent: [number[], string][] = [];
    const w = new SendWindow<number, string>(30, async (items, ctx) => void sent.push([items, ctx]));
    const first = w.add('first', [1]);
    const second = w.add('second', [2, 3]);
    expect(second).toBe(first); // one window, one send
    expect(w.size).toBe(3);
    await first;
    expect(sent).toEqual([[[1, 2, 3], 'first']]);
    expect(w.size).toBe(0);
    // Flushed before its time: the promise a Worker request gave to waitUntil still resolves (it must never hang).
    const early = w.add('again', [4]);
    await w.flush();
    await early;
    expect(sent).toEqual([
      [[1, 2, 3], 'first'],
      [[4], 'again'],
    ]);
    await expect(w.flush()).resolves.toBeUndefined(); // nothing open
    expect(sent.length).toBe(2);
  });
});
