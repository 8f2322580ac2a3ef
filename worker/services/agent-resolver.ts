/**
 * Agent id or slug → the agent's snapshot (instructions, model, tools, connections), for the stateless entry points
 * (the OpenAI-compatible API, MCP). Building one reads D1 (agent, tools, connections), so snapshots are kept per
 * isolate: fresh for FRESH_MS, then served while one background refresh runs, for up to STALE_MS. So a warm
 * request makes no D1 query, and an edited or deleted agent is seen within about FRESH_MS (plus one request).
 * Entries are kept per viewer (agent-access.ts): the handle's view decides which agents load finds, so a private
 * agent one caller may use is never answered from the cache to another; a visibility change is seen like an edit.
 */
import { isId } from '../db/ids';
import type { TenantDb } from '../db/tenant-db';
import { AppError } from '../errors';
import type { AgentSnapshot } from '../llm/snapshot';
import { buildSnapshot } from './chat-sessions';
import type { AgentAccess } from '../../durable-objects/session-access';

export const FRESH_MS = 5_000;
const STALE_MS = 5 * 60_000;
const MAX_ENTRIES = 5_000;

/** `access`: who may open the agent's conversations (durable-objects/session-access.ts), for the ones made from it. */
export type ResolvedAgent = Omit<AgentSnapshot, 'sessionId'> & { slug: string; access: AgentAccess };
type Entry = { agent: ResolvedAgent | null; at: number; refreshing?: Promise<unknown> };
const entries = new Map<string, Entry>();

async function load(db: TenantDb, ref: string): Promise<ResolvedAgent | null> {
  const agent = isId('agent', ref) ? await db.agents.get(ref) : await db.agents.getBySlug(ref.toLowerCase());
  if (!agent) return null;
  const { sessionId: _s, ...snapshot } = await buildSnapshot(db, agent, '', {});
  return { ...snapshot, slug: agent.slug, access: { private: agent.visibility === 'private', owner: agent.createdBy } };
}

function remember(key: string, agent: ResolvedAgent | null, now: number) {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, { agent, at: now });
}

/**
 * The agent `ref` names (id or slug) in the caller's tenant, or a 404 on `param`. `waitUntil` carries the background
 * refresh of a stale entry past the response.
 */
export async function resolveAgent(
  db: TenantDb,
  ref: string,
  waitUntil: (p: Promise<unknown>) => void,
  param = 'model',
  now = Date.now(),
): Promise<ResolvedAgent> {
  const key = `${db.tenantId}\n${db.viewer.all ? '*' : (db.viewer.userId ?? '-')}\n${ref}`;
  const hit = entries.get(key);
  let agent: ResolvedAgent | null;
  if (hit && now - hit.at < FRESH_MS) agent = hit.agent;
  else if (hit?.agent && now - hit.at < STALE_MS) {
    agent = hit.agent;
    hit.refreshing ??= load(db, ref).then(
      (a) => remember(key, a, Date.now()),
      () => (hit.refreshing = undefined),
    );
    waitUntil(hit.refreshing);
  } else {
    agent = await load(db, ref);
    remember(key, agent, now);
  }
  if (!agent)
    throw new AppError('not_found', `The model "${ref}" does not exist: use the id or slug of one of your agents (GET /v1/models)`, [
      { path: param, message: 'no such agent' },
    ]);
  return agent;
}

/** Forgets every cached agent (tests that change agents behind the API's back). */
export function clearAgentCache(): void {
  entries.clear();
}
