// Share links of `link` agents (API.md, Teams and access): showing the URL again, rotating it, and a visitor's token
// to the agent it shares. The token is derived, never stored (share-token.ts); the lookup is cached (share-link-cache.ts).
import { EVERY_AGENT, type TenantDb, tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { createChatSession } from './chat-sessions';
import { AppError } from '../errors';
import { getAgent } from './agents';
import { forgetShareLink, resolveShareLink, type SharedAgent } from './share-link-cache';

export type { SharedAgent };
import { isShareToken, newShareLink, sharePath, shareToken, shareTokenHash } from './share-token';

const notShared = () =>
  new AppError('conflict', 'Only an agent shared by link has a share URL: set its visibility to "link" first', [
    { path: 'visibility', message: 'is not "link"' },
  ]);

/** The agent's share URL (`origin` + /s/<token>); 409 unless its visibility is `link`, 404 when not seen. */
export async function shareLinkUrl(secret: string, db: TenantDb, agentId: string, origin: string): Promise<{ url: string }> {
  const agent = await getAgent(db, agentId);
  if (agent.visibility !== 'link' || !agent.shareSalt) throw notShared();
  return { url: origin + sharePath(await shareToken(secret, db.tenantId, agent.id, agent.shareSalt)) };
}

/** A new share URL for the agent; the old one is dead at once (404 in this isolate now, in others within 5 s). */
export async function rotateShareLink(secret: string, db: TenantDb, agentId: string, origin: string): Promise<{ url: string }> {
  const agent = await getAgent(db, agentId);
  if (agent.visibility !== 'link') throw notShared();
  const link = await newShareLink(secret, db.tenantId, agent.id);
  if (!(await db.agents.setSharing(agent.id, { visibility: 'link', ...link }))) throw notShared();
  if (agent.shareTokenHash) forgetShareLink(agent.shareTokenHash);
  return { url: origin + sharePath(await shareToken(secret, db.tenantId, agent.id, link.shareSalt)) };
}

/** The agent a visitor's share token opens, with the digest that names the link, or undefined. */
export async function sharedAgent(env: Bindings, token: string): Promise<(SharedAgent & { linkId: string }) | undefined> {
  if (!isShareToken(token)) return undefined;
  const hash = await shareTokenHash(token);
  const agent = await resolveShareLink(env, hash);
  // linkId binds visitor tokens to this link: after a rotation they open nothing.
  return agent && { ...agent, linkId: `share:${hash.slice(0, 24)}` };
}

/**
 * A visitor's new conversation on a share link: the owner's configuration applies (every agent of the tenant is
 * seen, like the widget's), and the conversation is listed in the owner's conversations with `via: share_link`.
 */
export async function startSharedConversation(env: Bindings, shared: SharedAgent, ip: string | null) {
  const db = tenantDb(env, shared.tenantId, EVERY_AGENT);
  const agent = await getAgent(db, shared.agentId);
  return createChatSession(env, db, agent, { metadata: { via: 'share_link' } }, { type: 'system', id: null, ip });
}
