// OpenAPI entries of worker/routes/api/knowledge-bases.ts.
import { knowledgeBaseInput, knowledgeBasePatch, knowledgeDocumentJsonInput, knowledgeQueryInput, knowledgeUploadForm } from '../../schemas/knowledge';
import { routeDocs } from '../registry';
import { pageQuery } from './common';

const TAG = 'Knowledge';
const one = { id: 'The knowledge base id (`kb_…`)' };
const doc = { ...one, doc_id: 'The document id (`doc_…`)' };
const HOW =
  'A knowledge base is a collection of documents agents can search. Its chunks are embedded with `embedding_model` through the `/embeddings` ' +
  'of `connection_id` (a model connection: `openai` or `openai_compatible`), or of the operator’s default when it is null; models starting ' +
  'with `@cf/` use Workers AI. The default model is `text-embedding-3-small`.';

export const docs = routeDocs([
  {
    method: 'post',
    path: '/api/v1/knowledge-bases',
    operationId: 'createKnowledgeBase',
    tag: TAG,
    scopes: ['knowledge:write'],
    body: knowledgeBaseInput,
    summary: 'Create a knowledge base',
    description: `${HOW} Names are unique in the organization (409 otherwise); \`connection_id\` must name a model connection (else 400 naming it).`,
    responses: { 201: { description: 'The knowledge base', schema: 'KnowledgeBase' } },
    errors: [400, 409],
  },
  {
    method: 'get',
    path: '/api/v1/knowledge-bases',
    operationId: 'listKnowledgeBases',
    tag: TAG,
    scopes: ['knowledge:read'],
    query: pageQuery,
    summary: 'The organization’s knowledge bases, newest first',
    responses: { 200: { description: 'A page of knowledge bases', schema: 'KnowledgeBaseList' } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/knowledge-bases/{id}',
    operationId: 'getKnowledgeBase',
    tag: TAG,
    scopes: ['knowledge:read'],
    params: one,
    summary: 'Read a knowledge base',
    responses: { 200: { description: 'The knowledge base', schema: 'KnowledgeBase' } },
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/v1/knowledge-bases/{id}',
    operationId: 'updateKnowledgeBase',
    tag: TAG,
    scopes: ['knowledge:write'],
    params: one,
    body: knowledgeBasePatch,
    summary: 'Rename a knowledge base, or change its connection or (while empty) its embedding model',
    description: 'The embedding model is fixed once the base holds documents (409): vectors of two models cannot be compared.',
    responses: { 200: { description: 'The knowledge base', schema: 'KnowledgeBase' } },
    errors: [400, 404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/knowledge-bases/{id}/query',
    operationId: 'queryKnowledgeBase',
    tag: TAG,
    scopes: ['knowledge:read'],
    params: one,
    body: knowledgeQueryInput,
    summary: 'Search a knowledge base (hybrid: vectors and keywords)',
    description:
      'The query is embedded with the base’s model and compared with every chunk (cosine similarity), and matched against the full-text index (bm25); ' +
      'the two rankings are fused by reciprocal rank (k = 60). `top_k` passages (default 5, at most 50), best first, each with its document, ' +
      'position and each half’s rank. Without an embedding provider, or when it fails, the keyword half answers alone and `degraded` says why.',
    responses: { 200: { description: 'Ranked passages', schema: 'KnowledgeQueryAnswer' } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/api/v1/knowledge-bases/{id}/documents',
    operationId: 'addKnowledgeDocument',
    tag: TAG,
    scopes: ['knowledge:write'],
    params: one,
    body: knowledgeDocumentJsonInput,
    multipart: knowledgeUploadForm,
    bodyDescription:
      'A file as `multipart/form-data` (part `file`, optional `title`), or JSON: `{url, refresh_hours?}` (a page fetched through the SSRF guard, ' +
      'again every `refresh_hours`) or `{title, text}` (pasted text; Markdown headings become sections).',
    summary: 'Add a document (upload, URL or text); it is ingested in the background',
    description:
      'Answers 202 with the document `queued`; a queue parses it, splits it into chunks, embeds them and stores them, and its `status` moves ' +
      'through `parsing` and `embedding` to `ready`, or `failed` with `error` saying why. Adding the same content again (or the same URL) ' +
      'answers the existing document and does no work. Refused at once: a format that cannot be read (415), a file over the plan’s size (413), ' +
      'a private or metadata address (400), a plan limit on documents or storage reached (402 `quota_exceeded`).',
    responses: { 202: { description: 'The document, queued (or the existing one)', schema: 'KnowledgeDocumentAdded' } },
    errors: [400, 402, 404, 413, 415],
  },
  {
    method: 'get',
    path: '/api/v1/knowledge-bases/{id}/documents',
    operationId: 'listKnowledgeDocuments',
    tag: TAG,
    scopes: ['knowledge:read'],
    params: one,
    query: pageQuery,
    summary: 'The base’s documents, newest first, with their status',
    responses: { 200: { description: 'A page of documents', schema: 'KnowledgeDocumentList' } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/api/v1/knowledge-bases/{id}/documents/{doc_id}',
    operationId: 'getKnowledgeDocument',
    tag: TAG,
    scopes: ['knowledge:read'],
    params: doc,
    summary: 'Read a document: status, error, chunk count',
    responses: { 200: { description: 'The document', schema: 'KnowledgeDocument' } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/knowledge-bases/{id}/documents/{doc_id}/chunks',
    operationId: 'listKnowledgeDocumentChunks',
    tag: TAG,
    scopes: ['knowledge:read'],
    params: doc,
    summary: 'A document’s passages in order (empty until it is ready)',
    responses: { 200: { description: 'The passages', schema: 'KnowledgeChunkList' } },
    errors: [404],
  },
  {
    method: 'delete',
    path: '/api/v1/knowledge-bases/{id}/documents/{doc_id}',
    operationId: 'deleteKnowledgeDocument',
    tag: TAG,
    scopes: ['knowledge:write'],
    params: doc,
    summary: 'Delete a document: its passages leave search results at once',
    responses: { 204: { description: 'Deleted' } },
    errors: [404],
  },
  {
    method: 'delete',
    path: '/api/v1/knowledge-bases/{id}',
    operationId: 'deleteKnowledgeBase',
    tag: TAG,
    scopes: ['knowledge:write'],
    params: one,
    summary: 'Delete a knowledge base and its documents',
    responses: { 204: { description: 'Deleted' } },
    errors: [404],
  },
]);
