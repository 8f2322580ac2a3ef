// Knowledge bases (API.md, Knowledge; issue 19 §1): an organization's document collections. This module manages the
// bases themselves; documents, ingestion and retrieval build on it. A base names the model connection whose
// `/embeddings` embeds its chunks (null: the operator's default) and the embedding model; the model is fixed once
// the base holds documents (vectors of two models cannot be compared). Its chunks live in its KnowledgeBase object
// (worker/knowledge/store.ts), emptied when the base is deleted.
import type { KnowledgeBaseRow, TenantDb } from '../db/tenant-db';
import { type Page, type PageParams, toPage } from '../db/page';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import { openSecret, type SecretsEnv } from '../crypto/envelope';
import { EmbeddingError, type EmbeddingTarget, embeddingTarget } from '../knowledge/embed';
import { knowledgeStore } from '../knowledge/store';
import { searchKnowledgeBase } from '../knowledge/store-search';
import { assertKnowledgeBaseAllowed } from './knowledge-limits';
import type { Actor } from '../lib/actor';
import { iso } from '../lib/iso';
import { deleteByPrefix } from '../lib/r2-prefix';
import {
  DEFAULT_EMBEDDING_MODEL,
  type KnowledgeBaseInput,
  type KnowledgeBaseJson,
  type KnowledgeBasePatch,
  type KnowledgeQueryAnswer,
  type KnowledgeQueryInput,
} from '../schemas/knowledge';

export function knowledgeBaseJson(b: KnowledgeBaseRow): KnowledgeBaseJson {
  return {
    id: b.id,
    name: b.name,
    description: b.description,
    connection_id: b.connectionId,
    embedding_model: b.embeddingModel,
    document_count: b.documentCount,
    chunk_count: b.chunkCount,
    bytes: b.bytes,
    created_at: iso(b.createdAt)!,
    updated_at: iso(b.updatedAt)!,
  };
}

const nameTaken = () => new AppError('conflict', 'Another knowledge base already has this name', [{ path: 'name', message: 'is taken' }]);
/** drizzle wraps D1's error: the constraint is named in its cause. */
const isUniqueViolation = (e: unknown) => `${String(e)} ${String((e as { cause?: unknown })?.cause ?? '')}`.includes('UNIQUE constraint failed');

/** The connection must be one of the organization's model connections (its `/embeddings`); null clears it. */
async function modelConnection(db: TenantDb, id: string | null | undefined): Promise<string | null> {
  if (!id) return null;
  const c = await db.connections.get(id);
  if (!c) throw new AppError('validation_failed', 'No such connection', [{ path: 'connection_id', message: 'No such connection' }]);
  if (c.kind !== 'openai' && c.kind !== 'openai_compatible')
    throw new AppError('validation_failed', `"${c.name}" is a ${c.kind} connection: embeddings need a model connection (openai or openai_compatible)`, [
      { path: 'connection_id', message: 'must be a model connection' },
    ]);
  return c.id;
}

export async function getKnowledgeBaseRow(db: TenantDb, id: string): Promise<KnowledgeBaseRow> {
  const row = await db.knowledge.get(id);
  if (!row) throw notFound('Knowledge base');
  return row;
}

export async function createKnowledgeBase(db: TenantDb, input: KnowledgeBaseInput, actor: Actor, env?: Bindings): Promise<KnowledgeBaseJson> {
  if (env) await assertKnowledgeBaseAllowed(env, db);
  const connectionId = await modelConnection(db, input.connection_id);
  let row: KnowledgeBaseRow;
  try {
    row = await db.knowledge.create(
      { name: input.name, description: input.description || null, connectionId, embeddingModel: input.embedding_model ?? DEFAULT_EMBEDDING_MODEL },
      actor.userId ?? null,
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  actor.audit({
    action: 'knowledge_base.create',
    resource: { type: 'knowledge_base', id: row.id },
    changes: { name: { after: row.name }, embedding_model: { after: row.embeddingModel }, connection_id: { after: row.connectionId } },
  });
  return knowledgeBaseJson(row);
}

export async function listKnowledgeBases(db: TenantDb, page: PageParams): Promise<Page<KnowledgeBaseJson>> {
  return toPage(await db.knowledge.list(page), page.limit, (r) => r.id, knowledgeBaseJson);
}

export async function getKnowledgeBase(db: TenantDb, id: string): Promise<KnowledgeBaseJson> {
  return knowledgeBaseJson(await getKnowledgeBaseRow(db, id));
}

export async function updateKnowledgeBase(db: TenantDb, id: string, patch: KnowledgeBasePatch, actor: Actor): Promise<KnowledgeBaseJson> {
  const before = await getKnowledgeBaseRow(db, id);
  const values: Partial<Pick<KnowledgeBaseRow, 'name' | 'description' | 'connectionId' | 'embeddingModel'>> = {};
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.description !== undefined) values.description = patch.description || null;
  if (patch.connection_id !== undefined) values.connectionId = await modelConnection(db, patch.connection_id);
  if (patch.embedding_model !== undefined && patch.embedding_model !== before.embeddingModel) {
    if (before.documentCount > 0)
      throw new AppError('conflict', 'The embedding model cannot change while the knowledge base holds documents: make a new knowledge base', [
        { path: 'embedding_model', message: 'is fixed once documents are added' },
      ]);
    values.embeddingModel = patch.embedding_model;
  }
  let row: KnowledgeBaseRow | undefined;
  try {
    row = await db.knowledge.update(id, values);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  if (!row) throw notFound('Knowledge base');
  const changes = Object.fromEntries(
    (
      [
        ['name', before.name, row.name],
        ['description', before.description, row.description],
        ['connection_id', before.connectionId, row.connectionId],
        ['embedding_model', before.embeddingModel, row.embeddingModel],
      ] as const
    )
      .filter(([, a, b]) => a !== b)
      .map(([k, a, b]) => [k, { before: a, after: b }]),
  );
  if (Object.keys(changes).length) actor.audit({ action: 'knowledge_base.update', resource: { type: 'knowledge_base', id }, changes });
  return knowledgeBaseJson(row);
}

/** Deletes the base: its object's chunks and vectors first (nothing is left without a row naming it), then its rows. */
export async function deleteKnowledgeBase(env: Pick<Bindings, 'KNOWLEDGE_BASE' | 'ORIGINALS'>, db: TenantDb, id: string, actor: Actor): Promise<void> {
  const row = await getKnowledgeBaseRow(db, id);
  await knowledgeStore(env, row.id).destroy();
  await deleteOriginals(env, `${db.tenantId}/${row.id}/`);
  if (!(await db.knowledge.delete(id))) throw notFound('Knowledge base');
  actor.audit({ action: 'knowledge_base.delete', resource: { type: 'knowledge_base', id }, changes: { name: { before: row.name } } });
}

/** Every original stored under the base's prefix in R2 (its documents' uploads, pasted text and fetched pages). */
async function deleteOriginals(env: Pick<Bindings, 'ORIGINALS'>, prefix: string): Promise<void> {
  await deleteByPrefix(env.ORIGINALS, prefix);
}

/**
 * Where the base's embeddings come from: its model connection (the secret opened here, never returned), else the
 * operator's default; null (with the reason) when there is none, so a search still answers from its keyword half.
 */
export async function embeddingTargetOf(env: Bindings & SecretsEnv, db: TenantDb, base: KnowledgeBaseRow): Promise<EmbeddingTarget | { reason: string }> {
  try {
    const conn = base.connectionId ? await db.connections.get(base.connectionId) : null;
    const ref = conn ? { id: conn.id, kind: conn.kind, baseUrl: conn.baseUrl, authType: conn.authType, authMeta: conn.authMeta } : null;
    const secret = conn && conn.authType !== 'none' ? await openSecret(env, db.tenantId, conn.id) : null;
    return embeddingTarget(env, base.embeddingModel, ref, secret);
  } catch (e) {
    if (e instanceof EmbeddingError) return { reason: e.message };
    throw e;
  }
}

/** Hybrid retrieval over one base: ranked passages with their documents' titles and each half's rank. */
export async function queryKnowledgeBase(env: Bindings & SecretsEnv, db: TenantDb, id: string, input: KnowledgeQueryInput): Promise<KnowledgeQueryAnswer> {
  const base = await getKnowledgeBaseRow(db, id);
  const target = await embeddingTargetOf(env, db, base);
  const answer = await searchKnowledgeBase(env, base.id, 'reason' in target ? null : target, input.query, { topK: input.top_k ?? 5 });
  // The object returns the title stored with each document; D1 names only documents stored without one.
  const untitled = [...new Set(answer.results.filter((r) => !r.title).map((r) => r.doc_id))];
  const titles = untitled.length ? await db.knowledge.documents.titles(base.id, untitled) : new Map<string, string>();
  return {
    data: answer.results.map((r) => ({
      document_id: r.doc_id,
      title: r.title ?? titles.get(r.doc_id) ?? '',
      text: r.text,
      score: r.score,
      position: r.position,
      headings: r.headings,
      vector: r.vector,
      keyword: r.keyword,
    })),
    degraded: 'reason' in target ? { reason: target.reason } : answer.degraded,
    timings: answer.timings,
  };
}
