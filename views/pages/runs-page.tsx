// GET /app/runs: the organization's workflow runs, newest first, filtered by workflow, status, trigger and dates,
// paged by cursor. The results answer alone to htmx (filters change them in place) and refresh while runs are open.
import type { RunSummaryJson } from '../../worker/schemas/workflows';
import { RUN_STATUSES, TRIGGER_KINDS } from '../../worker/schemas/workflows';
import { RunStatusBadge, TRIGGER_LABEL, isFinished, statusLabel } from '../components/runs/run-status';
import { duration, fmtUsd } from '../components/runs/run-timeline';
import { EmptyState } from '../components/ui/empty-state';
import { PageHeader } from '../components/ui/page-header';
import { When } from '../components/ui/when';
import { fmtCount, fmtMs } from '../lib/format';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type RunFilters = { workflow: string; status: string; trigger: string; from: string; to: string };
export type RunResultsProps = { runs: RunSummaryJson[]; workflowName: (id: string) => string; next: string | null; query: string };

export function RunRows(props: { runs: RunSummaryJson[]; workflowName: (id: string) => string }) {
  return (
    <div class="table-wrap card">
      <table class="table run-table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Workflow</th>
            <th scope="col" class="hide-sm">
              Trigger
            </th>
            <th scope="col">Started</th>
            <th scope="col" class="num">
              Duration
            </th>
            <th scope="col" class="num hide-sm">
              Tokens
            </th>
            <th scope="col" class="num hide-sm">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {props.runs.map((r) => (
            <tr>
              <td>
                <RunStatusBadge status={r.status} />
              </td>
              <td>
                <a class="row-link" href={`/app/runs/${encodeURIComponent(r.id)}`}>
                  {props.workflowName(r.workflow_id)}
                  <span class="sr-only">, run {r.id}</span>
                </a>
                <span class="muted"> v{r.workflow_version}</span>
                {r.error && (
                  <div>
                    <code class="badge badge-error">{r.error.code}</code> <span class="muted">{r.error.message}</span>
                  </div>
                )}
              </td>
              <td class="hide-sm">{TRIGGER_LABEL[r.trigger.kind] ?? r.trigger.kind}</td>
              <td class="nowrap">
                <When ms={Date.parse(r.started_at ?? r.created_at)} />
              </td>
              <td class="num">{fmtMs(duration(r.started_at ?? r.created_at, r.finished_at))}</td>
              <td class="num hide-sm">{fmtCount(r.tokens.input + r.tokens.output)}</td>
              <td class="num hide-sm">{fmtUsd(r.cost_usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RunResults(props: RunResultsProps) {
  const open = props.runs.some((r) => !isFinished(r.status));
  return (
    <div id="run-results" hx-get={`/app/runs${props.query}`} hx-trigger={open ? 'every 5s' : 'every 30s'} hx-swap="outerHTML">
      {props.runs.length ? (
        <RunRows runs={props.runs} workflowName={props.workflowName} />
      ) : (
        <EmptyState
          icon="play"
          title="No runs match"
          description="Runs of your workflows show up here: started from the API, a schedule, a webhook, an agent or the builder."
        />
      )}
      {props.next && (
        <p class="pager">
          <a class="btn btn-secondary btn-sm" href={`/app/runs${props.query}${props.query ? '&' : '?'}cursor=${encodeURIComponent(props.next)}`}>
            Older runs
          </a>
        </p>
      )}
    </div>
  );
}

export function RunsPage(props: { base: LayoutBase; filters: RunFilters; workflows: { id: string; name: string }[]; results: RunResultsProps }) {
  const f = props.filters;
  return (
    <AppLayout title="Runs" {...props.base} active="runs" wide>
      <PageHeader title="Runs" description="Every run of your workflows, newest first." />
      <form
        class="toolbar"
        method="get"
        action="/app/runs"
        hx-get="/app/runs"
        hx-trigger="submit, change"
        hx-target="#run-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-sync="this:replace"
        aria-label="Filter runs"
      >
        <label class="toolbar-field">
          <span>Workflow</span>
          <select class="input" name="workflow">
            <option value="">All workflows</option>
            {props.workflows.map((w) => (
              <option value={w.id} selected={f.workflow === w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <label class="toolbar-field">
          <span>Status</span>
          <select class="input" name="status">
            <option value="">Any status</option>
            {RUN_STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label class="toolbar-field">
          <span>Trigger</span>
          <select class="input" name="trigger">
            <option value="">Any trigger</option>
            {TRIGGER_KINDS.map((t) => (
              <option value={t} selected={f.trigger === t}>
                {TRIGGER_LABEL[t] ?? t}
              </option>
            ))}
          </select>
        </label>
        <label class="toolbar-field">
          <span>From</span>
          <input class="input" type="date" name="from" value={f.from} />
        </label>
        <label class="toolbar-field">
          <span>To</span>
          <input class="input" type="date" name="to" value={f.to} />
        </label>
        <noscript>
          <button class="btn btn-secondary" type="submit">
            Apply
          </button>
        </noscript>
      </form>
      <RunResults {...props.results} />
    </AppLayout>
  );
}
