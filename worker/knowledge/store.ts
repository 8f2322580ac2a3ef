// The way in to a knowledge base's storage: the KnowledgeBase object named by the base's id. Callers check the tenant
// first (the base's D1 row belongs to the caller's organization), then call its RPC methods (upsertDocument,
// deleteDocument, query, stats; shapes in store-types.ts). Knowledge base ids are random and never reused, so the id
// alone names the object; a sharded collection would name `${kbId}:${shard}` here.
import type { Bindings } from '../env';

export function knowledgeStore(env: Pick<Bindings, 'KNOWLEDGE_BASE'>, kbId: string) {
  return env.KNOWLEDGE_BASE.get(env.KNOWLEDGE_BASE.idFromName(kbId));
}
