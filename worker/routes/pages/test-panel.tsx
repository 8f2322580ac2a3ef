// The builder's test panel (/app/agents/:id/test…): every message carries the whole draft form. The draft is
// validated like a save, then runs in a draft session (chat-sessions.ts createDraftSession), reused while the draft
// is unchanged. htmx gets the reply streamed as SSE fragments; a plain post gets the builder page back.
import { Hono, type Context } from 'hono';
import { Alert } from '../../../views/components/ui/alert';
import { chatHtmlStream } from '../../../views/components/chat/chat-stream';
import { TestDivider, TestEmpty, TestSession, TestTrace } from '../../../views/components/agents/test-panel';
import type { AgentConfig, AgentRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { chatEventStream } from '../../llm/sse-events';
import { actorOf } from '../../lib/actor';
import { draftConfig, getAgent } from '../../services/agents';
import { createDraftSession, draftKey, isDraftSession } from '../../services/chat-sessions';
import { assertCan } from '../../services/permissions';
import { emptyVariables, emptyVariablesMessage } from '../../services/template';
import { isSessionId, sessionStub } from '../../services/session-stub';
import { builderErrorField, builderPatch, builderValues, type BuilderValues } from './support/agent-form';
import { type FormBody, fieldErrors, formBody, text, wantsFragment } from './support/page-helpers';
import { builderPage } from './builder';

const CHANGED = 'You changed the draft: this is a new test conversation.';
const partial = (target: string, html: string) => `<hx-partial hx-target="${target}" hx-swap="outerHTML">${html}</hx-partial>`;

/** The draft session for `config`: the one the panel had, while the draft is unchanged; a new one otherwise. */
async function draftSession(c: Context<AppEnv>, agent: AgentRow, config: AgentConfig, previous: string) {
  const key = await draftKey(config);
  const row = isSessionId(previous) ? await c.var.db.sessions.get(previous) : undefined;
  if (row && row.agentId === agent.id && isDraftSession(row) && row.metadata.draft_key === key) return { id: row.id, fresh: false };
  const created = await createDraftSession(c.env, c.var.db, agent, config, actorOf(c));
  return { id: created.id, fresh: !!row };
}

/** The builder page again with the draft and the test conversation (no JavaScript, or a draft that is not valid). */
async function pageWith(c: Context<AppEnv>, agent: AgentRow, values: BuilderValues, sessionId: string, extra: { errors?: Record<string, string>; formError?: string; notes?: string[] } = {}) {
  const messages = sessionId ? ((await sessionStub(c.env, c.var.auth.tenantId, sessionId).messages()) ?? []) : [];
  return builderPage(c, agent, { values, errors: extra.errors ?? {}, formError: extra.formError, test: { sessionId, messages, notes: extra.notes } }, extra.formError ? 400 : 200);
}

async function validDraft(c: Context<AppEnv>, agent: AgentRow, body: FormBody) {
  const values = builderValues(body);
  try {
    return { values, config: await draftConfig(c.var.db, agent, builderPatch(values)) };
  } catch (e) {
    const f = fieldErrors(e, builderErrorField);
    return { values, problem: { errors: f.errors, message: Object.values(f.errors)[0] ?? f.message } };
  }
}

export const testPanelRoutes = new Hono<AppEnv>()
  .post('/agents/:id/test', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const body = await formBody(c);
    const content = text(body, 'test_message').trim();
    const previous = text(body, 'test_session');
    const draft = await validDraft(c, agent, body);
    const htmx = wantsFragment(c);
    const alert = (message: string, status: 400 | 404 | 409) => c.html(<Alert tone="error">{message}</Alert>, status);
    if (!draft.config) {
      if (htmx) return alert(`Fix the form before testing: ${draft.problem.message}`, 400);
      return pageWith(c, agent, draft.values, previous, { errors: draft.problem.errors, formError: 'The draft is not valid yet' });
    }
    const empty = emptyVariables(draft.config.instructions, draft.config.variables);
    if (empty.length) {
      // Said before the model is called (the session would refuse the turn the same way).
      const message = `Before testing: ${emptyVariablesMessage(empty)}`;
      return htmx ? alert(message, 400) : pageWith(c, agent, draft.values, previous, { errors: { variables: message }, formError: 'The draft is not ready to test' });
    }
    if (!content || content.length > 32_000) {
      const message = content ? 'Keep a message under 32,000 characters.' : 'Write a test message first.';
      return htmx ? alert(message, 400) : pageWith(c, agent, draft.values, previous, { formError: message });
    }
    const session = await draftSession(c, agent, draft.config, previous);
    const stub = sessionStub(c.env, c.var.auth.tenantId, session.id);
    if (!htmx) {
      const r = await stub.chatJson(content);
      if (!r.ok) throw new AppError(r.code, r.message);
      return pageWith(c, agent, draft.values, session.id, { notes: session.fresh ? [CHANGED] : [] });
    }
    const r = await stub.chatStream(content);
    if (!(r instanceof ReadableStream)) return alert(r.message, r.status);
    const before = [partial('#test-session', String(<TestSession value={session.id} />)) + partial('#test-trace', String(<TestTrace sessionId={session.id} />))];
    if (session.fresh) before.push(String(<TestDivider text={CHANGED} />));
    return c.body(chatHtmlStream(chatEventStream(r), content, before), 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform' });
  })
  .post('/agents/:id/test/cancel', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const body = await formBody(c);
    const id = text(body, 'test_session');
    const row = isSessionId(id) ? await c.var.db.sessions.get(id) : undefined;
    if (row && row.agentId === agent.id) await sessionStub(c.env, c.var.auth.tenantId, row.id).cancel();
    return wantsFragment(c) ? c.body(null, 204) : pageWith(c, agent, builderValues(body), row?.id ?? '');
  })
  .post('/agents/:id/test/reset', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const agent = await getAgent(c.var.db, c.req.param('id'));
    if (!wantsFragment(c)) return pageWith(c, agent, builderValues(await formBody(c)), '');
    return c.html(
      <>
        <TestEmpty />
        {/* hx-partial is htmx's own element; hono/jsx has no type for it, as in chat-stream.tsx */}
        <hx-partial hx-target="#test-session" hx-swap="outerHTML"><TestSession value="" /></hx-partial>
        <hx-partial hx-target="#test-trace" hx-swap="outerHTML"><TestTrace sessionId="" /></hx-partial>
      </>,
    );
  });
