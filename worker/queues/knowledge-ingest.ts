// The KNOWLEDGE_INGEST consumer (queue edgent-knowledge; issue 19 §1): one message is one document to ingest, off the
// request path. Steps: the original from R2 (or, for a URL document, the page fetched again through the SSRF guard
// and stored) → status `parsing` → parseDocument → chunkDocument → status `embedding` → embedTexts in batches (the
// base's connection, the operator's default, or Workers AI) → KnowledgeBase.upsertDocument → `ready`, and the base's
// counters recounted from its rows.
//
// Failures a person can act on (a damaged file, a refused key, a page that answers 404) mark the document `failed`
// with that reason and are not retried; transient ones (a provider's 429/5xx, a network error, an unexpected error)
// are retried by the queue, and the last delivery, or the dead-letter queue, marks it failed. Redelivery is safe: a
// `ready` document is left alone, and the object's upsert is keyed by document id and content hash (the same hash
// writes nothing). A scheduled refresh (`refresh: true`) whose page is unchanged only notes the time.
import { tenantDb, type TenantDb } from '../db/tenant-db';
import type { KnowledgeBaseRow, KnowledgeDocumentRow } from '../db/tenant-db';
import type { Bindings } from '../env';
import { chunkDocument, embeddingText } from '../knowledge/chunk';
import { contentHash } from '../knowledge/content-hash';
import { EmbeddingError, embedTexts } from '../knowledge/embed';
import { parseDocument, parseUrlResponse } from '../knowledge/parse';
import { knowledgeStore } from '../knowledge/store';
import { ParseError, type ParsedDocument } from '../knowledge/types';
import { OutboundError, outboundFetch } from '../lib/outbound';
import { embeddingTargetOf } from '../services/knowledge-bases';
import { originalKey } from '../services/knowledge-documents';
import { assertKnowledgeAllowed, knowledgeUsage } from '../services/knowledge-limits';
import { AppError } from '../errors';
import { WeightedGate } from '../lib/weighted-gate';
import { isKnowledgeIngestMessage, type KnowledgeIngestMessage } from './knowledge-ingest-message';

/** Deliveries of one message (wrangler.toml max_retries 3, plus the first). */
export const INGEST_DELIVERIES = 4;
const FETCH_TIMEOUT_MS = 30_000;
const REASON_MAX = 500;
/** Documents of one batch ingested at once. */
export const INGEST_PARALLEL = 4;
/** Bytes of originals one isolate works on at once (parsing holds a few times that); see handleKnowledgeIngest. */
export const ORIGINALS_IN_MEMORY = 24 * 1024 * 1024;
/** A page fetched by URL has no size until fetched: it counts as this much. */
const URL_PAGE_WEIGHT = 4 * 1024 * 1024;
const memory = new WeightedGate(ORIGINALS_IN_MEMORY);

/** Failed for a reason a person can act on: stored on the document, never retried. */
class Refused extends Error {}

/**
 * A batch's documents are ingested side by side (most of a document's time is waiting: R2, the embeddings provider,
 * its object), up to INGEST_PARALLEL at once, each message acked or retried on its own. What they hold in memory is
 * bounded per isolate: a document waits until its original fits in ORIGINALS_IN_MEMORY beside the others (a larger
 * one runs alone). Two documents of one tenant may check the plan's storage at the same moment, as two consumer
 * invocations always could: the overshoot is at most a batch's pages fetched by URL (uploads are checked when added).
 */
export async function handleKnowledgeIngest(batch: MessageBatch, env: Bindings): Promise<void> {
  const queue = [...batch.messages];
  const lane = async () => {
    for (let msg = queue.shift(); msg; msg = queue.shift()) await ingestMessage(msg, env);
  };
  await Promise.all(Array.from({ length: Math.min(INGEST_PARALLEL, queue.length) }, lane));
}

async function ingestMessage(msg: Message, env: Bindings): Promise<void> {
  if (!isKnowledgeIngestMessage(msg.body)) {
    msg.ack();
    return;
  }
  const m = msg.body;
  const last = msg.attempts >= INGEST_DELIVERIES;
  try {
    await ingestDocument(env, m, last);
    msg.ack();
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'knowledge ingestion failed, retrying', doc: m.doc_id, attempt: msg.attempts, error: safeMessage(e) }));
    msg.retry({ delaySeconds: Math.min(60, 2 ** msg.attempts) });
  }
}

/** Messages the queue gave up on: their documents are marked failed (a scheduled refresh leaves the ready copy). */
export async function handleKnowledgeDeadLetters(batch: MessageBatch, env: Bindings): Promise<void> {
  for (const msg of batch.messages) {
    if (!isKnowledgeIngestMessage(msg.body)) {
      msg.ack();
      continue;
    }
    const m = msg.body;
    try {
      const db = tenantDb(env, m.tenant_id);
      const doc = await db.knowledge.documents.get(m.kb_id, m.doc_id);
      if (doc && doc.status !== 'ready') await fail(db, doc, 'Processing this document failed several times. Add it again, or try later.');
      msg.ack();
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'knowledge dead letter not recorded', doc: m.doc_id, error: safeMessage(e) }));
      msg.retry({ delaySeconds: 5 });
    }
  }
}

/** One document's ingestion; throws only for a transient failure the queue should retry (never on the last try). */
export async function ingestDocument(env: Bindings, m: KnowledgeIngestMessage, last = true): Promise<void> {
  const db = tenantDb(env, m.tenant_id);
  const base = await db.knowledge.get(m.kb_id);
  if (!base) return;
  const doc = await db.knowledge.documents.get(base.id, m.doc_id);
  // Deleted meanwhile, or already done (a redelivery): nothing to do.
  if (!doc || (doc.status === 'ready' && !m.refresh)) return;
  const refreshing = !!m.refresh && doc.status === 'ready';
  await memory.run(doc.source === 'url' ? Math.max(doc.bytes, URL_PAGE_WEIGHT) : doc.bytes, () => ingest(env, db, base, doc, refreshing, last));
}

async function ingest(env: Bindings, db: TenantDb, base: KnowledgeBaseRow, doc: KnowledgeDocumentRow, refreshing: boolean, last: boolean): Promise<void> {
  try {
    const fileBytes = (await knowledgeUsage(env, db)).limits.knowledge_file_bytes;
    let hash: string;
    let parsed: ParsedDocument;
    let bytes: number;
    if (doc.source === 'url') {
      const page = await fetchPage(env, doc.url!, fileBytes);
      hash = await contentHash(page.bytes);
      bytes = page.bytes.byteLength;
      if (refreshing && hash === doc.contentHash) {
        await db.knowledge.documents.setStatus(base.id, doc.id, { refreshedAt: Date.now(), error: null });
        return;
      }
      // A page's size is known only now: the plan's storage is checked against what it adds.
      await assertKnowledgeAllowed(env, db, { documents: 0, bytes: bytes - doc.bytes }).catch((e: unknown) => {
        throw e instanceof AppError && e.code === 'quota_exceeded' ? new Refused(e.message) : e;
      });
      await env.ORIGINALS.put(originalKey(db.tenantId, base.id, doc.id), page.bytes, {
        httpMetadata: { contentType: page.headers.get('content-type') || 'text/html' },
        customMetadata: { url: doc.url! },
      });
      if (!refreshing) await db.knowledge.documents.setStatus(base.id, doc.id, { status: 'parsing', bytes });
      parsed = await parseUrlResponse(new Response(page.bytes, { status: 200, headers: page.headers }), { url: doc.url!, maxBytes: fileBytes });
    } else {
      const original = await env.ORIGINALS.get(originalKey(db.tenantId, base.id, doc.id));
      if (!original) throw new Refused('The original file is missing. Delete this document and add it again.');
      const data = new Uint8Array(await original.arrayBuffer());
      hash = doc.contentHash ?? (await contentHash(data));
      bytes = data.byteLength;
      await db.knowledge.documents.setStatus(base.id, doc.id, { status: 'parsing' });
      parsed = await parseDocument({
        bytes: data,
        filename: doc.filename ?? undefined,
        contentType: doc.contentType ?? original.httpMetadata?.contentType,
        title: doc.source === 'text' ? doc.title : original.customMetadata?.title,
        maxBytes: fileBytes,
      });
    }
    const chunks = chunkDocument(parsed);
    if (!refreshing) await db.knowledge.documents.setStatus(base.id, doc.id, { status: 'embedding', title: parsed.title });
    const target = await embeddingTargetOf(env, db, base);
    if ('reason' in target) throw new Refused(target.reason);
    const vectors = await embedTexts(
      target,
      chunks.map((c) => embeddingText(c, parsed.title)),
      { batchSize: 64, attempts: last ? 3 : 2 },
    );
    await knowledgeStore(env, base.id).upsertDocument(
      doc.id,
      hash,
      chunks.map((c, i) => ({
        position: c.position,
        headings: c.headings,
        text: c.text,
        tokens: c.tokens,
        embedding: vectors[i]!,
        ...(c.page ? { metadata: { page: String(c.page) } } : {}),
      })),
      // The object returns the title with each result (citations without a D1 read).
      { title: parsed.title },
    );
    const stored = await db.knowledge.documents.setStatus(base.id, doc.id, {
      status: 'ready',
      error: null,
      title: parsed.title,
      chunkCount: chunks.length,
      contentHash: hash,
      bytes,
      ...(doc.source === 'url' ? { refreshedAt: Date.now() } : {}),
    });
    if (!stored) {
      // Deleted (or its base deleted) while this ran: take back what was just written, so nothing is left without a row.
      await knowledgeStore(env, base.id).deleteDocument(doc.id);
      await env.ORIGINALS.delete(originalKey(db.tenantId, base.id, doc.id));
      return;
    }
    await db.knowledge.recount(base.id);
  } catch (e) {
    const reason = reasonOf(e, last);
    if (reason === null && !last) throw e;
    if (reason === null) console.error(JSON.stringify({ level: 'error', msg: 'knowledge ingestion crashed', doc: doc.id, error: safeMessage(e) }));
    const text = reason ?? 'Processing this document failed unexpectedly. Add it again, or try later.';
    // A failed refresh keeps the ready copy searchable and says why the page could not be read again.
    if (refreshing)
      await db.knowledge.documents.setStatus(base.id, doc.id, { error: `The last refresh failed: ${text}`.slice(0, REASON_MAX), refreshedAt: Date.now() });
    else await fail(db, doc, text);
  }
}

/** A reason to store and stop, or null for a transient failure worth another delivery (on the last one, its words). */
function reasonOf(e: unknown, last: boolean): string | null {
  if (e instanceof Refused || e instanceof ParseError) return e.message;
  if (e instanceof EmbeddingError) return e.retryable && !last ? null : e.message;
  if (e instanceof OutboundError) return last ? `The address could not be fetched: ${e.message}.` : null;
  return null;
}

async function fail(db: TenantDb, doc: KnowledgeDocumentRow, reason: string) {
  await db.knowledge.documents.setStatus(doc.knowledgeBaseId, doc.id, { status: 'failed', error: reason.slice(0, REASON_MAX), chunkCount: 0 });
  await db.knowledge.recount(doc.knowledgeBaseId);
}

/** GET the address through the SSRF guard, within the plan's file size; a refusal a person can act on is a ParseError. */
async function fetchPage(env: Bindings, url: string, maxBytes: number): Promise<{ bytes: Uint8Array; headers: Headers }> {
  const get = outboundFetch(env, { timeoutMs: FETCH_TIMEOUT_MS, maxBytes });
  try {
    const res = await get(url, { headers: { accept: 'text/html,application/xhtml+xml,text/markdown,text/plain,application/pdf,*/*;q=0.5' } });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new ParseError('fetch_failed', `The address answered HTTP ${res.status} (${url}).`);
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers();
    for (const h of ['content-type', 'content-disposition']) {
      const v = res.headers.get(h);
      if (v) headers.set(h, v);
    }
    return { bytes, headers };
  } catch (e) {
    if (e instanceof OutboundError) {
      if (e.code === 'too_large') throw new ParseError('too_large', `The page is larger than this plan's file limit: ${e.message}.`);
      if (e.code === 'timeout' || e.code === 'unreachable' || e.code === 'dns') throw e; // transient: retried
      throw new ParseError('fetch_failed', `The address could not be fetched: ${e.message}.`);
    }
    throw e;
  }
}

/** Errors are logged by message only (an embedding error never carries a key; others carry no secrets). */
const safeMessage = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 300);
