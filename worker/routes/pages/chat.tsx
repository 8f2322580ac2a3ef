// The chat page (/app/agents/:id/chat): conversations, transcript and a composer whose replies stream in through
// htmx's SSE extension as HTML fragments (protocol in views/pages/chat-page.tsx). Plain form posts work too.
import { Hono, type Context } from 'hono';
import { Alert } from '../../../views/components/ui/alert';
import { StartedParts } from '../../../views/components/chat/chat-composer';
import { ChatSessionList } from '../../../views/components/chat/chat-session-list';
import { chatHtmlStream } from '../../../views/components/chat/chat-stream';
import { ChatPage } from '../../../views/pages/chat-page';
import type { AgentRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { chatEventStream } from '../../llm/sse-events';
import { actorOf } from '../../lib/actor';
import { getAgent } from '../../services/agents';
import { freshChatSession, getChatSession, liveSessionJson, sessionJson } from '../../services/chat-sessions';
import { identity } from '../../services/identity';
import { assertCan } from '../../services/permissions';
import { isSessionId, sessionStub } from '../../services/session-stub';

const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';
const chatUrl = (agentId: string, sessionId?: string) => `/app/agents/${agentId}/chat${sessionId ? `?session=${sessionId}` : ''}`;
const csrfOf = (c: Context<AppEnv>) => (c.var.auth.kind === 'session' ? c.var.auth.csrfToken : '');

/** True when no model endpoint is configured for this agent (its connection, the operator default, Workers AI). */
function providerMissing(c: Context<AppEnv>, agent: AgentRow): boolean {
  return !agent.connectionId && !c.env.OPENAI_API_KEY && !c.env.OPENAI_BASE_URL && !(c.env.AI && agent.model.startsWith('@cf/'));
}

async function formFields(c: Context<AppEnv>): Promise<{ content: string; session: string }> {
  const body = await c.req.parseBody();
  const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  return { content: field('content'), session: field('session') };
}

/** Loads the conversation list again once a reply has ended (its title and activity changed). */
const sidebarRefresh = (sessionId: string) =>
  String(
    <hx-partial hx-target="#chat-side" hx-swap="beforeend">
      <span hidden hx-get={`/app/sessions/${encodeURIComponent(sessionId)}/sidebar`} hx-trigger="load" hx-target="#chat-side" hx-swap="innerHTML"></span>
    </hx-partial>,
  );

/** Runs one turn in conversation `id`: an HTML stream for htmx; without JavaScript, back to the page when done. */
async function reply(c: Context<AppEnv>, id: string, content: string, before: string[] = []) {
  const alert = (message: string, status: 400 | 404 | 409) => c.html(<Alert tone="error">{message}</Alert>, status);
  if (!content) return isHtmx(c) ? alert('Write a message first.', 400) : c.redirect(chatUrl((await getChatSession(c.var.db, id)).agentId, id), 303);
  if (content.length > 32_000) return alert('Keep a message under 32,000 characters.', 400);
  const stub = sessionStub(c.env, c.var.auth.tenantId, id);
  if (!isHtmx(c)) {
    // Without JavaScript: run the turn to the end, then show the page again with the answer.
    const r = await stub.chatJson(content);
    if (!r.ok) throw new AppError(r.code, r.message);
    return c.redirect(chatUrl((await getChatSession(c.var.db, id)).agentId, id), 303);
  }
  const r = await stub.chatStream(content);
  if (!(r instanceof ReadableStream)) return alert(r.message, r.status);
  const html = chatHtmlStream(chatEventStream(r), content, before, { after: [sidebarRefresh(id)], retryAction: c.req.path });
  return c.body(html, 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform' });
}

/** Mounted inside appPages (pages-app.tsx), whose middleware already requires a signed-in session. */
export const chatPages = new Hono<AppEnv>()
  .get('/agents/:id/chat', async (c) => {
    const db = c.var.db;
    const auth = c.var.auth;
    const agent = await getAgent(db, c.req.param('id'));
    const wanted = c.req.query('session');
    const [who, sessions, chosen] = await Promise.all([
      identity(db, auth.userId!),
      db.sessions.list({ limit: 50, cursor: null }, agent.id),
      wanted ? getChatSession(db, wanted) : Promise.resolve(null),
    ]);
    if (chosen && chosen.agentId !== agent.id) throw new AppError('not_found', 'Session not found');
    // No conversation asked for: the newest one, unless it is empty and holds an older version of the agent (say,
    // from before it had a model): then, as with none at all, the composer starts one on the current version.
    const latest = sessions[0];
    const stale = latest && latest.messageCount === 0 && latest.agentVersion !== agent.version;
    const current = chosen ?? (latest && !stale ? latest : null);
    const messages = current ? ((await sessionStub(c.env, auth.tenantId, current.id).messages()) ?? []) : [];
    return c.html(
      <ChatPage
        user={{ name: who.user.name, email: who.user.email }}
        tenant={{ id: who.tenant.id, name: who.tenant.name }}
        role={auth.role}
        csrfToken={csrfOf(c)}
        agent={{ id: agent.id, name: agent.name, description: agent.description, model: agent.model }}
        sessions={sessions.slice(0, 50).map((s) => (s.id === current?.id ? liveSessionJson(s, messages) : sessionJson(s)))}
        current={current ? { id: current.id, messages } : null}
        providerMissing={providerMissing(c, agent)}
      />,
    );
  })
  .post('/agents/:id/chat/sessions', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const session = await freshChatSession(c.env, c.var.db, agent, actorOf(c));
    return c.redirect(chatUrl(agent.id, session.id), 303);
  })
  // The composer of an agent with no conversation yet: the first message starts one (or reuses an empty one).
  .post('/agents/:id/chat/messages', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const { content, session } = await formFields(c);
    if (session) {
      if (!isSessionId(session)) throw new AppError('not_found', 'Session not found');
      return reply(c, session, content);
    }
    const agent = await getAgent(c.var.db, c.req.param('id'));
    if (!content) return isHtmx(c) ? c.html(<Alert tone="error">Write a message first.</Alert>, 400) : c.redirect(chatUrl(agent.id), 303);
    const started = await freshChatSession(c.env, c.var.db, agent, actorOf(c));
    return reply(c, started.id, content, [String(<StartedParts sessionId={started.id} csrfToken={csrfOf(c)} />)]);
  })
  .post('/sessions/:id/messages', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const id = c.req.param('id');
    if (!isSessionId(id)) throw new AppError('not_found', 'Session not found');
    return reply(c, id, (await formFields(c)).content);
  })
  // The conversation list after a reply (loaded by the stream's last message), with this conversation as it is now.
  .get('/sessions/:id/sidebar', async (c) => {
    const session = await getChatSession(c.var.db, c.req.param('id'));
    const [sessions, messages] = await Promise.all([c.var.db.sessions.list({ limit: 50, cursor: null }, session.agentId), sessionStub(c.env, c.var.auth.tenantId, session.id).messages()]);
    const list = sessions.slice(0, 50).map((s) => (s.id === session.id ? liveSessionJson(s, messages) : sessionJson(s)));
    return c.html(<ChatSessionList agentId={session.agentId} sessions={list} currentId={session.id} />);
  })
  .post('/sessions/:id/cancel', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const session = await getChatSession(c.var.db, c.req.param('id'));
    await sessionStub(c.env, c.var.auth.tenantId, session.id).cancel();
    return isHtmx(c) ? c.body(null, 204) : c.redirect(chatUrl(session.agentId, session.id), 303);
  });
