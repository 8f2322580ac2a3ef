// Monitoring pages: an agent's conversations (/app/agents/:id/sessions), one conversation with its trace
// (/app/sessions/:id, and /live for polling) and the error log (/app/logs). Lists answer a fragment to htmx
// (filters, polling) and a full page otherwise.
import { Hono, type Context } from 'hono';
import { AgentSessionsPage, SessionResults, type SessionFilters } from '../../../views/pages/agent-sessions-page';
import { LogResults, LogsPage, TraceProblem, type LogFilters } from '../../../views/pages/logs-page';
import { SessionLiveRegion, SessionPage, type SessionLive } from '../../../views/pages/session-page';
import { pageParams, toPage } from '../../db/page';
import type { AgentRow, FeedbackFilter } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { getAgent } from '../../services/agents';
import { isDraftSession, sessionJson } from '../../services/chat-sessions';
import { DAY_MS, agentSessions, errorLog, sessionDetail, turnProblem, type SessionDetail } from '../../services/monitoring';
import { assertCan, can, permit } from '../../services/permissions';
import { failedRuns } from '../../services/run-pages';
import { findConversations, searchAgentSessions } from '../../services/conversation-search';
import { ConversationResults, ConversationSearch, type ConversationQuery } from '../../../views/components/monitoring/conversation-search';
import { dayParam, layoutBase, wantsFragment } from './support/page-helpers';
import { sourceLabel } from '../../../views/lib/format';

const head = (a: AgentRow) => ({ id: a.id, name: a.name, model: a.model, version: a.version, description: a.description });
const query = (params: Record<string, string>) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  return q ? `?${q}` : '';
};

function live(d: SessionDetail): SessionLive {
  const steps = d.turns.reduce((n, t) => n + t.steps.length, 0);
  return { messages: d.messages, turns: d.turns, totals: d.totals, version: `${d.messages.length}.${steps}.${d.totals.turns}` };
}

const FEEDBACK_FILTERS: FeedbackFilter[] = ['up', 'down', 'any', 'none'];
const PERIODS: Record<string, number> = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS };

/** The Logs page's conversation search: results when words or a feedback filter were given, else nothing. */
async function conversationResults(c: Context<AppEnv>) {
  const rated = c.req.query('feedback') ?? '';
  const f: ConversationQuery = {
    q: (c.req.query('q') ?? '').slice(0, 200),
    agent: c.req.query('agent') ?? '',
    feedback: FEEDBACK_FILTERS.includes(rated as FeedbackFilter) ? rated : '',
  };
  const searched = !!(f.q.trim() || f.feedback);
  if (!searched) return { f, results: <ConversationResults hits={[]} next={null} query="" searched={false} /> };
  const page = pageParams({ limit: '20', cursor: c.req.query('cursor') });
  const agentId = /^agt_[0-9a-z]+$/.test(f.agent) ? f.agent : undefined;
  const found = await findConversations(c.var.db, { q: f.q, agentId, feedback: (f.feedback || undefined) as FeedbackFilter | undefined }, page);
  const hits = found.rows.map(({ session: s, match }) => ({
    id: s.id,
    title: s.title?.trim() || 'Conversation',
    agent: found.agentName(s.agentId),
    lastActivityAt: s.lastActivityAt,
    match: match && { messageId: match.message_id, role: match.role, snippet: match.snippet },
  }));
  return { f, results: <ConversationResults hits={hits} next={found.next} query={query({ q: f.q, agent: f.agent, feedback: f.feedback }) || '?'} searched /> };
}

export const monitoringPages = new Hono<AppEnv>()
  .get('/agents/:id/sessions', permit('sessions:read'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const rated = c.req.query('feedback') ?? '';
    const f: SessionFilters = {
      from: c.req.query('from') ?? '',
      to: c.req.query('to') ?? '',
      status: c.req.query('status') ?? '',
      tests: c.req.query('tests') === '1',
      q: (c.req.query('q') ?? '').slice(0, 200),
      feedback: FEEDBACK_FILTERS.includes(rated as FeedbackFilter) ? rated : '',
    };
    const feedback = (f.feedback || undefined) as FeedbackFilter | undefined;
    const page = pageParams({ limit: '30', cursor: c.req.query('cursor') });
    const status = f.status === 'error' ? 'error' : f.status === 'ok' ? 'active' : undefined;
    // Words to search for: ranked matches (dates and status do not apply); else the newest conversations.
    const r = f.q.trim()
      ? await searchAgentSessions(c.var.db, agent.id, { q: f.q, feedback, includeDrafts: f.tests }, page)
      : await agentSessions(c.var.db, agent.id, { from: dayParam(f.from), to: dayParam(f.to, true), status, includeDrafts: f.tests, feedback }, page);
    const sessions = r.sessions.map(({ session: s, usage, ...rest }) => ({
      match: 'match' in rest ? { messageId: rest.match.message_id, role: rest.match.role, snippet: rest.match.snippet } : undefined,
      id: s.id,
      title: s.title?.trim() || (isDraftSession(s) ? 'Test conversation' : 'New conversation'),
      createdAt: s.createdAt,
      lastActivityAt: s.lastActivityAt,
      messages: s.messageCount,
      turns: usage?.turns ?? 0,
      tokens: (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0),
      errors: usage?.errors ?? 0,
      status: s.status,
      draft: isDraftSession(s),
      via: sourceLabel(s.metadata.via),
    }));
    const next =
      'rows' in r
        ? toPage(
            r.rows,
            page.limit,
            (s) => s.id,
            (s) => s,
          ).next_cursor
        : r.next;
    const results = { sessions, next, query: query({ from: f.from, to: f.to, status: f.status, tests: f.tests ? '1' : '', q: f.q, feedback: f.feedback }) };
    if (wantsFragment(c)) return c.html(<SessionResults agentId={agent.id} {...results} />);
    return c.html(<AgentSessionsPage base={await layoutBase(c)} agent={head(agent)} filters={f} results={results} />);
  })
  .get('/sessions/:id', permit('sessions:read'), async (c) => {
    const d = await sessionDetail(c.env, c.var.db, c.req.param('id'));
    const [base, agent] = await Promise.all([layoutBase(c), getAgent(c.var.db, d.session.agentId)]);
    const s = sessionJson(d.session);
    const session = {
      id: s.id,
      title: s.title?.trim() || (isDraftSession(d.session) ? 'Test conversation' : 'Conversation'),
      createdAt: d.session.createdAt,
      lastActivityAt: d.session.lastActivityAt,
      version: s.agent_version,
      draft: isDraftSession(d.session),
      via: sourceLabel(s.metadata.via),
      status: s.status,
    };
    return c.html(<SessionPage base={base} agent={head(agent)} session={session} live={live(d)} />);
  })
  .get('/sessions/:id/live', permit('sessions:read'), async (c) => {
    const d = live(await sessionDetail(c.env, c.var.db, c.req.param('id')));
    // Nothing new: 204 leaves the page alone (an open tool step stays open).
    if (c.req.query('v') === d.version) return c.body(null, 204);
    return c.html(<SessionLiveRegion sessionId={c.req.param('id')} live={d} />);
  })
  .get('/sessions/:id/turns/:turn/problem', permit('sessions:read'), async (c) => {
    const problem = await turnProblem(c.env, c.var.db, c.req.param('id'), c.req.param('turn'));
    return c.html(<TraceProblem text={problem} />);
  })
  .get('/logs', permit('sessions:read'), async (c) => {
    const f: LogFilters = { period: c.req.query('period') ?? '24h', agent: c.req.query('agent') ?? '', code: (c.req.query('code') ?? '').slice(0, 64) };
    const page = pageParams({ limit: '30', cursor: c.req.query('cursor') });
    const since = Date.now() - (PERIODS[f.period] ?? DAY_MS);
    const log = await errorLog(c.var.db, { since, agentId: f.agent || undefined, code: f.code || undefined, cursor: page.cursor, limit: page.limit });
    const listed = toPage(
      log.rows,
      page.limit,
      (r) => r.id,
      (r) => r,
    );
    const results = { rows: listed.data, next: listed.next_cursor, query: query({ period: f.period === '24h' ? '' : f.period, agent: f.agent, code: f.code }) };
    if (wantsFragment(c)) return c.html(<LogResults {...results} agentName={log.agentName} />);
    const [runs, found] = await Promise.all([can(c.var.auth, 'runs:read') ? failedRuns(c.var.db, since, 10) : null, conversationResults(c)]);
    return c.html(
      <LogsPage
        base={await layoutBase(c)}
        filters={f}
        agents={log.agents}
        codes={log.codes}
        results={results}
        agentName={log.agentName}
        failedRuns={runs ? { runs: runs.runs, workflowName: runs.workflowName } : undefined}
        conversations={
          <ConversationSearch filters={found.f} agents={log.agents}>
            {found.results}
          </ConversationSearch>
        }
      />,
    );
  })
  // The conversation search's results alone (htmx).
  .get('/logs/conversations', permit('sessions:read'), async (c) => {
    return c.html((await conversationResults(c)).results);
  });
