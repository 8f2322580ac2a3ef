// A knowledge base's documents as pages (/app/knowledge/:id…; issue 19 §1): the base with its documents table (an
// htmx fragment at …/documents while any is in progress), adding one (a file upload, a URL, or pasted text: plain
// posts, 413/415/402 shown on the form that sent it), one document with its passages, and delete. Readers see;
// members add and delete (knowledge:write). Another tenant's base or document is a 404 page.
import { Hono, type Context } from 'hono';
import { type AddForm, KbDocuments, KnowledgeBasePage } from '../../../views/pages/knowledge-base-page';
import { KbDocBody, KnowledgeDocumentPage } from '../../../views/pages/knowledge-document-page';
import { kbHref } from '../../../views/pages/knowledge-parts';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { ACCEPT_ATTRIBUTE } from '../../knowledge/limits';
import { actorOf } from '../../lib/actor';
import { validate } from '../../lib/validate';
import { knowledgeTextInput, knowledgeUrlInput } from '../../schemas/knowledge';
import { getKnowledgeBase } from '../../services/knowledge-bases';
import { type AddDocumentInput, addDocument, deleteDocument, documentChunks, getDocument, listDocuments } from '../../services/knowledge-documents';
import { knowledgeUsage } from '../../services/knowledge-limits';
import { can, permit } from '../../services/permissions';
import { type FormBody, formBody, layoutBase, redirectAfterPost, text, wantsFragment } from './support/page-helpers';

const FORMATS = 'Text, Markdown, HTML, PDF, Word (DOCX), CSV or JSON';
const PAGE = { limit: 100, cursor: null };

async function basePage(c: Context<AppEnv>, form?: AddForm, status: 200 | 400 | 402 | 409 | 413 | 415 = 200) {
  const id = c.req.param('id')!;
  const kb = await getKnowledgeBase(c.var.db, id);
  const [base, docs, usage] = await Promise.all([layoutBase(c), listDocuments(c.var.db, kb.id, PAGE), knowledgeUsage(c.env, c.var.db)]);
  c.header('Cache-Control', 'no-store');
  return c.html(
    <KnowledgeBasePage
      base={base}
      kb={kb}
      docs={docs.data}
      more={docs.next_cursor !== null}
      upload={{ accept: ACCEPT_ATTRIBUTE, formats: FORMATS, fileLimit: usage.limits.knowledge_file_bytes }}
      notice={c.req.query('notice')}
      form={form}
    />,
    status,
  );
}

const KINDS = ['file', 'url', 'text'] as const;
type Kind = (typeof KINDS)[number];

/** The service's input from one of the three forms; a missing file is named like a validation error. */
function addInput(kind: Kind, b: FormBody): AddDocumentInput {
  if (kind === 'url') {
    const hours = text(b, 'refresh_hours').trim();
    return validate(knowledgeUrlInput, { url: text(b, 'url'), refresh_hours: hours ? Number(hours) : null });
  }
  if (kind === 'text') return validate(knowledgeTextInput, { title: text(b, 'title'), text: text(b, 'text') });
  const file = b.file;
  const one = Array.isArray(file) ? file[0] : file;
  if (!(one instanceof File) || one.size === 0)
    throw new AppError('validation_failed', 'Choose a file to upload', [{ path: 'file', message: 'Choose a file' }]);
  return { file: one, title: text(b, 'title').trim() || undefined };
}

/** A refusal the person can act on (bad input, too large, unknown format, plan limit) goes back onto its form. */
function formError(e: unknown, kind: Kind, b: FormBody): { form: AddForm; status: 400 | 402 | 409 | 413 | 415 } {
  if (!(e instanceof AppError) || ![400, 402, 409, 413, 415].includes(e.status)) throw e;
  const errors: Record<string, string> = {};
  const fields = kind === 'file' ? ['file', 'title'] : kind === 'url' ? ['url', 'refresh_hours'] : ['title', 'text'];
  for (const d of e.details ?? []) {
    const f = d.path.split('.')[0]!;
    if (fields.includes(f)) errors[f] ??= d.message;
  }
  const values = Object.fromEntries(['title', 'url', 'refresh_hours', 'text'].map((k) => [k, text(b, k)]));
  const form: AddForm = { kind, values, errors, error: Object.keys(errors).length ? undefined : e.message };
  // A too large or unreadable file has one reason: say it next to the file field.
  if (kind === 'file' && !Object.keys(errors).length && (e.status === 413 || e.status === 415)) {
    form.errors.file = e.message;
    form.error = undefined;
  }
  return { form, status: e.status as 400 | 402 | 409 | 413 | 415 };
}

export const knowledgeDocumentPages = new Hono<AppEnv>()
  .get('/knowledge/:id', permit('knowledge:read'), (c) => basePage(c))
  .get('/knowledge/:id/documents', permit('knowledge:read'), async (c) => {
    if (!wantsFragment(c)) return basePage(c);
    const kb = await getKnowledgeBase(c.var.db, c.req.param('id'));
    const docs = await listDocuments(c.var.db, kb.id, PAGE);
    c.header('Cache-Control', 'no-store');
    const csrf = c.var.auth.kind === 'session' ? c.var.auth.csrfToken : '';
    return c.html(<KbDocuments kbId={kb.id} docs={docs.data} canWrite={can(c.var.auth, 'knowledge:write')} csrfToken={csrf} />);
  })
  .post('/knowledge/:id/documents', permit('knowledge:write'), async (c) => {
    const id = c.req.param('id');
    await getKnowledgeBase(c.var.db, id);
    const b = await formBody(c);
    const kind = (KINDS as readonly string[]).includes(text(b, 'kind')) ? (text(b, 'kind') as Kind) : b.file ? 'file' : b.url ? 'url' : 'text';
    try {
      const added = await addDocument(c.env, c.var.db, id, addInput(kind, b), actorOf(c));
      return redirectAfterPost(c, `${kbHref(id)}?notice=${added.status === 'queued' ? 'doc_added' : 'doc_unchanged'}#doc-${added.id}`);
    } catch (e) {
      const { form, status } = formError(e, kind, b);
      return basePage(c, form, status);
    }
  })
  .get('/knowledge/:id/documents/:doc_id', permit('knowledge:read'), async (c) => {
    const kb = await getKnowledgeBase(c.var.db, c.req.param('id'));
    const doc = await getDocument(c.var.db, kb.id, c.req.param('doc_id'));
    const chunks = doc.status === 'ready' ? await documentChunks(c.env, c.var.db, kb.id, doc.id) : [];
    c.header('Cache-Control', 'no-store');
    if (wantsFragment(c)) {
      const csrf = c.var.auth.kind === 'session' ? c.var.auth.csrfToken : '';
      return c.html(<KbDocBody kbId={kb.id} doc={doc} chunks={chunks} canWrite={can(c.var.auth, 'knowledge:write')} csrfToken={csrf} />);
    }
    return c.html(<KnowledgeDocumentPage base={await layoutBase(c)} kb={kb} doc={doc} chunks={chunks} />);
  })
  .post('/knowledge/:id/documents/:doc_id/delete', permit('knowledge:write'), async (c) => {
    const id = c.req.param('id');
    await deleteDocument(c.env, c.var.db, id, c.req.param('doc_id'), actorOf(c));
    return redirectAfterPost(c, `${kbHref(id)}?notice=doc_deleted`);
  });
