// The KNOWLEDGE_INGEST queue's message (edgent-knowledge): one document of one base to ingest. `refresh` marks a
// scheduled re-fetch of a URL document (unchanged content does no work). The consumer is knowledge-ingest.ts.
import type { Bindings } from '../env';

export type KnowledgeIngestMessage = { type: 'knowledge.ingest'; tenant_id: string; kb_id: string; doc_id: string; refresh?: boolean };

export const isKnowledgeIngestMessage = (b: unknown): b is KnowledgeIngestMessage => {
  const m = b as KnowledgeIngestMessage | null;
  return !!m && m.type === 'knowledge.ingest' && typeof m.tenant_id === 'string' && typeof m.kb_id === 'string' && typeof m.doc_id === 'string';
};

export async function sendIngest(env: Pick<Bindings, 'KNOWLEDGE_INGEST'>, m: KnowledgeIngestMessage): Promise<void> {
  await env.KNOWLEDGE_INGEST.send(m, { contentType: 'json' });
}

export async function sendIngestBatch(env: Pick<Bindings, 'KNOWLEDGE_INGEST'>, ms: KnowledgeIngestMessage[]): Promise<void> {
  for (let i = 0; i < ms.length; i += 100) await env.KNOWLEDGE_INGEST.sendBatch(ms.slice(i, i + 100).map((body) => ({ body, contentType: 'json' as const })));
}
