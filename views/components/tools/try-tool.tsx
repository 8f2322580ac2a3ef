// "Try it": run a tool with sample arguments and see exactly what the model would get back, in the page.
import { fmtMs } from '../../lib/format';
import { Alert } from '../ui/alert';
import { Csrf } from '../ui/form-field';
import { Icon } from '../ui/icon';

export type TrialOutcome = { ok: boolean; output: string; durationMs: number } | { refused: string };

export function TrialResult(props: { result?: TrialOutcome }) {
  const r = props.result;
  return (
    <div class="trial-result" id="trial-result" aria-live="polite">
      {r && 'refused' in r && <Alert tone="error">{r.refused}</Alert>}
      {r && 'ok' in r && (
        <div class={r.ok ? 'trial trial-ok' : 'trial trial-error'}>
          <p class="trial-head">
            <span class={r.ok ? 'chat-step-state is-ok' : 'chat-step-state is-error'}>
              <Icon name={r.ok ? 'check' : 'alert'} size={12} />
              {r.ok ? 'Success' : 'Failed'}
            </span>
            <span class="muted">{fmtMs(r.durationMs)}</span>
          </p>
          <pre class="chat-step-code">
            <code>{r.output || '(empty)'}</code>
          </pre>
        </div>
      )}
    </div>
  );
}

export function TryTool(props: { action: string; csrfToken: string; args: string; refusal?: string | null; result?: TrialOutcome; error?: string }) {
  return (
    <section class="card form-card" aria-labelledby="try-title">
      <h2 class="section-title" id="try-title">
        Try it
      </h2>
      {props.refusal ? (
        <p class="muted">{props.refusal}</p>
      ) : (
        <form class="form" method="post" action={props.action} hx-post={props.action} hx-target="#trial-result" hx-swap="outerHTML" hx-disable="find button">
          <Csrf token={props.csrfToken} />
          <div class={props.error ? 'field field-invalid' : 'field'}>
            <label class="field-label" for="trial-args">
              Arguments (JSON)
            </label>
            <textarea class="input textarea mono" id="trial-args" name="arguments" rows={8} aria-describedby="trial-args-hint">
              {props.args}
            </textarea>
            <p class="field-hint" id="trial-args-hint">
              Sample values from the parameters; change them and run. Nothing is saved.
            </p>
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">
              <span class="spinner htmx-indicator" aria-hidden="true"></span>
              <Icon name="play" />
              Run tool
            </button>
          </div>
        </form>
      )}
      <TrialResult result={props.result} />
    </section>
  );
}
