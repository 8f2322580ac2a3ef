// The run page's timeline: one row per step with its status, duration, attempts, tokens, cost and error; inputs and
// outputs as pretty JSON in collapsible blocks (escaped by JSX); an approval's decision (who, when, comment) or, while
// it waits and the viewer may decide, Approve / Reject; a map's progress; a sub-workflow's child run; Retry for a
// failed step. Each row keeps its id so the live fragment replaces it in place.
import type { RunStepJson } from '../../../worker/schemas/workflows';
import { fmtCount, fmtMs } from '../../lib/format';
import { Csrf } from '../ui/form-field';
import { Icon } from '../ui/icon';
import { When } from '../ui/when';
import { isFinished, RunStatusBadge } from './run-status';

const MAX_SHOWN = 8000;

/** Pretty JSON of a step's input or output, clipped; a plain string stays as it is. */
export function prettyJson(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}\n… (${text.length - MAX_SHOWN} more characters)` : text;
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : null);
export const fmtUsd = (n: number) => (n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`);

export function duration(started: string | null, finished: string | null, now = Date.now()): number | null {
  const a = ms(started);
  if (a === null) return null;
  return (ms(finished) ?? now) - a;
}

export type StepRowProps = { runId: string; step: RunStepJson; name: string; canWrite: boolean; csrfToken: string; runStatus: string };

function Block(props: { label: string; value: unknown; stepId: string; part: string }) {
  if (props.value === null || props.value === undefined) return null;
  return (
    <details class="run-io" data-key={`${props.part}-${props.stepId}`}>
      <summary>{props.label}</summary>
      <pre class="chat-step-code">
        <code>{prettyJson(props.value)}</code>
      </pre>
    </details>
  );
}

/** What an approval asks (the engine keeps the rendered message as the step's input: `{message}`). */
function approvalMessage(s: RunStepJson): string | null {
  if (typeof s.input === 'string') return s.input;
  const m = s.input && typeof s.input === 'object' ? (s.input as { message?: unknown }).message : undefined;
  return typeof m === 'string' ? m : null;
}

function Approval(props: StepRowProps) {
  const s = props.step;
  const message = approvalMessage(s);
  return (
    <div class="run-approval">
      {message && <p class="run-approval-message">{message}</p>}
      {s.decision ? (
        <p class="run-decision">
          <strong>{s.decision.approved ? 'Approved' : 'Rejected'}</strong> by {s.decision.by} · <When ms={Date.parse(s.decision.at)} />
          {s.decision.comment && <span class="run-decision-comment">: “{s.decision.comment}”</span>}
        </p>
      ) : s.status !== 'waiting' ? null : props.canWrite ? (
        <form method="post" action={`/app/runs/${encodeURIComponent(props.runId)}/steps/${encodeURIComponent(s.id)}/approve`} class="run-approval-form">
          <Csrf token={props.csrfToken} />
          <label class="toolbar-field">
            <span>Comment (optional)</span>
            <input class="input" name="comment" maxlength={1000} />
          </label>
          <div class="btn-row">
            <button class="btn btn-primary btn-sm" type="submit" name="approved" value="true">
              Approve
            </button>
            <button class="btn btn-secondary btn-sm" type="submit" name="approved" value="false">
              Reject
            </button>
          </div>
        </form>
      ) : (
        <p class="muted">Waiting for a member to approve or reject.</p>
      )}
    </div>
  );
}

export function StepRow(props: StepRowProps) {
  const s = props.step;
  const took = duration(s.started_at, s.finished_at);
  const meta = [
    took !== null ? fmtMs(took) : null,
    s.attempts > 1 ? `${s.attempts} attempts` : s.attempts === 1 ? '1 attempt' : null,
    s.tokens ? `${fmtCount(s.tokens.input)} in · ${fmtCount(s.tokens.output)} out tokens` : null,
    typeof s.cost_usd === 'number' && s.cost_usd > 0 ? fmtUsd(s.cost_usd) : null,
  ].filter(Boolean);
  return (
    <li id={`step-${s.id}`} class={`run-step is-${s.status}`}>
      <div class="run-step-head">
        <RunStatusBadge status={s.status} />
        <span class="run-step-name">{props.name}</span>
        <code class="run-step-kind">{s.kind}</code>
        {s.started_at && (
          <span class="muted nowrap">
            <When ms={Date.parse(s.started_at)} />
          </span>
        )}
      </div>
      {meta.length > 0 && <p class="trace-meta">{meta.join(' · ')}</p>}
      {s.items && (
        <p class="run-progress">
          <progress max={s.items.total} value={s.items.done} aria-label={`Items of ${props.name}`}></progress>
          <span>
            {s.items.done} of {s.items.total} items done
          </span>
        </p>
      )}
      {s.error && (
        <p class="trace-error">
          <Icon name="alert" size={14} />
          <code>{s.error.code}</code> {s.error.message}
        </p>
      )}
      {s.kind === 'approval' && <Approval {...props} />}
      {s.child_run_id && (
        <p>
          <a href={`/app/runs/${encodeURIComponent(s.child_run_id)}`}>
            Child run <code>{s.child_run_id}</code>
          </a>
        </p>
      )}
      {!(s.kind === 'approval' && approvalMessage(s) !== null) && <Block label="Input" value={s.input} stepId={s.id} part="in" />}
      <Block label="Output" value={s.output} stepId={s.id} part="out" />
      {props.canWrite && s.status === 'failed' && props.runStatus === 'failed' && (
        <form method="post" action={`/app/runs/${encodeURIComponent(props.runId)}/steps/${encodeURIComponent(s.id)}/retry`} class="run-step-actions">
          <Csrf token={props.csrfToken} />
          <button class="btn btn-secondary btn-sm" type="submit">
            Retry step<span class="sr-only"> {props.name}</span>
          </button>
        </form>
      )}
      {props.canWrite && isFinished(props.runStatus) && s.status !== 'pending' && s.status !== 'skipped' && (
        <form method="post" action={`/app/runs/${encodeURIComponent(props.runId)}/rerun`} class="run-step-actions">
          <Csrf token={props.csrfToken} />
          <input type="hidden" name="from_step" value={s.id} />
          <button class="btn btn-secondary btn-sm" type="submit">
            Re-run from here<span class="sr-only"> ({props.name})</span>
          </button>
        </form>
      )}
    </li>
  );
}

export function RunTimeline(props: { rows: StepRowProps[] }) {
  return (
    <ol class="run-timeline" id="run-timeline" role="list">
      {props.rows.map((r) => (
        <StepRow {...r} />
      ))}
    </ol>
  );
}
