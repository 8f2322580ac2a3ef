// GET /app: the signed-in home: live numbers for the last 24 hours, a getting-started checklist whose steps tick
// themselves off, the agents with their status, and the latest errors.
import { ButtonLink } from '../components/ui/button';
import { AgentOverviewTable, Checklist, StatsRow, type AgentLine, type ChecklistStep, type DashboardStats } from '../components/dashboard/dashboard-parts';
import { EmptyState } from '../components/ui/empty-state';
import { Icon } from '../components/ui/icon';
import { Notice } from '../components/ui/notice';
import { PageHeader } from '../components/ui/page-header';
import { When } from '../components/ui/when';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import { FailedRunsSection, type FailedRunsProps } from '../components/runs/failed-runs';
import type { Sparks } from '../../worker/services/analytics-pages';

export type RecentError = { at: number; agentName: string; code: string; sessionId: string };

export function DashboardPage(props: {
  base: LayoutBase;
  stats: DashboardStats;
  /** The cards' last 7 days (null without analytics:read). */
  sparks?: Sparks | null;
  checklist: { connection: boolean; chatted: boolean; ownAgent: boolean };
  /** The member's first sign-in (the one from sign-up): welcomed, not welcomed back. */
  firstVisit?: boolean;
  helloChatHref: string;
  agents: AgentLine[];
  recentErrors: RecentError[];
  /** Workflow runs that failed in the last 24 hours (empty without runs:read). */
  failedRuns?: FailedRunsProps;
  /** A flash notice code after a redirect (joined, switched or created an organization). */
  notice?: string;
}) {
  const { base, checklist } = props;
  const firstName = base.user.name?.trim().split(/\s+/)[0];
  const welcome = props.firstVisit ? 'Welcome' : 'Welcome back';
  const builds = base.can['agents:write'];
  const allSteps: (ChecklistStep & { needs?: boolean })[] = [
    {
      title: 'Add a model connection',
      text: 'Bring your own OpenAI or OpenAI-compatible key. It is encrypted and never shown again.',
      href: '/app/connections/new',
      cta: checklist.connection ? 'Manage' : 'Add connection',
      done: checklist.connection,
      needs: base.can['connections:write'],
    },
    {
      title: 'Chat with Hello World',
      text: 'Your workspace comes with a ready agent. Say hello and watch it stream.',
      href: props.helloChatHref,
      cta: 'Open chat',
      done: checklist.chatted,
    },
    {
      title: 'Build your own agent',
      text: 'Start from a template, give it tools and try it in the test panel.',
      href: '/app/agents/new',
      cta: checklist.ownAgent ? 'New agent' : 'Create agent',
      done: checklist.ownAgent,
      needs: builds,
    },
  ];
  // A role that cannot do a step is not asked to: a viewer's checklist is only the chat.
  const steps: ChecklistStep[] = allSteps.filter((s) => s.needs !== false).map(({ needs: _needs, ...s }) => s);
  const allDone = steps.every((s) => s.done);
  return (
    <AppLayout title="Home" {...base} active="home">
      <PageHeader
        eyebrow={firstName ? `${welcome}, ${firstName}` : welcome}
        title={base.tenant.name}
        description="Build, run and monitor AI agents from one place."
        actions={
          builds && (
            <ButtonLink href="/app/agents/new">
              <Icon name="plus" />
              New agent
            </ButtonLink>
          )
        }
      />
      <Notice code={props.notice} />
      {props.sparks && <link rel="stylesheet" href="/assets/charts.css" />}
      <StatsRow stats={props.stats} sparks={props.sparks} />
      {!allDone && <Checklist steps={steps} />}
      <section class="section" aria-labelledby="agents-heading">
        <div class="section-head">
          <h2 class="section-title" id="agents-heading">
            Agents
          </h2>
          {props.agents.length > 0 && (
            <a class="link-quiet" href="/app/agents">
              View all
            </a>
          )}
        </div>
        {props.agents.length > 0 ? (
          <AgentOverviewTable agents={props.agents} />
        ) : (
          <EmptyState
            title="No agents yet"
            description="Agents answer questions, call your tools and run at the edge, close to your users."
            action={
              builds && (
                <ButtonLink href="/app/agents/new">
                  <Icon name="plus" />
                  Create an agent
                </ButtonLink>
              )
            }
          />
        )}
      </section>
      {props.recentErrors.length > 0 && (
        <section class="section" aria-labelledby="errors-heading">
          <div class="section-head">
            <h2 class="section-title" id="errors-heading">
              Latest errors
            </h2>
            <a class="link-quiet" href="/app/logs">
              Open logs
            </a>
          </div>
          <ul class="card list" role="list">
            {props.recentErrors.map((e) => (
              <li class="list-row">
                <code class="badge badge-error">{e.code}</code>
                <span class="list-main">{e.agentName}</span>
                <When ms={e.at} ago />
                <a class="link-quiet" href={`/app/sessions/${encodeURIComponent(e.sessionId)}`}>
                  Trace<span class="sr-only"> of this error</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.failedRuns && <FailedRunsSection {...props.failedRuns} title="Failed runs" id="failed-runs-heading" more="/app/runs?status=failed" />}
    </AppLayout>
  );
}
