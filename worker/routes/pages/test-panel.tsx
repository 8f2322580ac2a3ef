// The builder's test panel (/app/agents/:id/test…): every message carries the whole draft form. The draft is
// validated like a save, then runs in a draft session (chat-sessions.ts createDraftSession), reused while the draft
// is unchanged. htmx gets the reply streamed as SSE fragments; a plain post gets the builder page back. A message may
// carry a file (`test_file`, multipart) when the draft accepts files: it is checked against the draft session's
// snapshot like the chat page's (services/chat-files.ts), and a refusal (415/413/400) is an alert in the panel.
import { Hono, type Context } from 'hono';
import { Alert } from '../../../views/components/ui/alert';
import { RefusalAlert } from '../../../views/components/billing/refusal-alert';
import { chatHtmlStream } from '../../../views/components/chat/chat-stream';
import { TestDivider, TestEmpty, TestSession, TestTrace } from '../../../views/components/agents/test-panel';
import type { AgentConfig, AgentRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { chatEventStream } from '../../llm/sse-events';
import { actorOf } from '../../lib/actor';
import { draftConfig, getAgent } from '../../services/agents';
import { createDraftSession, draftKey, findChatSession, isDraftSession } from '../../services/chat-sessions';
import { assertCan, can, permit } from '../../services/permissions';
import { emptyVariables, emptyVariablesMessage } from '../../services/template';
import { isSessionId } from '../../services/session-stub';
import { SSE_HEADERS, messageProblem } from '../../services/turn-policy';
import { type TurnTarget, cancelTurn, conversationMessages, runTurnToEnd, streamTurn } from '../../services/turns';
import { fileJson } from '../../llm/user-file';
import { fileOf } from '../../lib/message-body';
import { readChatFile } from '../../services/chat-files';
import { builderErrorField, builderPatch, builderValues, type BuilderValues } from './support/agent-form';
import { type FormBody, fieldErrors, formBody, text, wantsFragment } from './support/page-helpers';
import { builderPage } from './builder';

const CHANGED = 'You changed the draft: this is a new test conversation.';
const partial = (target: string, html: string) => `<hx-partial hx-target="${target}" hx-swap="outerHTML">${html}</hx-partial>`;

/** The draft session for `config`: the one the panel had, while the draft is unchanged; a new one otherwise. */
async function draftSession(c: Context<AppEnv>, agent: AgentRow, config: AgentConfig, previous: string) {
  const key = await draftKey(config);
  const row = await findChatSession(c.var.db, previous);
  if (row && row.agentId === agent.id && isDraftSession(row) && row.metadata.draft_key === key) return { id: row.id, fresh: false };
  const created = await createDraftSession(c.env, c.var.db, agent, config, actorOf(c));
  return { id: created.id, fresh: !!row };
}

/** The builder page again with the draft and the test conversation (no JavaScript, or a draft that is not valid). */
async function pageWith(
  c: Context<AppEnv>,
  agent: AgentRow,
  values: BuilderValues,
  sessionId: string,
  extra: { errors?: Record<string, string>; formError?: string; notes?: string[] } = {},
) {
  const messages = sessionId ? await conversationMessages({ env: c.env, tenantId: c.var.auth.tenantId, sessionId }).catch(() => []) : [];
  return builderPage(
    c,
    agent,
    { values, errors: extra.errors ?? {}, formError: extra.formError, test: { sessionId, messages, notes: extra.notes } },
    extra.formError ? 400 : 200,
  );
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
  .post('/agents/:id/test', permit('sessions:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const body = await formBody(c);
    const content = text(body, 'test_message').trim();
    const upload = fileOf(body.test_file);
    const previous = text(body, 'test_session');
    const draft = await validDraft(c, agent, body);
    const htmx = wantsFragment(c);
    const alert = (message: string, status: number) => c.html(<Alert tone="error">{message}</Alert>, status as 400 | 404 | 409);
    if (!draft.config) {
      if (htmx) return alert(`Fix the form before testing: ${draft.problem.message}`, 400);
      return pageWith(c, agent, draft.values, previous, { errors: draft.problem.errors, formError: 'The draft is not valid yet' });
    }
    const empty = emptyVariables(draft.config.instructions, draft.config.variables);
    if (empty.length) {
      // Said before the model is called (the session would refuse the turn the same way).
      const message = `Before testing: ${emptyVariablesMessage(empty)}`;
      return htmx
        ? alert(message, 400)
        : pageWith(c, agent, draft.values, previous, { errors: { variables: message }, formError: 'The draft is not ready to test' });
    }
    const problem = content ? messageProblem(content) : upload ? null : 'Write a test message first.';
    if (problem) {
      const message = problem;
      return htmx ? alert(message, 400) : pageWith(c, agent, draft.values, previous, { formError: message });
    }
    const session = await draftSession(c, agent, draft.config, previous);
    const t: TurnTarget = { env: c.env, tenantId: c.var.auth.tenantId, sessionId: session.id, viewer: c.var.db.viewer };
    const read = async () => (upload ? { file: await readChatFile(t, upload) } : {});
    if (!htmx) {
      // Without JavaScript a refused file is the error page, as on the chat page.
      await runTurnToEnd(t, content, { tag: { source: 'app', apiKeyId: null }, ...(await read()) });
      return pageWith(c, agent, draft.values, session.id, { notes: session.fresh ? [CHANGED] : [] });
    }
    let stream: ReadableStream<Uint8Array>;
    let attached: Awaited<ReturnType<typeof read>>;
    try {
      attached = await read();
      stream = await streamTurn(t, content, { tag: { source: 'app', apiKeyId: null }, ...attached });
    } catch (e) {
      if (e instanceof AppError)
        return c.html(
          <RefusalAlert code={e.code} message={e.message} canUpgrade={can(c.var.auth, 'billing:write')} />,
          e.status as 400 | 402 | 404 | 409 | 413 | 415,
        );
      throw e;
    }
    const before = [
      partial('#test-session', String(<TestSession value={session.id} />)) + partial('#test-trace', String(<TestTrace sessionId={session.id} />)),
    ];
    if (session.fresh) before.push(String(<TestDivider text={CHANGED} />));
    const feedback = { sessionId: session.id, csrfToken: c.var.auth.kind === 'session' ? c.var.auth.csrfToken : '' };
    const file = attached.file ? { file: fileJson(attached.file) } : {};
    return c.body(chatHtmlStream(chatEventStream(stream), content, before, { feedback, sessionId: session.id, ...file }), 200, SSE_HEADERS);
  })
  .post('/agents/:id/test/cancel', permit('sessions:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const body = await formBody(c);
    const id = text(body, 'test_session');
    const row = await findChatSession(c.var.db, id);
    if (row && row.agentId === agent.id) await cancelTurn({ env: c.env, tenantId: c.var.auth.tenantId, sessionId: row.id }).catch(() => false);
    return wantsFragment(c) ? c.body(null, 204) : pageWith(c, agent, builderValues(body), row?.id ?? '');
  })
  .post('/agents/:id/test/reset', permit('sessions:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    if (!wantsFragment(c)) return pageWith(c, agent, builderValues(await formBody(c)), '');
    return c.html(
      <>
        <TestEmpty />
        {/* hx-partial is htmx's own element; hono/jsx has no type for it, as in chat-stream.tsx */}
        <hx-partial hx-target="#test-session" hx-swap="outerHTML">
          <TestSession value="" />
        </hx-partial>
        <hx-partial hx-target="#test-trace" hx-swap="outerHTML">
          <TestTrace sessionId="" />
        </hx-partial>
      </>,
    );
  });
