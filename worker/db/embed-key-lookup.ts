// The widget's one pre-tenant lookup: a public key (`pk_…`) to its tenant, agent, allowed origins and settings.
// Narrow on purpose (like accounts-store.ts): it finds the tenant, it never hands out a general handle.
import { and, eq, isNull } from 'drizzle-orm';
import { database } from './client';
import { agents, embedKeys } from './schema';

/** An active embed key with the name of its agent, or undefined (unknown, revoked, or its agent is gone). */
export async function embedKeyByPublicKey(env: { DB: D1Database }, publicKey: string) {
  return database(env)
    .select({
      id: embedKeys.id,
      tenantId: embedKeys.tenantId,
      agentId: embedKeys.agentId,
      agentName: agents.name,
      agentAttachments: agents.attachments,
      allowedOrigins: embedKeys.allowedOrigins,
      settings: embedKeys.settings,
    })
    .from(embedKeys)
    .innerJoin(agents, and(eq(agents.id, embedKeys.agentId), eq(agents.tenantId, embedKeys.tenantId)))
    .where(and(eq(embedKeys.publicKey, publicKey), isNull(embedKeys.revokedAt)))
    .get();
}

export type ResolvedEmbedKey = NonNullable<Awaited<ReturnType<typeof embedKeyByPublicKey>>>;
