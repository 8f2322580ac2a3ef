// `npm run bench:knowledge`: what one knowledge base costs at 10,000 chunks. Starts the fake LLM upstream (its
// POST /v1/embeddings) and the bench-only Worker scripts/bench/knowledge-worker.ts under `wrangler dev` (the real
// KnowledgeBase object and embedTexts), ingests `--chunks` (10,000) generated passages into ONE object as documents
// of `--per-doc` (100) chunks, `--concurrency` (4) documents at a time (embedding through the upstream in batches of
// 64, then upsertDocument), and prints ingestion throughput; then `--queries` (200) hybrid queries, p50/p95 of
// (a) the store's query alone (query embedding computed here with the upstream's algorithm; HTTP round trip to the
// Worker included) and (b) retrieval with the query embedded through the upstream. Loopback only; starts and stops
// its own processes.
// Then the queue phase (scripts/bench/knowledge-queue.mjs): ingestion end to end as users get it, through the real
// platform under `wrangler dev`: `--queue-docs` (100) documents of about `--queue-chunks` (100) passages each (Markdown
// uploads plus the PDF and DOCX fixtures) added through the documents API, the KNOWLEDGE_INGEST queue's consumer as
// wrangler.toml configures it, polled until every one is ready or failed: documents/s, chunks/s, add → ready p50/p95
// and wall time. `--store 0` or `--queue-docs 0` leaves a phase out.
// Prints figures (and `uptime`: the machine may be shared) and writes test-results/bench-knowledge.json. No assertions.
//   npm run bench:knowledge -- [--chunks 10000] [--per-doc 100] [--concurrency 4] [--queries 200]
//                              [--store 1] [--queue-docs 100] [--queue-chunks 100]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startWrangler } from './dev-env.mjs';
import { freePorts, log, onCleanup, parseOpts, runBench, spawnNode, stats, waitForOk } from './bench/harness.mjs';
import { queuePhase } from './bench/knowledge-queue.mjs';
import { CONCEPTS, embedText } from '../test/fixtures/llm-upstream/embed-algorithm.mjs';

const opts = parseOpts(
  { chunks: 10_000, 'per-doc': 100, concurrency: 4, queries: 200, store: 1, 'queue-docs': 100, 'queue-chunks': 100 },
  'bench-knowledge.mjs',
);

/** A seeded generator, so every run ingests and asks the same things. */
function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32;
}
const rand = rng(19);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const VOCAB = [
  ...Object.values(CONCEPTS).flat(),
  ...'customer order team office report manager project system update access policy request review office budget quarter region contract support client partner process document feature release plan record window morning evening'.split(
    ' ',
  ),
];

/** A passage of 30–60 words with a code in one of five. */
function passage(i) {
  const words = Array.from({ length: 30 + Math.floor(rand() * 30) }, () => pick(VOCAB));
  if (i % 5 === 0) words.splice(Math.floor(rand() * words.length), 0, `REF-${10000 + i}`);
  return `${words.join(' ')}.`;
}

async function worker(stateDir, upstream) {
  const [port] = await freePorts(1);
  const w = await startWrangler({
    port,
    inspector: false,
    config: 'scripts/bench/knowledge.toml',
    persistTo: join(stateDir, 'state'),
    vars: { OPENAI_BASE_URL: upstream, OPENAI_API_KEY: 'bench', ALLOW_PRIVATE_NETWORK: 'true' },
    stdio: 'pipe',
  });
  onCleanup(() => w.stop());
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(url, 'the knowledge Worker', () => w.output().slice(-3000));
  return url;
}

async function post(url, path, body) {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  return res.json();
}

/** The store alone: the bench-only Worker, documents straight into one object, then queries. */
async function storePhase() {
  const stateDir = mkdtempSync(join(tmpdir(), 'edgent-bench-kb-'));
  onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));
  onCleanup(() => rmSync(join(ROOT, 'scripts/bench/.wrangler'), { recursive: true, force: true }));
  const llm = await spawnNode(['test/fixtures/llm-upstream.mjs', '--port', '0', '--host', '127.0.0.1'], {
    env: process.env,
    ready: (line) => /^http:\/\/127\.0\.0\.1:\d+\/v1$/.test(line),
    what: 'the LLM upstream',
  });
  const upstream = llm.line.trim();
  const url = await worker(stateDir, upstream);
  log(`upstream ${upstream}, knowledge Worker ${url}`);
  const kb = `kb_bench_${Date.now()}`;
  const texts = Array.from({ length: opts.chunks }, (_, i) => passage(i));

  // Ingestion: documents of per-doc chunks, `concurrency` in flight.
  const docs = [];
  for (let i = 0; i < texts.length; i += opts['per-doc']) docs.push(texts.slice(i, i + opts['per-doc']));
  let next = 0;
  const perDoc = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < docs.length) {
        const d = next++;
        const t = performance.now();
        const res = await post(url, '/ingest', { kb, docId: `doc-${d}`, texts: docs[d] });
        perDoc.push({ ms: performance.now() - t, embed_ms: res.embed_ms, store_ms: res.store_ms });
      }
    }),
  );
  const ingestS = (performance.now() - t0) / 1000;
  const st = await post(url, '/stats', { kb });
  log(`ingested ${st.chunks} chunks in ${ingestS.toFixed(1)} s`);

  // Queries: words from the vocabulary, some with a code (the keyword half's case).
  const queries = Array.from({ length: opts.queries }, (_, i) =>
    i % 4 === 0 ? `REF-${10000 + 5 * Math.floor(rand() * (opts.chunks / 5))}` : `${pick(VOCAB)} ${pick(VOCAB)} ${pick(VOCAB)}`,
  );
  const tFirst = performance.now();
  await post(url, '/query', { kb, text: 'warm up', embedding: Array.from(embedText('warm up')) });
  const firstMs = performance.now() - tFirst;
  const storeOnly = [];
  const withEmbed = [];
  const inWorker = [];
  for (const text of queries) {
    let t = performance.now();
    const a = await post(url, '/query', { kb, text, embedding: Array.from(embedText(text)) });
    storeOnly.push(performance.now() - t);
    inWorker.push(a.store_ms);
    t = performance.now();
    await post(url, '/query', { kb, text });
    withEmbed.push(performance.now() - t);
  }
  const s1 = stats(storeOnly);
  const s2 = stats(withEmbed);
  const s3 = stats(inWorker);
  const figures = {
    chunks: st.chunks,
    docs: st.docs,
    sqlite_bytes: st.bytes,
    ingest_seconds: +ingestS.toFixed(2),
    ingest_chunks_per_s: Math.round(st.chunks / ingestS),
    ingest_doc_ms: stats(perDoc.map((d) => d.ms)),
    first_query_ms_matrix_load: +firstMs.toFixed(1),
    query_store_only_ms: s1,
    query_store_rpc_in_worker_ms: s3,
    retrieval_with_query_embedding_ms: s2,
  };
  const fmt = (s) => `p50 ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (n ${s.n}, max ${s.max.toFixed(1)})`;
  console.log(`bench:knowledge — ${st.chunks} chunks (${st.docs} documents of ${opts['per-doc']}), 256-d, SQLite ${(st.bytes / 1e6).toFixed(1)} MB`);
  console.log(
    `  ingestion: ${figures.ingest_chunks_per_s} chunks/s (${ingestS.toFixed(1)} s; embed via upstream + upsertDocument, ${opts.concurrency} documents in flight)`,
  );
  console.log(`  first query after ingestion (loads the vector matrix): ${firstMs.toFixed(1)} ms`);
  console.log(`  hybrid query, store only (HTTP round trip to the Worker): ${fmt(s1)}`);
  console.log(`  hybrid query, the object's RPC timed inside the Worker:    ${fmt(s3)}`);
  console.log(`  retrieval incl. query embedding via the upstream:        ${fmt(s2)}`);
  return figures;
}

runBench(async () => {
  const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
  const before = uptime();
  const figures = opts.store ? await storePhase() : null;
  let queue = null;
  if (opts['queue-docs'] > 0) {
    queue = await queuePhase({ docs: opts['queue-docs'], chunks: opts['queue-chunks'], passage: () => passage(1) });
    const q = queue.add_to_settled_ms;
    console.log(`bench:knowledge queue — ${queue.documents} documents through the documents API and the KNOWLEDGE_INGEST queue (${queue.chunks} chunks ready)`);
    console.log(
      `  end to end: ${queue.documents_per_s} documents/s, ${queue.chunks_per_s} chunks/s; wall ${queue.wall_seconds} s (adding took ${queue.add_seconds} s)`,
    );
    console.log(`  add → ready per document: p50 ${(q.median / 1000).toFixed(2)} s, p95 ${(q.p95 / 1000).toFixed(2)} s (max ${(q.max / 1000).toFixed(2)} s)`);
    console.log(`  failed: ${queue.documents_failed}${queue.failures.map((f) => `\n    ${f.title} (${f.id}): ${f.error}`).join('')}`);
  }
  const machine = { uptime_before: before, uptime_after: uptime(), shared: 'the machine may be shared with other work' };
  console.log(`  uptime before: ${machine.uptime_before}\n  uptime after:  ${machine.uptime_after}`);
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results/bench-knowledge.json'), JSON.stringify({ at: new Date().toISOString(), opts, figures, queue, machine }, null, 2));
});
