// Knowledge-base documents (API.md, Knowledge; issue 19 §1): add one (an uploaded file, a URL, or pasted text), list,
// read, delete, and read its passages. Adding stores the original in R2 (ORIGINALS, key `${tenant}/${kb}/${doc}`),
// writes the row (status `queued`) and sends one message to the KNOWLEDGE_INGEST queue; the consumer
// (worker/queues/knowledge-ingest.ts) parses, chunks, embeds and stores it off the request path. Re-adding an unchanged
// file or text (same content hash in that base), or an address the base already has, does no work and answers the
// existing document. Deleting removes its chunks from the KnowledgeBase object first (they leave results at once),
// then the original and the row. The base's counters are recounted from its rows after every change.
import type { KnowledgeDocumentRow, TenantDb } from '../db/tenant-db';
import { type Page, type PageParams, toPage } from '../db/page';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import { contentHash } from '../knowledge/content-hash';
import { detectFormat } from '../knowledge/detect';
import { knowledgeStore } from '../knowledge/store';
import { ParseError } from '../knowledge/types';
import type { Actor } from '../lib/actor';
import { iso } from '../lib/iso';
import { privateNetworkAllowed } from '../lib/outbound';
import { checkOutboundUrl } from '../lib/ssrf';
import { assertKnowledgeAllowed } from './knowledge-limits';
import type { KnowledgeChunkJson, KnowledgeDocumentAdded, KnowledgeDocumentJson } from '../schemas/knowledge';
import { getKnowledgeBaseRow } from './knowledge-bases';
import { type KnowledgeIngestMessage, sendIngest, sendIngestBatch } from '../queues/knowledge-ingest-message';
import { dueUrlRefreshes } from '../db/knowledge-refresh';

export type { KnowledgeDocumentJson } from '../schemas/knowledge';

export type UploadedFile = File | { bytes: Uint8Array; filename: string; contentType: string };
export type AddDocumentInput = { file: UploadedFile; title?: string } | { url: string; refresh_hours?: number | null } | { title: string; text: string };

type Env = Bindings;

export function knowledgeDocumentJson(d: KnowledgeDocumentRow): KnowledgeDocumentJson {
  return {
    id: d.id,
    knowledge_base_id: d.knowledgeBaseId,
    title: d.title,
    source: d.source,
    url: d.url,
    filename: d.filename,
    content_type: d.contentType,
    bytes: d.bytes,
    status: d.status,
    error: d.error,
    chunk_count: d.chunkCount,
    refresh_hours: d.refreshHours,
    refreshed_at: iso(d.refreshedAt),
    created_at: iso(d.createdAt)!,
    updated_at: iso(d.updatedAt)!,
  };
}

/** Where a document's original lives in ORIGINALS. */
export const originalKey = (tenantId: string, kbId: string, docId: string) => `${tenantId}/${kbId}/${docId}`;

const added = (d: KnowledgeDocumentRow): KnowledgeDocumentAdded => ({ id: d.id, title: d.title, status: d.status });

async function fileParts(file: UploadedFile): Promise<{ bytes: Uint8Array; filename: string; contentType: string }> {
  if (!(file instanceof Blob)) return file;
  return { bytes: new Uint8Array(await file.arrayBuffer()), filename: (file as File).name || 'document', contentType: file.type || '' };
}

const titleOfFile = (filename: string) => filename.replace(/\.[A-Za-z0-9]{1,8}$/, '').trim() || filename || 'Document';

/**
 * Adds a document: checks the format and the plan's limits at once (415 / 413 / 402 with the reason), stores the
 * original, and queues its ingestion. Answers `{id, title, status}`: `queued`, or the existing document's status
 * when the same content (or address) is already in this base.
 */
export async function addDocument(env: Env, db: TenantDb, kbId: string, input: AddDocumentInput, actor: Actor): Promise<KnowledgeDocumentAdded> {
  const base = await getKnowledgeBaseRow(db, kbId);
  if ('url' in input) {
    const url = input.url.trim();
    const verdict = checkOutboundUrl(url, privateNetworkAllowed(env));
    if (!verdict.ok) throw new AppError('validation_failed', `This address cannot be fetched: ${verdict.reason}`, [{ path: 'url', message: verdict.reason }]);
    const existing = await db.knowledge.documents.byUrl(base.id, url);
    if (existing) return added(existing);
    await assertKnowledgeAllowed(env, db, { documents: 1, bytes: 0 });
    const row = await db.knowledge.documents.create(
      base.id,
      { title: url, source: 'url', url, filename: null, contentType: null, bytes: 0, contentHash: null, refreshHours: input.refresh_hours ?? null },
      actor.userId ?? null,
    );
    await db.knowledge.recount(base.id);
    await sendIngest(env, { type: 'knowledge.ingest', tenant_id: db.tenantId, kb_id: base.id, doc_id: row.id });
    audit(actor, row);
    return added(row);
  }

  const given =
    'file' in input
      ? { ...(await fileParts(input.file)), title: input.title?.trim() || null, source: 'upload' as const }
      : { bytes: new TextEncoder().encode(input.text), filename: null, contentType: 'text/markdown', title: input.title.trim(), source: 'text' as const };
  if (!given.bytes.byteLength) throw new ParseError('empty', 'This document is empty.');
  const limits = await assertKnowledgeAllowed(env, db, { documents: 1, bytes: given.bytes.byteLength });
  if (given.bytes.byteLength > limits.fileBytes)
    throw new ParseError('too_large', `This document is ${mb(given.bytes.byteLength)}; the ${limits.planName} plan takes files up to ${mb(limits.fileBytes)}.`);
  // Refuse what we cannot read now (415), rather than queue a certain failure.
  detectFormat(given.bytes, given.filename ?? undefined, given.contentType);
  const hash = await contentHash(given.bytes);
  const existing = await db.knowledge.documents.byHash(base.id, hash);
  if (existing && existing.status !== 'failed') return added(existing);
  if (existing) {
    // The same content failed before (a provider error, say): try it again rather than keep a second copy.
    const again = (await db.knowledge.documents.setStatus(base.id, existing.id, { status: 'queued', error: null }))!;
    await sendIngest(env, { type: 'knowledge.ingest', tenant_id: db.tenantId, kb_id: base.id, doc_id: again.id });
    return added(again);
  }
  const title = given.title || (given.filename ? titleOfFile(given.filename) : 'Document');
  const row = await db.knowledge.documents.create(
    base.id,
    {
      title,
      source: given.source,
      url: null,
      filename: given.filename,
      contentType: given.contentType || null,
      bytes: given.bytes.byteLength,
      contentHash: hash,
      refreshHours: null,
    },
    actor.userId ?? null,
  );
  await env.ORIGINALS.put(originalKey(db.tenantId, base.id, row.id), given.bytes, {
    httpMetadata: { contentType: given.contentType || 'application/octet-stream' },
    customMetadata: { filename: given.filename ?? '', ...(given.title ? { title: given.title } : {}) },
  });
  await db.knowledge.recount(base.id);
  await sendIngest(env, { type: 'knowledge.ingest', tenant_id: db.tenantId, kb_id: base.id, doc_id: row.id });
  audit(actor, row);
  return added(row);
}

function audit(actor: Actor, row: KnowledgeDocumentRow) {
  actor.audit({
    action: 'knowledge_document.create',
    resource: { type: 'knowledge_document', id: row.id },
    changes: { title: { after: row.title }, source: { after: row.source }, knowledge_base_id: { after: row.knowledgeBaseId } },
  });
}

const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);

export async function listDocuments(db: TenantDb, kbId: string, page: PageParams): Promise<Page<KnowledgeDocumentJson>> {
  const base = await getKnowledgeBaseRow(db, kbId);
  return toPage(await db.knowledge.documents.list(base.id, page), page.limit, (r) => r.id, knowledgeDocumentJson);
}

export async function getDocumentRow(db: TenantDb, kbId: string, docId: string): Promise<KnowledgeDocumentRow> {
  const base = await getKnowledgeBaseRow(db, kbId);
  const row = await db.knowledge.documents.get(base.id, docId);
  if (!row) throw notFound('Document');
  return row;
}

export async function getDocument(db: TenantDb, kbId: string, docId: string): Promise<KnowledgeDocumentJson> {
  return knowledgeDocumentJson(await getDocumentRow(db, kbId, docId));
}

/** Removes the document: its chunks leave results at once (the object first), then its original and its row. */
export async function deleteDocument(env: Env, db: TenantDb, kbId: string, docId: string, actor: Actor): Promise<void> {
  const row = await getDocumentRow(db, kbId, docId);
  await knowledgeStore(env, row.knowledgeBaseId).deleteDocument(row.id);
  await env.ORIGINALS.delete(originalKey(db.tenantId, row.knowledgeBaseId, row.id));
  if (!(await db.knowledge.documents.delete(row.knowledgeBaseId, row.id))) throw notFound('Document');
  await db.knowledge.recount(row.knowledgeBaseId);
  actor.audit({ action: 'knowledge_document.delete', resource: { type: 'knowledge_document', id: row.id }, changes: { title: { before: row.title } } });
}

/** The document's passages in order, as stored (empty until it is ready). */
export async function documentChunks(env: Env, db: TenantDb, kbId: string, docId: string): Promise<KnowledgeChunkJson[]> {
  const row = await getDocumentRow(db, kbId, docId);
  const chunks = await knowledgeStore(env, row.knowledgeBaseId).documentChunks(row.id);
  return chunks.map((c) => ({
    position: c.position,
    headings: c.headings,
    text: c.text,
    tokens: c.tokens,
    page: c.metadata.page !== undefined && Number.isFinite(Number(c.metadata.page)) ? Number(c.metadata.page) : null,
  }));
}

/**
 * The hourly cron: URL documents whose `refreshed_at + refresh_hours` has passed are queued again (`refresh`); the
 * consumer re-fetches them and re-embeds only when the page changed. Answers how many were queued.
 */
export async function enqueueDueRefreshes(env: Pick<Bindings, 'DB' | 'KNOWLEDGE_INGEST'>, now = Date.now()): Promise<number> {
  const due = await dueUrlRefreshes(env, now);
  await sendIngestBatch(
    env,
    due.map((d) => ({ type: 'knowledge.ingest', tenant_id: d.tenantId, kb_id: d.kbId, doc_id: d.docId, refresh: true })),
  );
  return due.length;
}

export type { KnowledgeIngestMessage };
