// Analytics pages: the organization's (/app/analytics) and one agent's tab (/app/agents/:id/analytics). The query
// (range, from, to, group) is validated into a readable problem and a 400 page, never a 500; an htmx request gets
// just #analytics-body.
import { Hono } from 'hono';
import { AgentAnalyticsBody, AgentAnalyticsPage, AGENT_GROUPS } from '../../../views/pages/agent-analytics-page';
import { AnalyticsBody, AnalyticsPage } from '../../../views/pages/analytics-page';
import type { AppEnv } from '../../env';
import { agentNames, getAgent } from '../../services/agents';
import { agentAnalyticsView, analyticsView } from '../../services/analytics-pages';
import { parseParams, rangeDays, rangeOf } from '../../services/analytics-view';
import { permit } from '../../services/permissions';
import { layoutBase, wantsFragment } from './support/page-helpers';

export const analyticsPages = new Hono<AppEnv>()
  .get('/analytics', permit('analytics:read'), async (c) => {
    const now = Date.now();
    const { params, problems } = parseParams(c.req.query(), undefined, now);
    const ok = !problems.length;
    const [view, names] = await Promise.all([ok ? analyticsView(c.env, c.var.db, params, now) : null, agentNames(c.var.db)]);
    const byId = new Map(names.map((a) => [a.id, a.name]));
    const body = {
      params,
      problems,
      view,
      now,
      days: rangeDays(rangeOf(ok ? params : { ...params, range: '7d' }, now)),
      agentName: (id: string) => byId.get(id),
    };
    if (!ok) c.status(400);
    if (wantsFragment(c)) return c.html(<AnalyticsBody {...body} />);
    return c.html(<AnalyticsPage base={await layoutBase(c)} {...body} />);
  })
  .get('/agents/:id/analytics', permit('analytics:read'), async (c) => {
    const now = Date.now();
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const { params, problems } = parseParams(c.req.query(), AGENT_GROUPS, now);
    const ok = !problems.length;
    const view = ok ? await agentAnalyticsView(c.env, c.var.db, agent.id, params, now) : null;
    const body = { agentId: agent.id, params, problems, view, days: rangeDays(rangeOf(ok ? params : { ...params, range: '7d' }, now)) };
    if (!ok) c.status(400);
    if (wantsFragment(c)) return c.html(<AgentAnalyticsBody {...body} />);
    const head = { id: agent.id, name: agent.name, model: agent.model, version: agent.version, description: agent.description };
    return c.html(<AgentAnalyticsPage base={await layoutBase(c)} agent={head} {...body} />);
  });
