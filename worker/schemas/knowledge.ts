// Knowledge bases (API.md, Knowledge; issue 19): the JSON shapes of the API.
import { z } from 'zod';
import { iso } from './common';

/** The embedding model a base uses when none is named (any OpenAI-compatible `/embeddings`; `@cf/…` for Workers AI). */
export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';

const name = z.string().trim().min(1, 'is required').max(80);
const description = z.string().trim().max(2000);
const model = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\w@./:-]+$/, 'must be a model name (letters, digits and @ . / : - _)');

export const knowledgeBaseInput = z.strictObject({
  name,
  description: description.optional(),
  /** A model connection (openai or openai_compatible) whose `/embeddings` to use; default: the operator's. */
  connection_id: z.string().max(64).nullable().optional(),
  embedding_model: model.optional(),
});
export type KnowledgeBaseInput = z.infer<typeof knowledgeBaseInput>;

/**
 * Name, description and connection may change. The embedding model may change only while the base holds no
 * documents: vectors of two models cannot be compared.
 */
export const knowledgeBasePatch = z
  .strictObject({
    name: name.optional(),
    description: description.nullable().optional(),
    connection_id: z.string().max(64).nullable().optional(),
    embedding_model: model.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'Send at least one of name, description, connection_id, embedding_model' });
export type KnowledgeBasePatch = z.infer<typeof knowledgeBasePatch>;

export const knowledgeBase = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  connection_id: z.string().nullable(),
  embedding_model: z.string(),
  document_count: z.number().int(),
  chunk_count: z.number().int(),
  /** Bytes of the originals. */
  bytes: z.number().int(),
  created_at: iso,
  updated_at: iso,
});
export type KnowledgeBaseJson = z.infer<typeof knowledgeBase>;

export const knowledgeBaseList = z.object({ data: z.array(knowledgeBase), next_cursor: z.string().nullable() });

/** POST /api/v1/knowledge-bases/:id/query: the retrieval test (and what an agent's search_knowledge tool runs). */
export const knowledgeQueryInput = z.strictObject({
  query: z.string().trim().min(1, 'is required').max(2000),
  top_k: z.number().int().min(1).max(50).optional(),
});
export type KnowledgeQueryInput = z.infer<typeof knowledgeQueryInput>;

const halfRank = z.object({ rank: z.number().int(), score: z.number() }).nullable();

export const knowledgePassage = z.object({
  document_id: z.string(),
  /** The document's title ('' when its row is gone). */
  title: z.string(),
  text: z.string(),
  /** Reciprocal-rank fusion of the two halves: Σ 1 / (60 + rank). */
  score: z.number(),
  /** The chunk's position in its document (0-based). */
  position: z.number().int(),
  headings: z.array(z.string()),
  /** The vector half's rank and cosine similarity; null when that half did not return it. */
  vector: halfRank,
  /** The keyword half's rank and bm25 score (higher is better); null likewise. */
  keyword: halfRank,
});

export const knowledgeQueryAnswer = z.object({
  data: z.array(knowledgePassage),
  /** Set when the vector half could not run (no embedding provider, or it failed): keyword results only, and why. */
  degraded: z.object({ reason: z.string() }).nullable(),
  timings: z.object({ embed_ms: z.number(), query_ms: z.number() }),
});
export type KnowledgeQueryAnswer = z.infer<typeof knowledgeQueryAnswer>;

/** POST /api/v1/knowledge-bases/:id/documents as JSON: a page to fetch (and re-fetch every `refresh_hours`). */
export const knowledgeUrlInput = z.strictObject({
  url: z
    .string()
    .trim()
    .max(2048)
    .url('must be an http(s) URL')
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  /** Fetched again every so many hours (1 to 720); unchanged content is not embedded again. */
  refresh_hours: z.number().int().min(1).max(720).nullable().optional(),
});
/** …or pasted text with its title (Markdown headings, if any, become sections). */
export const knowledgeTextInput = z.strictObject({
  title: z.string().trim().min(1, 'is required').max(200),
  text: z.string().min(1, 'is required').max(5_000_000),
});
export const knowledgeDocumentJsonInput = z.union([knowledgeUrlInput, knowledgeTextInput]);
export type KnowledgeUrlInput = z.infer<typeof knowledgeUrlInput>;
export type KnowledgeTextInput = z.infer<typeof knowledgeTextInput>;

export const KNOWLEDGE_DOCUMENT_STATUSES = ['queued', 'parsing', 'embedding', 'ready', 'failed'] as const;

export const knowledgeDocument = z.object({
  id: z.string(),
  knowledge_base_id: z.string(),
  title: z.string(),
  /** How it was added: `upload` (a file), `url`, or `text` (pasted). */
  source: z.enum(['upload', 'url', 'text']),
  url: z.string().nullable(),
  filename: z.string().nullable(),
  content_type: z.string().nullable(),
  /** Bytes of the original. */
  bytes: z.number().int(),
  status: z.enum(KNOWLEDGE_DOCUMENT_STATUSES),
  /** Why ingestion failed (status `failed`), in words a person can act on; else null. */
  error: z.string().nullable(),
  chunk_count: z.number().int(),
  refresh_hours: z.number().int().nullable(),
  refreshed_at: iso.nullable(),
  created_at: iso,
  updated_at: iso,
});
export type KnowledgeDocumentJson = z.infer<typeof knowledgeDocument>;

export const knowledgeDocumentList = z.object({ data: z.array(knowledgeDocument), next_cursor: z.string().nullable() });

/** 202 answer of adding a document (an unchanged re-add answers the existing document, with its status). */
export const knowledgeDocumentAdded = z.object({ id: z.string(), title: z.string(), status: z.enum(KNOWLEDGE_DOCUMENT_STATUSES) });
export type KnowledgeDocumentAdded = z.infer<typeof knowledgeDocumentAdded>;

export const knowledgeChunk = z.object({
  position: z.number().int(),
  headings: z.array(z.string()),
  text: z.string(),
  tokens: z.number().int(),
  /** The PDF page it came from, when known. */
  page: z.number().int().nullable(),
});
export const knowledgeChunkList = z.object({ data: z.array(knowledgeChunk) });
export type KnowledgeChunkJson = z.infer<typeof knowledgeChunk>;

/** The multipart form of POST …/documents (OpenAPI only: the route reads the parts itself). */
export const knowledgeUploadForm = z.object({
  file: z.string().meta({ format: 'binary', description: 'The document: text, Markdown, HTML, PDF, DOCX, CSV or JSON, within the plan’s file size.' }),
  title: z.string().max(200).optional().meta({ description: 'A title (default: the document’s own, else the file name).' }),
});
