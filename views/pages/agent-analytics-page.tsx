// GET /app/agents/:id/analytics: one agent's Analytics tab: the same charts as the Analytics page for this agent
// (each new version marked on them), satisfaction per version (so a version that lowered it shows), and its tools.
import type { GroupBy } from '../../worker/schemas/analytics';
import type { AgentAnalyticsView } from '../../worker/services/analytics-pages';
import { satisfaction, type AnalyticsParams, type ParamProblem } from '../../worker/services/analytics-view';
import { AgentHeader, type AgentHead } from '../components/agents/agent-header';
import { ChartGrid, ParamProblems, RangeForm, TotalsRow } from '../components/analytics/analytics-parts';
import { ToolTable } from '../components/analytics/performance-section';
import { fmtValue } from '../components/charts/chart-scale';
import { Icon } from '../components/ui/icon';
import { When } from '../components/ui/when';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

/** An agent's figures group by everything but the agent. */
export const AGENT_GROUPS: readonly GroupBy[] = ['model', 'api_key', 'source', 'workflow'];

export type AgentAnalyticsBodyProps = {
  agentId: string;
  params: AnalyticsParams;
  problems: ParamProblem[];
  days: { from: string; to: string };
  view: AgentAnalyticsView | null;
};

function VersionTable(props: { view: AgentAnalyticsView; agentId: string }) {
  const rows = props.view.versions;
  if (!rows.length) return <p class="muted">No turns with a version in this range.</p>;
  return (
    <div class="table-wrap">
      <table class="table" id="version-satisfaction">
        <caption class="sr-only">Satisfaction per version, newest first; the change is against the version before it</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">First turn</th>
            <th scope="col" class="num">
              Turns
            </th>
            <th scope="col" class="num">
              Ratings
            </th>
            <th scope="col" class="num">
              Satisfaction
            </th>
            <th scope="col" class="num">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v, i) => {
            const sat = satisfaction(v);
            const prev = rows[i + 1] ? satisfaction(rows[i + 1]!) : null;
            const delta = sat !== null && prev !== null ? sat - prev : null;
            const worse = delta !== null && delta < -0.05;
            return (
              <tr class={worse ? 'is-worse' : undefined}>
                <th scope="row">
                  <a href={`/app/agents/${encodeURIComponent(props.agentId)}/versions?v=${v.agent_version}`}>v{v.agent_version}</a>
                </th>
                <td>{v.first_at ? <When ms={Date.parse(v.first_at)} /> : '—'}</td>
                <td class="num">{fmtValue(v.turns, 'count')}</td>
                <td class="num">
                  {v.up} up · {v.down} down
                </td>
                <td class="num">{fmtValue(sat, 'pct')}</td>
                <td class={worse ? 'num text-danger' : 'num'}>
                  {delta === null ? '—' : `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(Math.round(delta * 1000) / 10)} pts`}
                  {worse && <span class="sr-only"> (lower than the version before)</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function AgentAnalyticsBody(props: AgentAnalyticsBodyProps) {
  const v = props.view;
  const action = `/app/agents/${encodeURIComponent(props.agentId)}/analytics`;
  return (
    <div id="analytics-body">
      <RangeForm action={action} params={props.params} days={props.days} groups={AGENT_GROUPS} problems={props.problems} />
      <ParamProblems problems={props.problems} />
      {v && (
        <>
          <p class="muted analytics-range">
            {v.range.label} · per {v.range.interval} · times in UTC{v.marks.length ? ' · dashed lines mark when a new version was saved' : ''} ·{' '}
            <a href={v.csvHref} download>
              <Icon name="download" /> Export CSV
            </a>
          </p>
          <TotalsRow totals={v.totals} label={v.range.label} />
          <section class="section section-first analytics-versions" aria-labelledby="versions-heading">
            <div class="section-head">
              <h2 class="section-title" id="versions-heading">
                Satisfaction per version
              </h2>
            </div>
            <div class="card chart">
              <VersionTable view={v} agentId={props.agentId} />
            </div>
          </section>
          <ChartGrid charts={v.charts} buckets={v.range.buckets} interval={v.range.interval} marks={v.marks} />
          <section class="section" aria-labelledby="tools-heading">
            <div class="section-head">
              <h2 class="section-title" id="tools-heading">
                Tools
              </h2>
            </div>
            <div class="perf-grid">
              <div class="card chart">
                <h3 class="chart-title">Slowest tools</h3>
                <ToolTable tools={v.slowTools} mode="slow" />
              </div>
              <div class="card chart">
                <h3 class="chart-title">Most failing tools</h3>
                <ToolTable tools={v.failingTools} mode="failing" />
              </div>
            </div>
          </section>
        </>
      )}
    </div>
  );
}

export function AgentAnalyticsPage(props: AgentAnalyticsBodyProps & { base: LayoutBase; agent: AgentHead }) {
  return (
    <AppLayout title={`Analytics · ${props.agent.name}`} {...props.base} active="agents">
      <link rel="stylesheet" href="/assets/charts.css" />
      <AgentHeader agent={props.agent} active="analytics" />
      <AgentAnalyticsBody {...props} />
      <script src="/assets/charts.js" defer></script>
    </AppLayout>
  );
}
