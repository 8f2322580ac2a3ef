/**
 * Origins the embed guard refused, sent to the EVENTS queue and written to D1 by the consumer
 * (db/refused-origins-writer.ts). A page on a refused site retries on every load, so each isolate sends a given
 * key + origin at most once a minute; nothing here is awaited by the request it records.
 */
import type { Bindings } from '../env';

export type RefusedOriginEvent = { type: 'refused_origin'; tenant_id: string; key_id: string; origin: string; at: number };

const RESEND_MS = 60_000;
const MAX_REMEMBERED = 1_000;
const MAX_ORIGIN_LENGTH = 200;
const sent = new Map<string, number>();

export function recordRefusedOrigin(env: Bindings, waitUntil: (p: Promise<unknown>) => void, e: Omit<RefusedOriginEvent, 'type'>): void {
  if (e.origin.length > MAX_ORIGIN_LENGTH) return;
  const id = `${e.key_id} ${e.origin}`;
  const last = sent.get(id);
  if (last !== undefined && e.at - last < RESEND_MS) return;
  if (sent.size >= MAX_REMEMBERED) sent.delete(sent.keys().next().value!);
  sent.set(id, e.at);
  const body: RefusedOriginEvent = { type: 'refused_origin', ...e };
  waitUntil(env.EVENTS.send(body).catch((err) => console.error(JSON.stringify({ level: 'error', msg: 'refused origin not queued', error: String(err) }))));
}

export function isRefusedOriginEvent(v: unknown): v is RefusedOriginEvent {
  const b = v as Partial<RefusedOriginEvent> | null;
  return (
    !!b &&
    b.type === 'refused_origin' &&
    typeof b.tenant_id === 'string' &&
    typeof b.key_id === 'string' &&
    typeof b.origin === 'string' &&
    typeof b.at === 'number'
  );
}
