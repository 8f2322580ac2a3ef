// HeldStream (worker/lib/held-stream.ts): a streamed answer's response waits for its first real event, so a failure
// before it can still be an HTTP status; the OpenAI-compatible APIs build their streams on it.
import { describe, expect, it, vi } from 'vitest';
import { HeldStream } from '../../worker/lib/held-stream';

const read = async (s: ReadableStream<Uint8Array>) => new Response(s).text();
const pending = Symbol('pending');
const state = <T>(p: Promise<T>) => Promise.race([p, new Promise((r) => setTimeout(() => r(pending), 20))]);

describe('HeldStream', () => {
  it('holds the response through the prelude and releases it with the first event, prelude first', async () => {
    const held = new HeldStream<string>(() => {});
    held.prelude('head;');
    expect(await state(held.ready)).toBe(pending);
    held.send('one;');
    const r = await held.ready;
    if (!('stream' in r)) throw new Error('expected a stream');
    held.send('two;');
    held.close();
    expect(await read(r.stream)).toBe('head;one;two;');
  });

  it('answers the failure instead of a stream when it comes first, and refuses it once released', async () => {
    const early = new HeldStream<{ status: number }>(() => {});
    early.prelude('head;');
    expect(early.fail({ status: 429 })).toBe(true);
    expect(await early.ready).toEqual({ failure: { status: 429 } });
    const late = new HeldStream<{ status: number }>(() => {});
    late.send('text;');
    expect(late.fail({ status: 502 })).toBe(false);
    late.send('error;');
    late.close();
    const r = await late.ready;
    expect('stream' in r && (await read(r.stream))).toBe('text;error;');
  });

  it('releases an empty answer on close, rejects on an unexpected error before release, and reports a reader that left', async () => {
    const empty = new HeldStream<never>(() => {});
    empty.prelude('head;');
    empty.close();
    const r = await empty.ready;
    expect('stream' in r && (await read(r.stream))).toBe('head;');
    const broken = new HeldStream<never>(() => {});
    broken.error(new Error('boom'));
    await expect(broken.ready).rejects.toThrow('boom');
    let cancelled = false;
    const left = new HeldStream<never>(() => (cancelled = true));
    left.send('x');
    const out = await left.ready;
    if ('stream' in out) await out.stream.cancel();
    // The runtime's stream reports the reader's leaving through its writable side, a moment later.
    await vi.waitFor(() => expect(cancelled).toBe(true), { timeout: 1_000, interval: 5 });
    left.send('after the reader left is ignored');
  });
});
