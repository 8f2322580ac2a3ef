// The run page's header card: status, workflow and version, trigger, times, duration, tokens and cost, the run's
// error, and the actions the viewer may take (Cancel while it runs, Re-run once it ended). Replaced in place live.
import type { RunJson } from '../../../worker/schemas/workflows';
import { fmtCount, fmtMs } from '../../lib/format';
import { Csrf } from '../ui/form-field';
import { Icon } from '../ui/icon';
import { When } from '../ui/when';
import { isFinished, RunStatusBadge, TRIGGER_LABEL } from './run-status';
import { duration, fmtUsd } from './run-timeline';

const at = (iso: string | null) => (iso ? <When ms={Date.parse(iso)} /> : <span class="muted">—</span>);

export function RunHeader(props: { run: RunJson; workflow: { id: string; name: string } | null; canWrite: boolean; csrfToken: string }) {
  const r = props.run;
  const base = `/app/runs/${encodeURIComponent(r.id)}`;
  const took = duration(r.started_at ?? r.created_at, r.finished_at);
  return (
    <section id="run-header" class={`card card-pad run-header is-${r.status}`} aria-label="Run summary">
      <div class="run-header-top">
        <RunStatusBadge status={r.status} />
        <span class="muted">
          {props.workflow ? <a href={`/app/workflows/${encodeURIComponent(props.workflow.id)}`}>{props.workflow.name}</a> : 'Deleted workflow'} · version{' '}
          {r.workflow_version}
        </span>
        {props.canWrite && (
          <div class="btn-row run-actions">
            {!isFinished(r.status) && (
              <form method="post" action={`${base}/cancel`}>
                <Csrf token={props.csrfToken} />
                <button class="btn btn-secondary btn-sm" type="submit">
                  Cancel run
                </button>
              </form>
            )}
            {isFinished(r.status) && props.workflow && (
              <form method="post" action={`${base}/rerun`}>
                <Csrf token={props.csrfToken} />
                <button class="btn btn-secondary btn-sm" type="submit">
                  <Icon name="play" />
                  Re-run
                </button>
              </form>
            )}
          </div>
        )}
      </div>
      <dl class="run-facts">
        <div>
          <dt>Trigger</dt>
          <dd>
            {TRIGGER_LABEL[r.trigger.kind] ?? r.trigger.kind}
            {r.parent_run_id && (
              <>
                {' '}
                (<a href={`/app/runs/${encodeURIComponent(r.parent_run_id)}`}>parent run</a>)
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{at(r.created_at)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{at(r.started_at)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{at(r.finished_at)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{fmtMs(took)}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            {fmtCount(r.tokens.input)} in · {fmtCount(r.tokens.output)} out
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{fmtUsd(r.cost_usd)}</dd>
        </div>
      </dl>
      {r.error && (
        <p class="trace-error">
          <Icon name="alert" size={14} />
          <code>{r.error.code}</code> {r.error.message}
        </p>
      )}
    </section>
  );
}
