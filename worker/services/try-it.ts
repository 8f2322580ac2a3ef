// A listing's anonymous try-it chat (issue 18 §3): the share link's visitor API in shape (routes/protocols/try-it.ts),
// talking to the listing's PUBLISHED version, never the agent's current one. The conversation runs in the CREATOR's
// organization and is paid for by its plan (its quotas and budgets apply on every turn; a refusal reaches the
// visitor as the kind "not available right now", budget-check.ts forVisitor), labelled {via: marketplace_try,
// listing_id} and tagged `marketplace` in usage. Limits: per visitor and per IP (embed-limits.ts, shared with the
// widget), and a DAILY CAP PER LISTING (TRY_IT_DAILY_CAP, default 200 messages per UTC day) counted in the
// RateLimiter Durable Object named `try:<listing>:<day>` — no D1 on the message path for it; an isolate that has
// seen the cap reached refuses at once until the day ends.
import { publishedListing } from '../db/marketplace-lookup';
import { newId } from '../db/ids';
import { type AgentConfig, EVERY_AGENT, tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { notFound } from '../errors';
import { getAgent } from './agents';
import { accessOf, snapshotOf } from './chat-sessions';
import { rateLimited } from './embed-limits';
import { sessionStub } from './session-stub';

export type TryListing = {
  id: string;
  tenantId: string;
  agentId: string;
  slug: string;
  title: string;
  version: number;
  agentVersion: number;
  /** Binds visitor tokens to this listing AND version: a new published version (or an unpublish) opens nothing old. */
  linkId: string;
};

/**
 * The listing a try-it request is for, read per request (published only): an unpublished or removed listing is a
 * 404 at once, in every isolate.
 */
export async function tryListing(env: Bindings, slug: string): Promise<TryListing | undefined> {
  const l = slug.length <= 80 ? await publishedListing(env, slug) : undefined;
  if (!l) return undefined;
  return {
    id: l.id,
    tenantId: l.tenantId,
    agentId: l.agentId,
    slug: l.slug,
    title: l.title,
    version: l.version,
    agentVersion: l.agentVersion,
    linkId: `try:${l.id}:${l.version}`,
  };
}

/** A visitor's new conversation with the listing's frozen agent version, in the creator's organization. */
export async function startTryConversation(env: Bindings, listing: TryListing) {
  const db = tenantDb(env, listing.tenantId, EVERY_AGENT);
  const agent = await getAgent(db, listing.agentId);
  const frozen = await db.agents.getVersion(agent.id, listing.agentVersion);
  if (!frozen) throw notFound('Listing');
  const config: AgentConfig = frozen;
  const id = newId('session');
  const snapshot = await snapshotOf(db, { id: agent.id, version: listing.agentVersion, config }, id, {});
  await sessionStub(env, db.tenantId, id).init(snapshot, accessOf(agent));
  return db.sessions.create({
    id,
    agentId: agent.id,
    agentVersion: listing.agentVersion,
    metadata: { via: 'marketplace_try', listing_id: listing.id },
    createdBy: null,
  });
}

const DAY_MS = 86_400_000;
export const dailyCap = (env: Bindings) => {
  const n = Number(env.TRY_IT_DAILY_CAP ?? 200);
  return Number.isInteger(n) && n >= 0 ? n : 200;
};

/** Listings this isolate has seen reach the day's cap: refused here without asking the counter, until the day ends. */
const capped = new Map<string, number>();

/** Counts one try-it message against the listing's daily cap; throws 429 (Retry-After: the next UTC midnight) over it. */
export async function countDailyMessage(env: Bindings, listingId: string, now = Date.now()): Promise<void> {
  const day = Math.floor(now / DAY_MS);
  const key = `try:${listingId}:${day}`;
  const retry = () =>
    rateLimited(Math.max(1, Math.ceil(((day + 1) * DAY_MS - now) / 1000)), 'messages to this agent today (trying it is limited); install it to keep going');
  if ((capped.get(key) ?? 0) > now) throw retry();
  const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
  const [r] = await stub.hit([{ bucket: 'try-it', n: 1, max: dailyCap(env), windowMs: DAY_MS, strict: true }], now);
  if (!r?.ok) {
    if (capped.size > 10_000) capped.clear();
    capped.set(key, (day + 1) * DAY_MS);
    throw retry();
  }
}
