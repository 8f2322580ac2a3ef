/**
 * The widget's rate limits. Where each is counted, and why:
 * - new conversations per IP: the D1 fixed-window store (rate-limit.ts), checked before answering; that request
 *   writes D1 anyway (the session row).
 * - messages per visitor (one visitor token = one conversation): in memory in the conversation's own Durable Object,
 *   which the message goes to anyway; no D1, no extra hop (agent-session.ts `hit`).
 * - messages per IP, across conversations: counted in D1 after the answer has started (waitUntil), never awaited on
 *   the hot path. When a count comes back over the limit, this isolate refuses that IP until the window ends; other
 *   isolates learn it from their own next count, so a burst may overshoot by about one message per isolate.
 */
import type { AccountsStore } from '../db/accounts-store';
import { AppError } from '../errors';
import { enforceLimits } from './rate-limit';

/** Mutable so tests can lower them; production never changes them. */
export const EMBED_LIMITS = {
  sessionsPerIp: { max: 20, windowMs: 10 * 60_000 },
  messagesPerVisitor: { max: 10, windowMs: 60_000 },
  messagesPerIp: { max: 60, windowMs: 60_000 },
};

const ipKey = (ip: string | null) => ip ?? 'unknown';

export function enforceSessionLimit(store: AccountsStore, ip: string | null): Promise<void> {
  const { max, windowMs } = EMBED_LIMITS.sessionsPerIp;
  return enforceLimits(store, [{ key: `embed:sessions:ip:${ipKey(ip)}`, max, windowMs }]);
}

export function rateLimited(retryAfterS: number, what: string): AppError {
  return new AppError('rate_limited', `Too many ${what}. Try again in ${retryAfterS} seconds.`, undefined, { 'Retry-After': String(retryAfterS) });
}

const blockedIps = new Map<string, number>();

/** Throws 429 when this isolate has seen the IP go over its message limit in the current window. */
export function checkIpMessageLimit(ip: string | null, now = Date.now()): void {
  const until = blockedIps.get(ipKey(ip));
  if (until === undefined) return;
  if (now >= until) blockedIps.delete(ipKey(ip));
  else throw rateLimited(Math.max(1, Math.ceil((until - now) / 1000)), 'messages from your network');
}

/** Counts the message in D1 without delaying it; pass the promise to waitUntil. */
export async function countIpMessage(store: AccountsStore, ip: string | null): Promise<void> {
  const { max, windowMs } = EMBED_LIMITS.messagesPerIp;
  try {
    const h = await store.hit(`embed:messages:ip:${ipKey(ip)}`, windowMs);
    if (h.count >= max) {
      if (blockedIps.size > 10_000) blockedIps.clear();
      blockedIps.set(ipKey(ip), h.resetAt);
    }
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'embed rate-limit count failed', error: String(e) }));
  }
}
