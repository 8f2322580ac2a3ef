// Knowledge pages (/app/knowledge; issue 19): the organization's bases, one base's settings and delete, and the
// retrieval test (the documents' pages are in knowledge-documents.tsx). Everyone reads and tests (knowledge:read);
// members create, change and delete (knowledge:write). Plain forms; htmx swaps the test's results. Another tenant's
// base is a 404 page (the services look it up per tenant).
import { Hono, type Context } from 'hono';
import { ConfirmDelete } from '../../../views/components/ui/confirm-delete';
import { ConfirmPage } from '../../../views/pages/connections-page';
import { type KbFormState, type KbFormValues, KnowledgeListPage } from '../../../views/pages/knowledge-list-page';
import { kbHref } from '../../../views/pages/knowledge-parts';
import { KnowledgeSettingsPage } from '../../../views/pages/knowledge-settings-page';
import { KbTestResults, type KbTestState, KnowledgeTestPage } from '../../../views/pages/knowledge-test-page';
import type { TenantDb } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { validate } from '../../lib/validate';
import { allConnections } from '../../services/connections';
import {
  createKnowledgeBase,
  deleteKnowledgeBase,
  getKnowledgeBase,
  listKnowledgeBases,
  queryKnowledgeBase,
  updateKnowledgeBase,
} from '../../services/knowledge-bases';
import { permit } from '../../services/permissions';
import { DEFAULT_EMBEDDING_MODEL, knowledgeBaseInput, knowledgeBasePatch, knowledgeQueryInput } from '../../schemas/knowledge';
import { knowledgeDocumentPages } from './knowledge-documents';
import { type FormBody, fieldErrors, formBody, layoutBase, redirectAfterPost, text, wantsFragment } from './support/page-helpers';

/** The org's model connections: the ones whose `/embeddings` a base may use. */
async function modelConnections(db: TenantDb) {
  return (await allConnections(db)).filter((c) => c.kind === 'openai' || c.kind === 'openai_compatible').map((c) => ({ id: c.id, name: c.name }));
}

const formValues = (b: FormBody): KbFormValues => ({
  name: text(b, 'name'),
  description: text(b, 'description'),
  connection_id: text(b, 'connection_id'),
  embedding_model: text(b, 'embedding_model').trim(),
});

const apiBody = (v: KbFormValues) => ({
  name: v.name,
  description: v.description,
  connection_id: v.connection_id || null,
  ...(v.embedding_model ? { embedding_model: v.embedding_model } : {}),
});

function formState(e: unknown, values: KbFormValues): KbFormState {
  const f = fieldErrors(e);
  return { values, errors: f.errors, error: Object.keys(f.errors).length ? undefined : f.message };
}

async function listPage(c: Context<AppEnv>, form?: KbFormState) {
  const [base, bases, connections] = await Promise.all([layoutBase(c), listKnowledgeBases(c.var.db, { limit: 100, cursor: null }), modelConnections(c.var.db)]);
  return c.html(
    <KnowledgeListPage
      base={base}
      bases={bases.data}
      connections={connections}
      defaultModel={DEFAULT_EMBEDDING_MODEL}
      notice={c.req.query('notice')}
      form={form}
    />,
    form ? 400 : 200,
  );
}

async function settingsPage(c: Context<AppEnv>, form?: KbFormState) {
  const kb = await getKnowledgeBase(c.var.db, c.req.param('id')!);
  const [base, connections] = await Promise.all([layoutBase(c), modelConnections(c.var.db)]);
  return c.html(<KnowledgeSettingsPage base={base} kb={kb} connections={connections} notice={c.req.query('notice')} form={form} />, form ? 400 : 200);
}

/** `?top_k=` of the test form: one of the offered sizes, else 5. */
const topKOf = (raw: string | undefined) => (raw && /^\d{1,2}$/.test(raw) && +raw >= 1 && +raw <= 50 ? +raw : 5);

export const knowledgePages = new Hono<AppEnv>()
  .route('/', knowledgeDocumentPages)
  .get('/knowledge', permit('knowledge:read'), (c) => listPage(c))
  .post('/knowledge', permit('knowledge:write'), async (c) => {
    const values = formValues(await formBody(c));
    try {
      const kb = await createKnowledgeBase(c.var.db, validate(knowledgeBaseInput, apiBody(values)), actorOf(c));
      return redirectAfterPost(c, `${kbHref(kb.id)}?notice=kb_created`);
    } catch (e) {
      return listPage(c, formState(e, values));
    }
  })
  .get('/knowledge/:id/settings', permit('knowledge:read'), (c) => settingsPage(c))
  .post('/knowledge/:id/settings', permit('knowledge:write'), async (c) => {
    const id = c.req.param('id');
    await getKnowledgeBase(c.var.db, id);
    const values = formValues(await formBody(c));
    try {
      await updateKnowledgeBase(c.var.db, id, validate(knowledgeBasePatch, { ...apiBody(values), description: values.description || null }), actorOf(c));
      return redirectAfterPost(c, `${kbHref(id)}/settings?notice=kb_updated`);
    } catch (e) {
      return settingsPage(c, formState(e, values));
    }
  })
  .get('/knowledge/:id/delete', permit('knowledge:write'), async (c) => {
    const kb = await getKnowledgeBase(c.var.db, c.req.param('id'));
    return c.html(
      <ConfirmPage base={await layoutBase(c)} title={`Delete ${kb.name}`} section="knowledge">
        <ConfirmDelete
          id="confirm-panel"
          what="knowledge base"
          name={kb.name}
          action={`${kbHref(kb.id)}/delete`}
          cancelHref={`${kbHref(kb.id)}/settings`}
          csrfToken={c.var.auth.kind === 'session' ? c.var.auth.csrfToken : ''}
        />
      </ConfirmPage>,
    );
  })
  .post('/knowledge/:id/delete', permit('knowledge:write'), async (c) => {
    await deleteKnowledgeBase(c.env, c.var.db, c.req.param('id'), actorOf(c));
    return redirectAfterPost(c, '/app/knowledge?notice=kb_deleted');
  })
  .get('/knowledge/:id/test', permit('knowledge:read'), async (c) => {
    const kb = await getKnowledgeBase(c.var.db, c.req.param('id'));
    const q = (c.req.query('q') ?? '').trim();
    const state: KbTestState = { q, topK: topKOf(c.req.query('top_k')) };
    if (q) {
      try {
        state.answer = await queryKnowledgeBase(c.env, c.var.db, kb.id, validate(knowledgeQueryInput, { query: q, top_k: state.topK }));
      } catch (e) {
        state.error = fieldErrors(e).message;
      }
    }
    c.header('Cache-Control', 'no-store');
    if (wantsFragment(c)) return c.html(<KbTestResults kbId={kb.id} state={state} />);
    return c.html(<KnowledgeTestPage base={await layoutBase(c)} kb={kb} state={state} />);
  });
