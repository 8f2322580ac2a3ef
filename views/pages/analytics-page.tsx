// GET /app/analytics: the organization's usage over a range (24 h, 7 d, 30 d, 90 d or custom days), optionally
// grouped: totals, a chart and a table per figure, the CSV export, performance monitoring and optimisation hints.
// The URL holds the state; htmx swaps #analytics-body and pushes the URL, plain GET forms work without JS.
import { GROUP_BY } from '../../worker/schemas/analytics';
import type { AnalyticsView } from '../../worker/services/analytics-pages';
import { paramsQuery, type AnalyticsParams, type ParamProblem } from '../../worker/services/analytics-view';
import { ChartGrid, ParamProblems, RangeForm, TotalsRow } from '../components/analytics/analytics-parts';
import { HintList, SlowAgentsTable, SpikesList, ToolTable } from '../components/analytics/performance-section';
import { Icon } from '../components/ui/icon';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type AnalyticsBodyProps = {
  params: AnalyticsParams;
  problems: ParamProblem[];
  days: { from: string; to: string };
  view: AnalyticsView | null;
  agentName: (id: string) => string | undefined;
  now: number;
};

export function AnalyticsBody(props: AnalyticsBodyProps) {
  const v = props.view;
  const tabQuery = paramsQuery({ ...props.params, group: props.params.group === 'agent' ? '' : props.params.group });
  return (
    <div id="analytics-body">
      <RangeForm action="/app/analytics" params={props.params} days={props.days} groups={GROUP_BY} problems={props.problems} />
      <ParamProblems problems={props.problems} />
      {v && (
        <>
          <p class="muted analytics-range">
            {v.range.label} · per {v.range.interval} · times in UTC ·{' '}
            <a href={v.csvHref} download>
              <Icon name="download" /> Export CSV
            </a>
          </p>
          <TotalsRow totals={v.totals} label={v.range.label} />
          <ChartGrid charts={v.charts} buckets={v.range.buckets} interval={v.range.interval} />
          <section class="section" aria-labelledby="perf-heading">
            <div class="section-head">
              <h2 class="section-title" id="perf-heading">
                Performance
              </h2>
            </div>
            <div class="perf-grid">
              <div class="card chart">
                <h3 class="chart-title">Slowest agents</h3>
                <SlowAgentsTable agents={v.performance.slowAgents} query={tabQuery} />
              </div>
              <div class="card chart">
                <h3 class="chart-title">Slowest tools</h3>
                <ToolTable tools={v.performance.slowTools} mode="slow" agentName={props.agentName} />
              </div>
              <div class="card chart">
                <h3 class="chart-title">Most failing tools</h3>
                <ToolTable tools={v.performance.failingTools} mode="failing" agentName={props.agentName} />
              </div>
              <div class="card chart">
                <h3 class="chart-title">Error spikes</h3>
                <SpikesList spikes={v.performance.spikes} window={v.performance.spikeWindow} now={props.now} />
              </div>
            </div>
          </section>
          <section class="section" aria-labelledby="hints-heading">
            <div class="section-head">
              <h2 class="section-title" id="hints-heading">
                Optimisation hints
              </h2>
            </div>
            <HintList hints={v.hints} />
          </section>
        </>
      )}
    </div>
  );
}

export function AnalyticsPage(props: AnalyticsBodyProps & { base: LayoutBase }) {
  return (
    <AppLayout title="Analytics" {...props.base} active="analytics">
      <link rel="stylesheet" href="/assets/charts.css" />
      <PageHeader
        title="Analytics"
        description="Usage, cost, speed and satisfaction of your agents over time."
        actions={
          <>
            <a class="btn btn-secondary" href="/app/budgets">
              Budgets
            </a>
            <a class="btn btn-secondary" href="/app/analytics/prices">
              Model prices
            </a>
          </>
        }
      />
      <AnalyticsBody {...props} />
      <script src="/assets/charts.js" defer></script>
    </AppLayout>
  );
}
