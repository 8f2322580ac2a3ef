// Failed workflow runs as a short list: the dashboard's "Failed runs" card and the "Workflow runs" section of Logs.
// Each row names the workflow, the error and when, and links to the run page.
import type { RunSummaryJson } from '../../../worker/schemas/workflows';
import { When } from '../ui/when';

export type FailedRunsProps = { runs: RunSummaryJson[]; workflowName: (id: string) => string };

export function FailedRunList(props: FailedRunsProps) {
  return (
    <ul class="card list" role="list">
      {props.runs.map((r) => (
        <li class="list-row">
          <code class="badge badge-error">{r.error?.code ?? 'failed'}</code>
          <span class="list-main">
            {props.workflowName(r.workflow_id)}
            {r.error?.message && <span class="muted"> · {r.error.message}</span>}
          </span>
          <When ms={Date.parse(r.finished_at ?? r.created_at)} ago />
          <a class="link-quiet" href={`/app/runs/${encodeURIComponent(r.id)}`}>
            Run<span class="sr-only"> of {props.workflowName(r.workflow_id)} that failed</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

/** A titled section, or nothing when no run failed. */
export function FailedRunsSection(props: FailedRunsProps & { title: string; id: string; more: string }) {
  if (!props.runs.length) return null;
  return (
    <section class="section" aria-labelledby={props.id}>
      <div class="section-head">
        <h2 class="section-title" id={props.id}>
          {props.title}
        </h2>
        <a class="link-quiet" href={props.more}>
          All failed runs
        </a>
      </div>
      <FailedRunList runs={props.runs} workflowName={props.workflowName} />
    </section>
  );
}
