// The queue phase of `npm run bench:knowledge`: ingestion the way users get it. The real platform under `wrangler dev`
// (harness.mjs startStack: the KNOWLEDGE_INGEST queue's local consumer as wrangler.toml configures it, D1, R2, the
// KnowledgeBase objects), an organization whose knowledge base embeds through a model connection to the test upstream,
// `docs` documents added through POST /api/v1/knowledge-bases/:id/documents (generated Markdown of about `chunks`
// passages each, plus the PDF and DOCX fixtures), then GET …/documents polled until every one is ready or failed.
// Figures: documents/s and chunks/s end to end (first add → last settled), add → settled p50/p95 per document, the
// wall time, and the failures with their reasons.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../dev-env.mjs';
import { log, setupAccount, startStack, stats } from './harness.mjs';

const POLL_MS = 200;
/** Documents added at once (each is one multipart POST). */
const ADD_CONCURRENCY = 4;
const BINARIES = [
  { name: 'report.pdf', type: 'application/pdf' },
  { name: 'handbook.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
];

/**
 * A Markdown document of `sections` headed sections, each three passages (about 270 approximate tokens, under the
 * chunker's 350), so each section is one chunk; `n` makes every document's content (and hash) different.
 */
function markdown(n, sections, passage) {
  const parts = [`# Bench document ${n}`, ''];
  for (let s = 0; s < sections; s++) parts.push(`## Part ${n}.${s + 1}`, '', [passage(), passage(), passage()].join(' '), '');
  return parts.join('\n');
}

export async function queuePhase({ docs, chunks, passage }) {
  const planLimits = { free: { messages: null, tokens: null, workflow_runs: null, knowledge_documents: null, knowledge_bytes: null } };
  const stack = await startStack({ passthrough: false, vars: { PLAN_LIMITS: JSON.stringify(planLimits) } });
  const { auth } = await setupAccount(stack.platformUrl);
  const call = async (method, path, body, expected) => {
    const json = body !== undefined && !(body instanceof FormData);
    const res = await fetch(stack.platformUrl + path, {
      method,
      headers: { ...auth, ...(json ? { 'content-type': 'application/json' } : {}) },
      body: json ? JSON.stringify(body) : body,
    });
    if (res.status !== expected) throw new Error(`${method} ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res.json();
  };
  const conn = await call(
    'POST',
    '/api/v1/connections',
    { name: 'Bench embeddings', kind: 'openai_compatible', base_url: stack.upstream, auth: { type: 'bearer', secret: 'sk-bench-embeddings-0001' } },
    201,
  );
  const kb = await call('POST', '/api/v1/knowledge-bases', { name: 'Bench queue', connection_id: conn.id }, 201);

  const binaries = BINARIES.slice(0, Math.min(BINARIES.length, Math.floor(docs / 10)));
  const files = [
    ...Array.from({ length: docs - binaries.length }, (_, i) => ({
      name: `bench-${i + 1}.md`,
      type: 'text/markdown',
      bytes: Buffer.from(markdown(i + 1, chunks, passage)),
    })),
    ...binaries.map((b) => ({ ...b, bytes: readFileSync(join(ROOT, 'test/fixtures/knowledge', b.name)) })),
  ];
  log(`queue phase: ${files.length} documents (${binaries.map((b) => b.name).join(', ') || 'Markdown only'}) into ${kb.id} at ${stack.platformUrl}`);

  const addedAt = new Map();
  const settled = new Map();
  let next = 0;
  let added = false;
  let addFailure = null;
  const t0 = performance.now();
  const adding = Promise.all(
    Array.from({ length: ADD_CONCURRENCY }, async () => {
      while (next < files.length) {
        const f = files[next++];
        const form = new FormData();
        form.set('file', new Blob([f.bytes], { type: f.type }), f.name);
        const doc = await call('POST', `/api/v1/knowledge-bases/${kb.id}/documents`, form, 202);
        addedAt.set(doc.id, performance.now());
      }
    }),
  ).then(
    () => {
      added = true;
      return (performance.now() - t0) / 1000;
    },
    (e) => {
      added = true;
      addFailure = e;
    },
  );

  // Polled from the first add until every document has settled (ready or failed).
  const deadline = Date.now() + 15 * 60_000;
  let last = '';
  while (!added || settled.size < files.length) {
    if (addFailure) throw addFailure;
    if (Date.now() > deadline) throw new Error(`documents not settled after 15 minutes: ${last}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    const counts = {};
    let cursor = null;
    do {
      const q = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await call('GET', `/api/v1/knowledge-bases/${kb.id}/documents?${q}`, undefined, 200);
      const now = performance.now();
      for (const d of page.data) {
        counts[d.status] = (counts[d.status] ?? 0) + 1;
        const done = d.status === 'ready' || d.status === 'failed';
        if (done && addedAt.has(d.id) && !settled.has(d.id))
          settled.set(d.id, { at: now, status: d.status, chunks: d.chunk_count, error: d.error, title: d.title });
      }
      cursor = page.next_cursor;
    } while (cursor);
    const line = JSON.stringify(counts);
    if (line !== last) log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s: ${line}`);
    last = line;
  }
  const addS = await adding;
  if (addFailure) throw addFailure;
  const wallS = (Math.max(...[...settled.values()].map((s) => s.at)) - t0) / 1000;
  const ready = [...settled.values()].filter((s) => s.status === 'ready');
  const failed = [...settled.entries()].filter(([, s]) => s.status === 'failed').map(([id, s]) => ({ id, title: s.title, error: s.error }));
  const readyChunks = ready.reduce((n, s) => n + s.chunks, 0);
  const base = await call('GET', `/api/v1/knowledge-bases/${kb.id}`, undefined, 200);
  return {
    documents: files.length,
    documents_ready: ready.length,
    documents_failed: failed.length,
    failures: failed,
    chunks: readyChunks,
    kb_chunk_count: base.chunk_count,
    add_seconds: +addS.toFixed(2),
    wall_seconds: +wallS.toFixed(2),
    documents_per_s: +(ready.length / wallS).toFixed(2),
    chunks_per_s: Math.round(readyChunks / wallS),
    add_to_settled_ms: stats([...settled.entries()].map(([id, s]) => s.at - addedAt.get(id))),
    poll_ms: POLL_MS,
  };
}
