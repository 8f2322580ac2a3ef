/**
 * The events turns send to the EVENTS queue (usage, and the messages for conversation search), gathered per isolate
 * for up to FLUSH_MS and sent with one sendBatch per window: a queue call costs the isolate about as much for one
 * message as for a hundred (under `wrangler dev`, 0.8 ms of CPU on the thread that also serves the next chat turn),
 * so conversations sharing an isolate share the call. Each message stays its own queue message, so the consumer and
 * its exactness under redelivery are unchanged.
 *
 * Nothing waits for a window: `queueEvents` returns at once, and the window's send runs in the context of the object
 * that opened it (an isolate may hold many AgentSession objects; none awaits another's promise). What a window holds
 * is in memory only until it is sent, FLUSH_MS at most: a process that dies in that time loses those events, as it
 * loses a send still in flight. A failed send is logged with its count and dropped, as a failed single send was.
 */
import { SendWindow } from '../lib/send-window';

/** How long the first event of a window waits for others; short next to the consumer's own 2 s batching. */
export const FLUSH_MS = 100;
/** sendBatch takes at most 100 messages and 256 KB in all; a window is sent in parts that fit, with headroom. */
export const MAX_MESSAGES = 100;
export const MAX_BYTES = 200_000;

type Sender = Pick<Queue, 'sendBatch'>;
type Pending = { body: unknown; bytes: number };

/** A message's size as the queue counts it, near enough: its JSON text. */
const sizeOf = (body: unknown) => JSON.stringify(body).length;

/** Splits messages into sendBatch calls of at most MAX_MESSAGES and MAX_BYTES each (a larger message goes alone). */
export function parts<T extends { bytes: number }>(messages: T[]): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const m of messages) {
    if (cur.length && (cur.length >= MAX_MESSAGES || bytes + m.bytes > MAX_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(m);
    bytes += m.bytes;
  }
  if (cur.length) out.push(cur);
  return out;
}

const outbox = new SendWindow<Pending, Sender>(FLUSH_MS, async (batch, queue) => {
  await Promise.all(
    parts(batch).map((part) =>
      queue.sendBatch(part.map((m) => ({ body: m.body }))).catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'events not queued', count: part.length, error: String(e) }));
      }),
    ),
  );
});

/** Sends what the window holds now; resolves when every part was sent or failed (never rejects). */
export const flushEvents = (): Promise<void> => outbox.flush();

/**
 * Adds messages to this isolate's window, opening one (sent in FLUSH_MS through `queue`) if none is open. A window
 * that reaches MAX_MESSAGES is sent at once. Not awaited: the window may belong to another object (lib/send-window.ts).
 */
export function queueEvents(queue: Sender, bodies: unknown[]): void {
  void outbox.add(
    queue,
    bodies.map((body) => ({ body, bytes: sizeOf(body) })),
  );
  if (outbox.size >= MAX_MESSAGES) void outbox.flush();
}
