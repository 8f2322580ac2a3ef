/**
 * Public key → embed key (tenant, agent, allowed origins, settings), remembered per isolate for as long as verified
 * credentials are (AUTH_CACHE_TTL_MS, 5 s), so widget requests make no D1 round trip. Revoking or changing a key
 * forgets it in this isolate at once; other isolates see the change within the TTL.
 */
import { type ResolvedEmbedKey, embedKeyByPublicKey } from '../db/embed-key-lookup';
import type { Bindings } from '../env';
import { AUTH_CACHE_TTL_MS } from '../middleware/auth-cache';

export type { ResolvedEmbedKey };

const MAX_ENTRIES = 10_000;
const entries = new Map<string, { key: ResolvedEmbedKey; until: number }>();

/** The active key for `publicKey`, or undefined (unknown or revoked; misses are not cached). */
export async function resolveEmbedKey(env: Bindings, publicKey: string, now = Date.now()): Promise<ResolvedEmbedKey | undefined> {
  const hit = entries.get(publicKey);
  if (hit && now < hit.until) return hit.key;
  entries.delete(publicKey);
  const key = await embedKeyByPublicKey(env, publicKey);
  if (key) {
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(publicKey, { key, until: now + AUTH_CACHE_TTL_MS });
  }
  return key;
}

export function forgetEmbedKey(publicKey: string): void {
  entries.delete(publicKey);
}
