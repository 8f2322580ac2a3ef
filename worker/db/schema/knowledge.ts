// Knowledge bases (migration 0026; issue 19): an organization's document collections that agents search. D1 holds
// what the API lists: the bases (name, the model connection and embedding model, counters) and their documents with
// the ingestion status. The chunks, their embeddings and the full-text index live in one KnowledgeBase Durable Object
// per base; originals in R2.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { connections } from './connections';
import { createdAt, id, tenantId, updatedAt } from './columns';

export const knowledgeBases = sqliteTable(
  'knowledge_bases',
  {
    id: id(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    description: text('description'),
    /** The model connection whose `/embeddings` it uses; null: the operator's default (or Workers AI for `@cf/` models). */
    connectionId: text('connection_id').references(() => connections.id, { onDelete: 'set null' }),
    embeddingModel: text('embedding_model').notNull(),
    documentCount: integer('document_count').notNull().default(0),
    chunkCount: integer('chunk_count').notNull().default(0),
    bytes: integer('bytes').notNull().default(0),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('knowledge_bases_tenant_name_idx').on(t.tenantId, t.name)],
);

export const DOCUMENT_STATUSES = ['queued', 'parsing', 'embedding', 'ready', 'failed'] as const;
export const DOCUMENT_SOURCES = ['upload', 'url', 'text'] as const;

export const knowledgeDocuments = sqliteTable(
  'knowledge_documents',
  {
    id: id(),
    tenantId: tenantId(),
    knowledgeBaseId: text('knowledge_base_id')
      .notNull()
      .references(() => knowledgeBases.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    source: text('source', { enum: DOCUMENT_SOURCES }).notNull(),
    url: text('url'),
    filename: text('filename'),
    contentType: text('content_type'),
    bytes: integer('bytes').notNull().default(0),
    /** SHA-256 of the original: re-adding an unchanged document does no work. */
    contentHash: text('content_hash'),
    status: text('status', { enum: DOCUMENT_STATUSES }).notNull().default('queued'),
    /** Why ingestion failed, for people (status `failed`). */
    error: text('error'),
    chunkCount: integer('chunk_count').notNull().default(0),
    /** Documents added by URL: fetched again every so many hours (null: never). */
    refreshHours: integer('refresh_hours'),
    refreshedAt: integer('refreshed_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('knowledge_documents_base_idx').on(t.tenantId, t.knowledgeBaseId, t.id),
    index('knowledge_documents_hash_idx').on(t.knowledgeBaseId, t.contentHash),
  ],
);
