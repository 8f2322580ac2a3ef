// Knowledge bases API (API.md, Knowledge; issue 19): the organization's document collections. Everyone reads them
// (knowledge:read) and searches them (POST /:id/query: hybrid retrieval, the retrieval test); members create, change
// and delete them (knowledge:write). Documents: POST /:id/documents takes a multipart `file` (+ optional `title`), or
// JSON `{url, refresh_hours?}` or `{title, text}`, and answers 202 while the KNOWLEDGE_INGEST queue ingests it
// (worker/services/knowledge-documents.ts); list, read, delete, and read a document's passages.
import { Hono } from 'hono';
import { z } from 'zod';
import { pageParams } from '../../db/page';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody, validate } from '../../lib/validate';
import { AppError } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { knowledgeBaseInput, knowledgeBasePatch, knowledgeDocumentJsonInput, knowledgeQueryInput } from '../../schemas/knowledge';
import { type AddDocumentInput, addDocument, deleteDocument, documentChunks, getDocument, listDocuments } from '../../services/knowledge-documents';
import {
  createKnowledgeBase,
  deleteKnowledgeBase,
  getKnowledgeBase,
  listKnowledgeBases,
  queryKnowledgeBase,
  updateKnowledgeBase,
} from '../../services/knowledge-bases';
import { permit } from '../../services/permissions';

const multipartFields = z.object({ title: z.string().trim().max(200).optional() });

export const knowledgeBaseRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', permit('knowledge:write'), async (c) => {
    const input = await jsonBody(c, knowledgeBaseInput);
    return c.json(await createKnowledgeBase(c.var.db, input, actorOf(c), c.env), 201);
  })
  .get('/', permit('knowledge:read'), async (c) => {
    return c.json(await listKnowledgeBases(c.var.db, pageParams(c.req.query())));
  })
  .get('/:id', permit('knowledge:read'), async (c) => {
    return c.json(await getKnowledgeBase(c.var.db, c.req.param('id')));
  })
  .patch('/:id', permit('knowledge:write'), async (c) => {
    const patch = await jsonBody(c, knowledgeBasePatch);
    return c.json(await updateKnowledgeBase(c.var.db, c.req.param('id'), patch, actorOf(c)));
  })
  .post('/:id/query', permit('knowledge:read'), async (c) => {
    const input = await jsonBody(c, knowledgeQueryInput);
    return c.json(await queryKnowledgeBase(c.env, c.var.db, c.req.param('id'), input));
  })
  .post('/:id/documents', permit('knowledge:write'), async (c) => {
    const input = await documentInput(c.req.raw, () => jsonBody(c, knowledgeDocumentJsonInput));
    return c.json(await addDocument(c.env, c.var.db, c.req.param('id'), input, actorOf(c)), 202);
  })
  .get('/:id/documents', permit('knowledge:read'), async (c) => {
    return c.json(await listDocuments(c.var.db, c.req.param('id'), pageParams(c.req.query())));
  })
  .get('/:id/documents/:doc_id', permit('knowledge:read'), async (c) => {
    return c.json(await getDocument(c.var.db, c.req.param('id'), c.req.param('doc_id')));
  })
  .get('/:id/documents/:doc_id/chunks', permit('knowledge:read'), async (c) => {
    return c.json({ data: await documentChunks(c.env, c.var.db, c.req.param('id'), c.req.param('doc_id')) });
  })
  .delete('/:id/documents/:doc_id', permit('knowledge:write'), async (c) => {
    await deleteDocument(c.env, c.var.db, c.req.param('id'), c.req.param('doc_id'), actorOf(c));
    return c.body(null, 204);
  })
  .delete('/:id', permit('knowledge:write'), async (c) => {
    await deleteKnowledgeBase(c.env, c.var.db, c.req.param('id'), actorOf(c));
    return c.body(null, 204);
  });

/** A multipart upload (`file`, optional `title`), else the JSON body (`{url, refresh_hours?}` or `{title, text}`). */
async function documentInput(req: Request, json: () => Promise<AddDocumentInput>): Promise<AddDocumentInput> {
  if (!/^multipart\/form-data\b/i.test(req.headers.get('content-type') ?? '')) return json();
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new AppError('validation_failed', 'The request is not valid', [{ path: 'file', message: 'is not a readable multipart/form-data body' }]);
  }
  const file = form.get('file');
  if (!file || typeof file === 'string')
    throw new AppError('validation_failed', 'The request is not valid', [{ path: 'file', message: 'is required (a file part named "file")' }]);
  const title = form.get('title');
  const fields = validate(multipartFields, { title: typeof title === 'string' && title.trim() ? title : undefined });
  return { file, ...(fields.title ? { title: fields.title } : {}) };
}
