// Bench-only Worker for `npm run bench:knowledge`: POST /ingest {kb, docId, texts} embeds the texts through the
// operator-default upstream (embedTexts, batches of 64) and stores them with KnowledgeBase.upsertDocument; POST
// /query {kb, text, embedding?} runs one hybrid query (embedding the text first when no embedding is given);
// POST /stats {kb}. Each answer carries `ms`: the time spent inside this Worker (I/O-bound, so workerd's clock moves).
import type { Bindings } from '../../worker/env';
import { embeddingTarget, embedTexts } from '../../worker/knowledge/embed';
import { knowledgeStore } from '../../worker/knowledge/store';

export { KnowledgeBase } from '../../durable-objects/knowledge-base';

type Body = { kb: string; docId?: string; texts?: string[]; text?: string; embedding?: number[]; topK?: number };

export default {
  async fetch(req: Request, env: Bindings): Promise<Response> {
    if (req.method !== 'POST') return new Response('ok');
    const path = new URL(req.url).pathname;
    const body = (await req.json()) as Body;
    const kb = knowledgeStore(env, body.kb);
    const target = embeddingTarget(env, 'edgent-embed', null, null);
    const t0 = Date.now();
    if (path === '/ingest') {
      const texts = body.texts ?? [];
      const vectors = await embedTexts(target, texts);
      const t1 = Date.now();
      const chunks = texts.map((text, position) => ({ position, headings: [], text, tokens: Math.ceil(text.length / 4), embedding: vectors[position]! }));
      const res = await kb.upsertDocument(String(body.docId), `h-${body.docId}`, chunks, { bench: 'yes' });
      return Response.json({ ...res, embed_ms: t1 - t0, store_ms: Date.now() - t1 });
    }
    if (path === '/query') {
      const embedding = body.embedding ?? (await embedTexts(target, [String(body.text)]))[0]!;
      const t1 = Date.now();
      const res = await kb.query({ text: String(body.text), embedding, topK: body.topK ?? 5 });
      return Response.json({ ...res, embed_ms: t1 - t0, store_ms: Date.now() - t1 });
    }
    if (path === '/stats') return Response.json(await kb.stats());
    return new Response('not found', { status: 404 });
  },
};
