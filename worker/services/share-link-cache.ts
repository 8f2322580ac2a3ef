/**
 * Share token digest → the shared agent (tenant, id, name, description), remembered per isolate for as long as
 * verified credentials are (AUTH_CACHE_TTL_MS, 5 s), so a visitor's messages make no D1 round trip. Rotating the link
 * or changing the visibility forgets it in this isolate at once; other isolates see the change within the TTL.
 */
import { type SharedAgent, agentByShareHash } from '../db/share-link-lookup';
import type { Bindings } from '../env';
import { AUTH_CACHE_TTL_MS } from '../middleware/auth-cache';

export type { SharedAgent };

const MAX_ENTRIES = 10_000;
const entries = new Map<string, { agent: SharedAgent; until: number }>();

/** The agent shared under the token digest `hash`, or undefined (unknown, rotated, or no longer `link`). */
export async function resolveShareLink(env: Bindings, hash: string, now = Date.now()): Promise<SharedAgent | undefined> {
  const hit = entries.get(hash);
  if (hit && now < hit.until) return hit.agent;
  entries.delete(hash);
  const agent = await agentByShareHash(env, hash);
  if (agent) {
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(hash, { agent, until: now + AUTH_CACHE_TTL_MS });
  }
  return agent;
}

export function forgetShareLink(hash: string): void {
  entries.delete(hash);
}
