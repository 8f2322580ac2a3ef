// GET /app/runs/:id: one run: its header, the graph with each step's live status and the timeline. runs.js follows
// the run's events (/api/v1/runs/:id/events) and swaps in the live fragment (RunLiveParts) for what changed; without
// JavaScript a reload shows the same state.
import type { GraphLayout } from '../../worker/lib/run-graph-layout';
import type { RunJson, RunStepJson } from '../../worker/schemas/workflows';
import { GraphNodeView, RunGraph, graphStep } from '../components/runs/run-graph';
import { RunHeader } from '../components/runs/run-header';
import { RunTimeline, StepRow, type StepRowProps } from '../components/runs/run-timeline';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type RunView = {
  run: RunJson;
  workflow: { id: string; name: string } | null;
  /** Every step of the run's workflow version in order (a step not started yet is `pending`). */
  steps: RunStepJson[];
  names: Record<string, string>;
  layout: GraphLayout;
};

type Viewer = { canWrite: boolean; csrfToken: string };

const rowsOf = (v: RunView, who: Viewer, only?: Set<string>): StepRowProps[] =>
  v.steps
    .filter((s) => !only || only.has(s.id))
    .map((s) => ({
      runId: v.run.id,
      step: s,
      name: v.names[s.id] ?? s.id,
      canWrite: who.canWrite,
      csrfToken: who.csrfToken,
      runStatus: v.run.status,
    }));

/** What changed, for runs.js to put in place by id: the header, the named steps' nodes and rows (all when none named). */
export function RunLiveParts(props: { view: RunView; viewer: Viewer; only?: Set<string> }) {
  const v = props.view;
  const at = new Map(v.layout.nodes.map((n) => [n.id, n]));
  const steps = v.steps.filter((s) => !props.only || props.only.has(s.id));
  return (
    <div id="run-live-parts" data-status={v.run.status}>
      <RunHeader run={v.run} workflow={v.workflow} canWrite={props.viewer.canWrite} csrfToken={props.viewer.csrfToken} />
      <svg>{steps.map((s) => at.get(s.id) && <GraphNodeView node={at.get(s.id)!} step={graphStep(s, v.names[s.id] ?? s.id)} />)}</svg>
      <ol>
        {rowsOf(v, props.viewer, props.only).map((r) => (
          <StepRow {...r} />
        ))}
      </ol>
    </div>
  );
}

export function RunPage(props: { base: LayoutBase; view: RunView }) {
  const v = props.view;
  const viewer = { canWrite: props.base.can['runs:write'], csrfToken: props.base.csrfToken };
  const id = encodeURIComponent(v.run.id);
  return (
    <AppLayout title={`Run of ${v.workflow?.name ?? 'a workflow'}`} {...props.base} active="runs" wide>
      <link rel="stylesheet" href="/assets/runs.css" />
      <PageHeader
        eyebrow="Workflow run"
        title={v.workflow?.name ?? 'Deleted workflow'}
        description={<code>{v.run.id}</code>}
        actions={
          <a class="link-quiet" href="/app/runs">
            All runs
          </a>
        }
      />
      <div id="run-live" data-events={`/api/v1/runs/${id}/events`} data-live={`/app/runs/${id}/live`} data-status={v.run.status}>
        <RunHeader run={v.run} workflow={v.workflow} canWrite={viewer.canWrite} csrfToken={viewer.csrfToken} />
        <section class="section" aria-labelledby="graph-heading">
          <h2 class="section-title" id="graph-heading">
            Graph
          </h2>
          <RunGraph layout={v.layout} steps={v.steps.map((s) => graphStep(s, v.names[s.id] ?? s.id))} />
        </section>
        <section class="section" aria-labelledby="timeline-heading">
          <h2 class="section-title" id="timeline-heading">
            Timeline
          </h2>
          <RunTimeline rows={rowsOf(v, viewer)} />
        </section>
        <p class="sr-only" id="run-announce" aria-live="polite"></p>
      </div>
      <script src="/assets/runs.js" defer></script>
    </AppLayout>
  );
}
