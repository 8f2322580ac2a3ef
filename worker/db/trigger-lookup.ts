// The webhook route's one pre-tenant lookup: a trigger id (`trg_…`) to its tenant, workflow, state and sealed secret.
// Narrow on purpose (like embed-key-lookup.ts): it finds the tenant, it never hands out a general handle.
import { eq } from 'drizzle-orm';
import { database } from './client';
import { workflowTriggers } from './schema';

/** The trigger's fields a webhook call needs, or undefined when there is no such trigger. */
export async function triggerById(env: { DB: D1Database }, id: string) {
  const t = workflowTriggers;
  return database(env)
    .select({
      id: t.id,
      tenantId: t.tenantId,
      workflowId: t.workflowId,
      kind: t.kind,
      enabled: t.enabled,
      inputs: t.inputs,
      secretCiphertext: t.secretCiphertext,
    })
    .from(t)
    .where(eq(t.id, id))
    .get();
}

export type ResolvedTrigger = NonNullable<Awaited<ReturnType<typeof triggerById>>>;
