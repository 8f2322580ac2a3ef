// The signed-in app (/app): the dashboard and its live stats; every other page is a sub-app mounted here, behind
// one session check. Sub-apps with fixed paths (/agents/new) are mounted before those with parameters.
import { Hono, type Context } from 'hono';
import { StatsRow, type DashboardStats } from '../../../views/components/dashboard/dashboard-parts';
import { DashboardPage } from '../../../views/pages/dashboard-page';
import type { AppEnv } from '../../env';
import { requirePageSession } from '../../middleware/auth';
import { signInCount } from '../../services/identity';
import { DAY_MS, overview } from '../../services/monitoring';
import { dashboardSparks } from '../../services/analytics-pages';
import { failedRuns } from '../../services/run-pages';
import { layoutBase } from './support/page-helpers';
import { agentPages } from './agents';
import { analyticsPages } from './analytics';
import { auditPages } from './audit';
import { builderPages } from './builder';
import { chatPages } from './chat';
import { feedbackPages } from './feedback';
import { connectionPages } from './connections';
import { embedPages } from './embed';
import { monitoringPages } from './monitoring';
import { organizationPages } from './organizations';
import { runPages } from './runs';
import { billingPages } from './billing';
import { budgetPages } from './budgets';
import { settingsPages } from './settings';
import { testPanelRoutes } from './test-panel';
import { knowledgePages } from './knowledge';
import { toolPages } from './tools';
import { versionPages } from './versions';
import { workflowTriggerPages } from './workflow-triggers';
import { workflowPages } from './workflows';
import { can, permit } from '../../services/permissions';

type Overview = Awaited<ReturnType<typeof overview>>;

const statsOf = (o: Overview): DashboardStats => ({
  agents: o.agentCounts.total,
  ready: o.agentCounts.ready,
  conversationsToday: o.conversationsToday,
  inputTokens: o.totals.inputTokens,
  outputTokens: o.totals.outputTokens,
  turns: o.totals.turns,
  errors: o.totals.errors,
});

/** The cards' 7-day sparklines, for a role that may read analytics. */
const sparksFor = (c: Context<AppEnv>) => (can(c.var.auth, 'analytics:read') ? dashboardSparks(c.env, c.var.db) : null);

async function dashboard(c: Context<AppEnv>) {
  const [base, o, signIns, runs, sparks] = await Promise.all([
    layoutBase(c),
    overview(c.env, c.var.db),
    signInCount(c.var.db, c.var.auth.userId!),
    can(c.var.auth, 'runs:read') ? failedRuns(c.var.db, Date.now() - DAY_MS, 5) : null,
    sparksFor(c),
  ]);
  return c.html(
    <DashboardPage
      base={base}
      stats={statsOf(o)}
      sparks={sparks}
      checklist={o.checklist}
      firstVisit={signIns <= 1}
      notice={c.req.query('notice')}
      helloChatHref={o.hello ? `/app/agents/${o.hello.id}/chat` : '/app/agents'}
      agents={o.agents.map((a) => ({
        id: a.agent.id,
        name: a.agent.name,
        model: a.agent.model,
        status: a.status,
        conversationsToday: a.conversationsToday,
        tokens: a.day.inputTokens + a.day.outputTokens,
        errors: a.day.errors,
        lastAt: a.day.lastAt,
      }))}
      failedRuns={runs ? { runs: runs.runs, workflowName: runs.workflowName } : undefined}
      recentErrors={o.recentErrors.map((e) => ({ at: e.createdAt, agentName: o.agentName(e.agentId), code: e.errorCode ?? 'error', sessionId: e.sessionId }))}
    />,
  );
}

export const appPages = new Hono<AppEnv>()
  .use(requirePageSession())
  .get('/', permit('agents:read'), dashboard)
  .get('/stats', permit('agents:read'), async (c) => {
    const [o, sparks] = await Promise.all([overview(c.env, c.var.db), sparksFor(c)]);
    return c.html(<StatsRow stats={statsOf(o)} sparks={sparks} />);
  })
  .route('/', agentPages)
  .route('/', versionPages)
  .route('/', monitoringPages)
  .route('/', analyticsPages)
  .route('/', runPages)
  .route('/', builderPages)
  .route('/', testPanelRoutes)
  .route('/', chatPages)
  .route('/', feedbackPages)
  .route('/', embedPages)
  .route('/', connectionPages)
  .route('/', toolPages)
  .route('/', knowledgePages)
  .route('/', workflowPages)
  .route('/', workflowTriggerPages)
  .route('/', auditPages)
  .route('/', settingsPages)
  .route('/', budgetPages)
  .route('/', billingPages)
  .route('/', organizationPages);
