// Tenant-scoped embed keys of an agent (the widget's public keys); the services record their audit entries.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import { type EmbedSettings, embedKeys, embedRefusedOrigins } from '../schema';
import { type AgentViewer, EVERY_AGENT, notHiddenAgent } from './agent-viewer';

export type EmbedKeyRow = typeof embedKeys.$inferSelect;
export type EmbedKeyValues = { name: string; allowedOrigins: string[]; settings: EmbedSettings };

/** `viewer`: keys of agents hidden from it (agent-viewer.ts) are neither read nor changed. */
export function embedKeysRepo(db: Database, tenantId: string, viewer: AgentViewer = EVERY_AGENT) {
  const seen = () => notHiddenAgent(db, tenantId, viewer, embedKeys.agentId);
  const live = (agentId: string, id: string) =>
    and(eq(embedKeys.tenantId, tenantId), eq(embedKeys.agentId, agentId), eq(embedKeys.id, id), isNull(embedKeys.revokedAt), seen());

  return {
    /** `createdBy`: the user who made it (null for an API key). */
    async create(agentId: string, publicKey: string, v: EmbedKeyValues, createdBy: string | null) {
      const now = Date.now();
      const id = newId('embedKey', now);
      const rows = await db
        .insert(embedKeys)
        .values({ id, tenantId, agentId, publicKey, ...v, createdBy, createdAt: now, updatedAt: now })
        .returning();
      return rows[0]!;
    },

    /** The agent's active keys, newest first (an agent has a handful; no pagination needed). */
    async list(agentId: string) {
      return db
        .select()
        .from(embedKeys)
        .where(and(eq(embedKeys.tenantId, tenantId), eq(embedKeys.agentId, agentId), isNull(embedKeys.revokedAt), seen()))
        .orderBy(desc(embedKeys.id));
    },

    async get(agentId: string, id: string) {
      return db.select().from(embedKeys).where(live(agentId, id)).get();
    },

    /** Undefined when there is no such active key of this agent in this tenant. */
    async update(agentId: string, id: string, v: Partial<EmbedKeyValues>) {
      const rows = await db
        .update(embedKeys)
        .set({ ...v, updatedAt: Date.now() })
        .where(live(agentId, id))
        .returning();
      return rows[0];
    },

    /** The origins this key refused most recently (written by the EVENTS consumer), newest first. */
    async refusedOrigins(keyId: string, limit = 10) {
      const t = embedRefusedOrigins;
      return db
        .select({ origin: t.origin, count: t.count, firstSeenAt: t.firstSeenAt, lastSeenAt: t.lastSeenAt })
        .from(t)
        .where(and(eq(t.tenantId, tenantId), eq(t.embedKeyId, keyId)))
        .orderBy(desc(t.lastSeenAt))
        .limit(limit);
    },

    /** Drops an origin from the refused list (once it is allowed). */
    async forgetRefusedOrigin(keyId: string, origin: string) {
      const t = embedRefusedOrigins;
      await db.delete(t).where(and(eq(t.tenantId, tenantId), eq(t.embedKeyId, keyId), eq(t.origin, origin)));
    },

    /** Revokes an active key; answers its public key (to forget it from caches), or undefined when there is none. */
    async revoke(agentId: string, id: string) {
      const now = Date.now();
      const rows = await db.update(embedKeys).set({ revokedAt: now, updatedAt: now }).where(live(agentId, id)).returning({ publicKey: embedKeys.publicKey });
      return rows[0]?.publicKey;
    },
  };
}
