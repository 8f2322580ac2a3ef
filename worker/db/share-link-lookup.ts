// Share links' one pre-tenant lookup: a token digest to the agent shared by it (tenant, id, name, description).
// Narrow on purpose (like embed-key-lookup.ts): it finds the tenant, it never hands out a general handle.
import { and, eq } from 'drizzle-orm';
import { database } from './client';
import { agents } from './schema';

/** The `link` agent whose current share token has digest `hash`, or undefined. */
export async function agentByShareHash(env: { DB: D1Database }, hash: string) {
  return database(env)
    .select({ tenantId: agents.tenantId, agentId: agents.id, name: agents.name, description: agents.description, attachments: agents.attachments })
    .from(agents)
    .where(and(eq(agents.shareTokenHash, hash), eq(agents.visibility, 'link')))
    .get();
}

export type SharedAgent = NonNullable<Awaited<ReturnType<typeof agentByShareHash>>>;
