/**
 * API requests made with API keys, for the developer portal's log: buffered per isolate for BATCH_MS and sent to the
 * EVENTS queue as one message per batch (one queue operation, not one per request), then written to D1 in batches
 * by the consumer (db/api-request-writer.ts). Nothing here is awaited by the request it records.
 */
import type { Bindings } from '../env';
import { SendWindow } from '../lib/send-window';

export type ApiRequestEvent = {
  tenant_id: string;
  key_id: string;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  request_id: string;
  at: number;
};
export type ApiRequestBatch = { type: 'api_requests'; events: ApiRequestEvent[] };

const BATCH_MS = 250;
const MAX_PER_MESSAGE = 200; // ~40 KB, well under a queue message's 128 KB
const MAX_BUFFERED = 5_000;

/** Packs a window's events into messages of at most MAX_PER_MESSAGE; a failed send is logged, never thrown. */
async function send(events: ApiRequestEvent[], env: Bindings): Promise<void> {
  try {
    const bodies: ApiRequestBatch[] = [];
    for (let i = 0; i < events.length; i += MAX_PER_MESSAGE) bodies.push({ type: 'api_requests', events: events.slice(i, i + MAX_PER_MESSAGE) });
    // Nearly always one message: send() then, it costs the isolate less than a batch of one.
    if (bodies.length === 1) await env.EVENTS.send(bodies[0]);
    else await env.EVENTS.sendBatch(bodies.map((body) => ({ body })));
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'api request log not queued', count: events.length, error: String(e) }));
  }
}

const requests = new SendWindow<ApiRequestEvent, Bindings>(BATCH_MS, send);

/** Buffers one request; `waitUntil` keeps the request's invocation alive until its batch has been sent. */
export function recordApiRequest(env: Bindings, waitUntil: (p: Promise<unknown>) => void, e: ApiRequestEvent): void {
  if (requests.size >= MAX_BUFFERED) return; // the queue is failing; the log is best effort
  waitUntil(requests.add(env, [e]));
}

export function isApiRequestBatch(v: unknown): v is ApiRequestBatch {
  const b = v as Partial<ApiRequestBatch> | null;
  return !!b && b.type === 'api_requests' && Array.isArray(b.events) && b.events.every((e) => typeof e?.tenant_id === 'string' && typeof e.key_id === 'string');
}
