// GET /app/logs: recent failed replies across agents (from usage events), filterable by period, agent and error,
// each with what the error means, the trace's own message (loaded as rows scroll into view) and a link to the
// trace. The results refresh every 30 s.
import type { Child } from 'hono/jsx';
import type { UsageRow } from '../../worker/db/tenant-db';
import { EmptyState } from '../components/ui/empty-state';
import { PageHeader } from '../components/ui/page-header';
import { When } from '../components/ui/when';
import { fmtMs } from '../lib/format';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import { FailedRunsSection, type FailedRunsProps } from '../components/runs/failed-runs';

export const ERROR_MEANING: Record<string, string> = {
  no_provider: 'No model provider: add a connection, or pick one in the agent’s builder.',
  upstream_auth: 'The provider refused the API key: check the connection’s secret.',
  upstream_rate_limited: 'The provider rate-limited the call: wait, or raise the limits of your provider plan.',
  upstream_error: 'The provider failed (a 5xx or an answer that could not be read).',
  upstream_timeout: 'The model did not answer in time.',
  upstream_interrupted: 'The connection to the model dropped before the answer was complete.',
  upstream_unreachable: 'Could not connect to the model provider: check the connection’s base URL and that the server is running.',
  upstream_bad_request: 'The provider rejected the request: often an unknown model name or a conversation too long for the model.',
  missing_variable: 'A {{variable}} of the instructions had no value: give it a default in the builder, or pass it when the conversation starts.',
  max_steps: 'The agent reached its max steps before answering: raise the limit or make the tools easier to use.',
};

/** The trace's own words for a failure, loaded per row as it scrolls into view. */
export const TraceProblem = (props: { text: string | null }) =>
  props.text ? (
    <p class="log-detail">
      <code>{props.text}</code>
    </p>
  ) : (
    <p class="log-detail muted">The trace holds no more detail.</p>
  );

export type LogFilters = { period: string; agent: string; code: string };

export function LogResults(props: { rows: UsageRow[]; agentName: (id: string) => string; next: string | null; query: string }) {
  return (
    <div id="log-results" hx-get={`/app/logs${props.query}`} hx-trigger="every 30s" hx-swap="outerHTML">
      {props.rows.length ? (
        <ul class="card list log-list" role="list">
          {props.rows.map((r) => (
            <li class="log-row">
              <div class="log-main">
                <code class="badge badge-error">{r.errorCode}</code>
                <a class="row-link" href={`/app/agents/${encodeURIComponent(r.agentId)}`}>
                  {props.agentName(r.agentId)}
                </a>
                <span class="muted nowrap">
                  <When ms={r.createdAt} /> · {fmtMs(r.latencyMs)} · <code>{r.model}</code>
                </span>
              </div>
              <p class="log-text">{ERROR_MEANING[r.errorCode ?? ''] ?? 'The reply failed.'}</p>
              <p
                class="log-detail muted"
                hx-get={`/app/sessions/${encodeURIComponent(r.sessionId)}/turns/${encodeURIComponent(r.turnId)}/problem`}
                hx-trigger="revealed"
                hx-swap="outerHTML"
              >
                Loading the trace’s message…
              </p>
              <a class="btn btn-secondary btn-sm log-action" href={`/app/sessions/${encodeURIComponent(r.sessionId)}#turn-${encodeURIComponent(r.turnId)}`}>
                Open trace
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState icon="check" title="No errors" description="Failed replies from every agent show up here, with what went wrong and a link to the trace." />
      )}
      {props.next && (
        <p class="pager">
          <a class="btn btn-secondary btn-sm" href={`/app/logs${props.query}${props.query ? '&' : '?'}cursor=${encodeURIComponent(props.next)}`}>
            Older errors
          </a>
        </p>
      )}
    </div>
  );
}

export function LogsPage(props: {
  base: LayoutBase;
  filters: LogFilters;
  agents: { id: string; name: string }[];
  codes: { code: string; n: number }[];
  results: { rows: UsageRow[]; next: string | null; query: string };
  agentName: (id: string) => string;
  /** Workflow runs that failed in the period (empty without runs:read). */
  failedRuns?: FailedRunsProps;
  /** The conversation search (words, agent, feedback) and its results. */
  conversations?: Child;
}) {
  const f = props.filters;
  return (
    <AppLayout title="Logs" {...props.base} active="logs">
      <PageHeader title="Logs" description="Replies that failed, across all agents, newest first." />
      <form
        class="toolbar"
        method="get"
        action="/app/logs"
        hx-get="/app/logs"
        hx-trigger="submit, change"
        hx-target="#log-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-sync="this:replace"
        aria-label="Filter errors"
      >
        <label class="toolbar-field">
          <span>Period</span>
          <select class="input" name="period">
            {[
              ['24h', 'Last 24 hours'],
              ['7d', 'Last 7 days'],
              ['30d', 'Last 30 days'],
            ].map(([v, l]) => (
              <option value={v} selected={f.period === v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label class="toolbar-field">
          <span>Agent</span>
          <select class="input" name="agent">
            <option value="">All agents</option>
            {props.agents.map((a) => (
              <option value={a.id} selected={f.agent === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label class="toolbar-field">
          <span>Error</span>
          <select class="input" name="code">
            <option value="">All errors</option>
            {props.codes.map((c) => (
              <option value={c.code} selected={f.code === c.code}>
                {c.code} ({c.n})
              </option>
            ))}
          </select>
        </label>
        <noscript>
          <button class="btn btn-secondary" type="submit">
            Apply
          </button>
        </noscript>
      </form>
      <LogResults {...props.results} agentName={props.agentName} />
      {props.conversations}
      {props.failedRuns && <FailedRunsSection {...props.failedRuns} title="Failed workflow runs" id="failed-runs-heading" more="/app/runs?status=failed" />}
    </AppLayout>
  );
}
