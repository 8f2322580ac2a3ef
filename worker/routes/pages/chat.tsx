// The chat page (/app/agents/:id/chat): conversations, transcript and a composer whose replies stream in through
// htmx's SSE extension as HTML fragments (protocol in views/pages/chat-page.tsx). Plain form posts work too.
import { Hono, type Context } from 'hono';
import { Alert } from '../../../views/components/ui/alert';
import { chatHtmlStream } from '../../../views/components/chat/chat-stream';
import { ChatPage } from '../../../views/pages/chat-page';
import type { AgentRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { chatEventStream } from '../../llm/sse-events';
import { actorOf } from '../../lib/actor';
import { getAgent } from '../../services/agents';
import { createChatSession, getChatSession, recentChatSessions, sessionJson } from '../../services/chat-sessions';
import { identity } from '../../services/identity';
import { assertCan } from '../../services/permissions';
import { isSessionId } from '../../services/session-stub';
import { SSE_HEADERS, messageProblem } from '../../services/turn-policy';
import { type TurnTarget, cancelTurn, conversationMessages, runTurnToEnd, streamTurn } from '../../services/turns';

/** Conversations listed in the sidebar; the rest are on the agent's Conversations page. */
const SIDEBAR_SESSIONS = 50;
const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';
const chatUrl = (agentId: string, sessionId?: string) => `/app/agents/${agentId}/chat${sessionId ? `?session=${sessionId}` : ''}`;

/** True when no model endpoint is configured for this agent (its connection, the operator default, Workers AI). */
function providerMissing(c: Context<AppEnv>, agent: AgentRow): boolean {
  return !agent.connectionId && !c.env.OPENAI_API_KEY && !c.env.OPENAI_BASE_URL && !(c.env.AI && agent.model.startsWith('@cf/'));
}

async function formContent(c: Context<AppEnv>): Promise<string> {
  const body = await c.req.parseBody();
  return typeof body.content === 'string' ? body.content.trim() : '';
}

/** Mounted inside appPages (routes/pages/app.tsx), whose middleware already requires a signed-in session. */
export const chatPages = new Hono<AppEnv>()
  .get('/agents/:id/chat', async (c) => {
    const db = c.var.db;
    const auth = c.var.auth;
    const agent = await getAgent(db, c.req.param('id'));
    const wanted = c.req.query('session');
    const [who, recent, current] = await Promise.all([
      identity(db, auth.userId!),
      recentChatSessions(db, agent.id, SIDEBAR_SESSIONS),
      wanted ? getChatSession(db, wanted) : Promise.resolve(null),
    ]);
    if (current && current.agentId !== agent.id) throw new AppError('not_found', 'Session not found');
    const messages = current ? await conversationMessages({ env: c.env, tenantId: auth.tenantId, sessionId: current.id }).catch(() => []) : [];
    return c.html(
      <ChatPage
        user={{ name: who.user.name, email: who.user.email }}
        tenant={{ id: who.tenant.id, name: who.tenant.name }}
        role={auth.role}
        csrfToken={auth.kind === 'session' ? auth.csrfToken : ''}
        agent={{ id: agent.id, name: agent.name, description: agent.description, model: agent.model }}
        sessions={recent.sessions.map(sessionJson)}
        sessionsTotal={recent.total}
        current={current ? { id: current.id, messages } : null}
        providerMissing={providerMissing(c, agent)}
      />,
    );
  })
  .post('/agents/:id/chat/sessions', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const session = await createChatSession(c.env, c.var.db, agent, {}, actorOf(c));
    return c.redirect(chatUrl(agent.id, session.id), 303);
  })
  .post('/sessions/:id/messages', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const id = c.req.param('id');
    if (!isSessionId(id)) throw new AppError('not_found', 'Session not found');
    const content = await formContent(c);
    const alert = (message: string, status: number) => c.html(<Alert tone="error">{message}</Alert>, status as 400 | 404 | 409);
    if (!content && !isHtmx(c)) return c.redirect(chatUrl((await getChatSession(c.var.db, id)).agentId, id), 303);
    const problem = messageProblem(content);
    if (problem) return alert(problem, 400);
    const t: TurnTarget = { env: c.env, tenantId: c.var.auth.tenantId, sessionId: id };
    if (!isHtmx(c)) {
      // Without JavaScript: run the turn to the end, then show the page again with the answer.
      await runTurnToEnd(t, content);
      return c.redirect(chatUrl((await getChatSession(c.var.db, id)).agentId, id), 303);
    }
    try {
      return c.body(chatHtmlStream(chatEventStream(await streamTurn(t, content)), content), 200, SSE_HEADERS);
    } catch (e) {
      if (e instanceof AppError) return alert(e.message, e.status);
      throw e;
    }
  })
  .post('/sessions/:id/cancel', async (c) => {
    assertCan(c.var.auth, 'sessions:write');
    const session = await getChatSession(c.var.db, c.req.param('id'));
    await cancelTurn({ env: c.env, tenantId: c.var.auth.tenantId, sessionId: session.id });
    return isHtmx(c) ? c.body(null, 204) : c.redirect(chatUrl(session.agentId, session.id), 303);
  });
