/**
 * A short-lived, per-isolate memory of verified credentials, so the chat hot path makes no D1 round trip for
 * authentication. Only successful lookups are kept, for AUTH_CACHE_TTL_MS. Revoking a key or logging out forgets
 * it in this isolate at once; other isolates stop accepting it within the TTL (documented in the API guide).
 */
import type { Auth } from '../env';

export const AUTH_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

type Entry = { auth: Auth; until: number };
const entries = new Map<string, Entry>();

export function cachedAuth(tokenHash: string, now = Date.now()): Auth | undefined {
  const e = entries.get(tokenHash);
  if (!e) return undefined;
  if (now >= e.until) {
    entries.delete(tokenHash);
    return undefined;
  }
  return e.auth;
}

/** `expiresAt`: when the credential itself expires; the entry never outlives it. */
export function rememberAuth(tokenHash: string, auth: Auth, expiresAt: number | null, now = Date.now()): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(tokenHash, { auth, until: Math.min(now + AUTH_CACHE_TTL_MS, expiresAt ?? Infinity) });
}

/** Forgets everything (tests that change credentials behind the API's back). */
export function clearAuthCache(): void {
  entries.clear();
}

/** Drops every cached credential of a revoked API key or a logged-out session. */
export function forgetAuth(match: { keyId?: string; sessionId?: string }): void {
  for (const [hash, { auth }] of entries) {
    if ((auth.kind === 'api_key' && auth.keyId === match.keyId) || (auth.kind === 'session' && auth.sessionId === match.sessionId)) {
      entries.delete(hash);
    }
  }
}

/** Drops every cached credential (sessions and keys) of a person in one organization: removed, or given a new role. */
export function forgetMember(tenantId: string, userId: string): void {
  for (const [hash, { auth }] of entries) if (auth.tenantId === tenantId && auth.userId === userId) entries.delete(hash);
}
