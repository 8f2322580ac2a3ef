// The chat page (/app/agents/:id/chat): conversations, transcript and a composer whose replies stream in through
// htmx's SSE extension as HTML fragments (protocol in views/pages/chat-page.tsx). Plain form posts work too.
import { Hono, type Context } from 'hono';
import { Alert } from '../../../views/components/ui/alert';
import { RefusalAlert } from '../../../views/components/billing/refusal-alert';
import { StartedParts } from '../../../views/components/chat/chat-composer';
import { ChatSessionList } from '../../../views/components/chat/chat-session-list';
import { chatHtmlResume, chatHtmlStream } from '../../../views/components/chat/chat-stream';
import { ChatPage } from '../../../views/pages/chat-page';
import type { AgentRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { chatEventStream } from '../../llm/sse-events';
import { actorOf } from '../../lib/actor';
import { getAgent } from '../../services/agents';
import { freshChatSession, getChatSession, liveSessionJson, recentChatSessions, sessionJson } from '../../services/chat-sessions';
import { answerRatings } from '../../services/feedback';
import { identity } from '../../services/identity';
import { assertCan, can, grants, permit } from '../../services/permissions';
import { isSessionId } from '../../services/session-stub';
import { SSE_HEADERS, messageProblem } from '../../services/turn-policy';
import type { MessageJson } from '../../llm/events';
import { type RunningTurn, fileJson } from '../../llm/user-file';
import { fileOf } from '../../lib/message-body';
import { readChatFile } from '../../services/chat-files';
import { offeredFiles } from '../../knowledge/chat-file-settings';
import { type TurnTarget, attachTurn, cancelTurn, conversationMessages, runTurnToEnd, runningTurn, streamTurn } from '../../services/turns';

/** Conversations listed in the sidebar; the rest are on the agent's Conversations page. */
const SIDEBAR_SESSIONS = 50;
const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';
const chatUrl = (agentId: string, sessionId?: string) => `/app/agents/${agentId}/chat${sessionId ? `?session=${sessionId}` : ''}`;
const csrfOf = (c: Context<AppEnv>) => (c.var.auth.kind === 'session' ? c.var.auth.csrfToken : '');
const target = (c: Context<AppEnv>, sessionId: string): TurnTarget => ({ env: c.env, tenantId: c.var.auth.tenantId, sessionId, viewer: c.var.db.viewer });

/** True when no model endpoint is configured for this agent (its connection, the operator default, Workers AI). */
function providerMissing(c: Context<AppEnv>, agent: AgentRow): boolean {
  return !agent.connectionId && !c.env.OPENAI_API_KEY && !c.env.OPENAI_BASE_URL && !(c.env.AI && agent.model.startsWith('@cf/'));
}

async function formFields(c: Context<AppEnv>): Promise<{ content: string; session: string; file: File | null }> {
  const body = await c.req.parseBody();
  const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  return { content: field('content'), session: field('session'), file: fileOf(body.file) };
}

/** Loads the conversation list again once a reply has ended (its title and activity changed). */
const sidebarRefresh = (sessionId: string) =>
  String(
    <hx-partial hx-target="#chat-side" hx-swap="beforeend">
      <span hidden hx-get={`/app/sessions/${encodeURIComponent(sessionId)}/sidebar`} hx-trigger="load" hx-target="#chat-side" hx-swap="innerHTML"></span>
    </hx-partial>,
  );

/** Runs one turn in conversation `id`: an HTML stream for htmx; without JavaScript, back to the page when done. */
async function reply(c: Context<AppEnv>, id: string, content: string, before: string[] = [], upload: File | null = null) {
  const alert = (message: string, status: number) => c.html(<Alert tone="error">{message}</Alert>, status as 400 | 404 | 409);
  if (!content && !upload && !isHtmx(c)) return c.redirect(chatUrl((await getChatSession(c.var.db, id)).agentId, id), 303);
  const problem = upload && !content ? null : messageProblem(content);
  if (problem) return alert(problem, 400);
  // Files in chat: refused files (415/413/400) answer an alert like any refusal; without JavaScript, the error page.
  const read = async () => (upload ? { file: await readChatFile(target(c, id), upload) } : {});
  if (!isHtmx(c)) {
    // Without JavaScript: run the turn to the end, then show the page again with the answer.
    await runTurnToEnd(target(c, id), content, { tag: { source: 'app', apiKeyId: null }, ...(await read()) });
    return c.redirect(chatUrl((await getChatSession(c.var.db, id)).agentId, id), 303);
  }
  try {
    const attached = await read();
    const events = chatEventStream(await streamTurn(target(c, id), content, { tag: { source: 'app', apiKeyId: null }, ...attached }));
    const file = attached.file ? { file: fileJson(attached.file) } : {};
    const extras = { after: [sidebarRefresh(id)], retryAction: c.req.path, sessionId: id, feedback: { sessionId: id, csrfToken: csrfOf(c) }, ...file };
    return c.body(chatHtmlStream(events, content, before, extras), 200, SSE_HEADERS);
  } catch (e) {
    if (e instanceof AppError)
      return c.html(<RefusalAlert code={e.code} message={e.message} canUpgrade={can(c.var.auth, 'billing:write')} />, e.status as 400 | 402 | 404 | 409);
    throw e;
  }
}

/**
 * The transcript of a page drawn while a reply is being written: the messages before that turn's user message, then
 * that message (stored only once the model's first step ends); the page adds an empty bubble that re-attaches.
 */
function beforeRunningTurn(messages: MessageJson[], turn: RunningTurn): MessageJson[] {
  const stored = messages.findIndex((m) => m.id === turn.userMessageId);
  const earlier = stored >= 0 ? messages.slice(0, stored) : messages;
  const file = turn.file ? { file: turn.file } : {};
  return [
    ...earlier,
    { id: turn.userMessageId, role: 'user', content: turn.content, ...file, status: 'completed', created_at: new Date(turn.at).toISOString() },
  ];
}

const ASSISTANT_ID = /^a-[A-Za-z0-9_-]{1,64}$/;

/** Mounted inside appPages (routes/pages/app.tsx), whose middleware already requires a signed-in session. */
export const chatPages = new Hono<AppEnv>()
  .get('/agents/:id/chat', permit('agents:read', 'sessions:read'), async (c) => {
    const db = c.var.db;
    const auth = c.var.auth;
    const agent = await getAgent(db, c.req.param('id'));
    const wanted = c.req.query('session');
    const [who, recent, chosen] = await Promise.all([
      identity(db, auth.userId!),
      recentChatSessions(db, agent.id, SIDEBAR_SESSIONS),
      wanted ? getChatSession(db, wanted) : Promise.resolve(null),
    ]);
    if (chosen && chosen.agentId !== agent.id) throw new AppError('not_found', 'Session not found');
    // No conversation asked for: the newest one, unless it is empty and holds an older version of the agent (say,
    // from before it had a model): then, as with none at all, the composer starts one on the current version.
    const latest = recent.sessions[0];
    const stale = latest && latest.messageCount === 0 && latest.agentVersion !== agent.version;
    const current = chosen ?? (latest && !stale ? latest : null);
    const [all, running] = current
      ? await Promise.all([conversationMessages(target(c, current.id)).catch(() => []), runningTurn(target(c, current.id)).catch(() => null)])
      : [[], null];
    const messages = running ? beforeRunningTurn(all, running) : all;
    const ratings = current && messages.some((m) => m.role === 'assistant') ? await answerRatings(db, current.id) : undefined;
    return c.html(
      <ChatPage
        user={{ name: who.user.name, email: who.user.email }}
        tenant={{ id: who.tenant.id, name: who.tenant.name }}
        role={auth.role}
        csrfToken={csrfOf(c)}
        can={grants(auth)}
        agent={{ id: agent.id, name: agent.name, description: agent.description, model: agent.model }}
        sessions={recent.sessions.map((s) => (s.id === current?.id ? liveSessionJson(s, messages) : sessionJson(s)))}
        sessionsTotal={recent.total}
        current={current ? { id: current.id, messages, running: !!running, ratings } : null}
        providerMissing={providerMissing(c, agent)}
        files={offeredFiles(agent.attachments)}
      />,
    );
  })
  .post('/agents/:id/chat/sessions', permit('sessions:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const session = await freshChatSession(c.env, c.var.db, agent, actorOf(c));
    return c.redirect(chatUrl(agent.id, session.id), 303);
  })
  // The composer of an agent with no conversation yet: the first message starts one (or reuses an empty one).
  .post('/agents/:id/chat/messages', permit('sessions:write'), async (c) => {
    const { content, session, file } = await formFields(c);
    if (session) {
      if (!isSessionId(session)) throw new AppError('not_found', 'Session not found');
      return reply(c, session, content, [], file);
    }
    const agent = await getAgent(c.var.db, c.req.param('id'));
    if (!content && !file) return isHtmx(c) ? c.html(<Alert tone="error">Write a message first.</Alert>, 400) : c.redirect(chatUrl(agent.id), 303);
    const started = await freshChatSession(c.env, c.var.db, agent, actorOf(c));
    return reply(c, started.id, content, [String(<StartedParts sessionId={started.id} csrfToken={csrfOf(c)} />)], file);
  })
  .post('/sessions/:id/messages', permit('sessions:write'), async (c) => {
    const id = c.req.param('id');
    if (!isSessionId(id)) throw new AppError('not_found', 'Session not found');
    const { content, file } = await formFields(c);
    return reply(c, id, content, [], file);
  })
  // The conversation list after a reply (loaded by the stream's last message), with this conversation as it is now.
  .get('/sessions/:id/sidebar', permit('sessions:read'), async (c) => {
    const session = await getChatSession(c.var.db, c.req.param('id'));
    const [recent, messages] = await Promise.all([
      recentChatSessions(c.var.db, session.agentId, SIDEBAR_SESSIONS),
      conversationMessages(target(c, session.id)).catch(() => null),
    ]);
    const list = recent.sessions.map((s) => (s.id === session.id ? liveSessionJson(s, messages) : sessionJson(s)));
    return c.html(<ChatSessionList agentId={session.agentId} sessions={list} currentId={session.id} total={recent.total} />);
  })
  // Re-attaching to a reply (chat.js, after a dropped stream or a reload mid-answer): the events after
  // `last_event_id` (all of the turn when absent) as the same fragments, into the bubble `assistant`; 204 when none.
  .get('/sessions/:id/stream', permit('sessions:read'), async (c) => {
    const id = c.req.param('id');
    const last = c.req.query('last_event_id')?.trim() || null;
    const assistantId = c.req.query('assistant') ?? '';
    // First whether anything was missed (attachTurn checks the id and answers 404 for an unknown conversation) …
    const missed = await attachTurn(target(c, id), last);
    if (!missed) return c.body(null, 204);
    await missed.cancel();
    if (!ASSISTANT_ID.test(assistantId))
      throw new AppError('validation_failed', 'Invalid assistant id', [{ path: 'assistant', message: 'is not a reply of this page' }]);
    // … then the whole turn, whose earlier events rebuild the text the fragments settle as markdown.
    const whole = await attachTurn(target(c, id), last ? `${last.split('-')[0]}-0` : null);
    if (!whole) return c.body(null, 204);
    const html = chatHtmlResume(chatEventStream(whole), assistantId, last, { after: [sidebarRefresh(id)], feedback: { sessionId: id, csrfToken: csrfOf(c) } });
    return c.body(html, 200, SSE_HEADERS);
  })
  .post('/sessions/:id/cancel', permit('sessions:write'), async (c) => {
    const session = await getChatSession(c.var.db, c.req.param('id'));
    await cancelTurn(target(c, session.id));
    return isHtmx(c) ? c.body(null, 204) : c.redirect(chatUrl(session.agentId, session.id), 303);
  });
