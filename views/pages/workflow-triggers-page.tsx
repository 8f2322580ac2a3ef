// GET /app/workflows/:id/triggers: a workflow's schedules and webhooks (enable/disable, delete, rotate a webhook's
// secret), the forms to add one, and a new webhook secret shown once, in the answer that made it.
import { WorkflowHeader, type WorkflowHead } from '../components/workflows/workflow-header';
import { Alert } from '../components/ui/alert';
import { Csrf, InputField, TextAreaField } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import type { TriggerJson } from '../../worker/schemas/workflows';

export type ScheduleForm = { cron: string; timezone: string; inputs: string; errors: Record<string, string> };
/** A webhook secret, in the answer to its creation or rotation only. */
export type RevealedSecret = { triggerId: string; url: string; secret: string; rotated: boolean };

/** `2026-12-01 09:00 UTC` in a <time> element, or "—". */
function At(props: { value: string | null; empty?: string }) {
  if (!props.value) return <span class="muted">{props.empty ?? '—'}</span>;
  return <time datetime={props.value}>{`${props.value.slice(0, 16).replace('T', ' ')} UTC`}</time>;
}

function SecretPanel(props: { revealed: RevealedSecret }) {
  const r = props.revealed;
  const curl = [
    `SECRET='${r.secret}'`,
    `BODY='{}'`,
    `SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')`,
    `curl -s '${r.url}' -H 'content-type: application/json' -H "X-Edgent-Signature: sha256=$SIG" -d "$BODY"`,
  ].join('\n');
  return (
    <Alert tone="success" title={r.rotated ? 'New webhook secret' : 'Webhook created'}>
      <p>
        Copy the secret now: it is not shown again. {r.rotated ? 'The old secret stopped working. ' : ''}Post the run's inputs as JSON; sign the raw body with
        HMAC-SHA256 and send it as <code>X-Edgent-Signature: sha256=&lt;hex&gt;</code>.
      </p>
      <div class="snippet">
        <div class="snippet-head">
          <span>Secret</span>
          <button type="button" class="btn btn-secondary btn-sm" data-copy="trigger-secret">
            <Icon name="copy" />
            Copy
          </button>
        </div>
        <pre class="code-block code-wrap" id="trigger-secret">
          <code>{r.secret}</code>
        </pre>
      </div>
      <div class="snippet">
        <div class="snippet-head">
          <span>Call it with curl</span>
          <button type="button" class="btn btn-secondary btn-sm" data-copy="trigger-curl">
            <Icon name="copy" />
            Copy
          </button>
        </div>
        <pre class="code-block code-wrap" id="trigger-curl">
          <code>{curl}</code>
        </pre>
      </div>
    </Alert>
  );
}

function TriggerRowView(props: { t: TriggerJson; url: string; canWrite: boolean; csrfToken: string }) {
  const t = props.t;
  const at = `${props.url}/${encodeURIComponent(t.id)}`;
  const label = t.kind === 'schedule' ? `schedule ${t.cron ?? ''}` : 'webhook';
  return (
    <tr id={`trigger-${t.id}`}>
      <td>
        <span class="badge">{t.kind === 'schedule' ? 'Schedule' : 'Webhook'}</span>
      </td>
      <td>
        {t.kind === 'schedule' ? (
          <>
            <code>{t.cron}</code> <span class="muted">{t.timezone}</span>
            <br />
            <span class="muted">Next:</span> <At value={t.next_run_at} empty={t.enabled ? '—' : 'paused'} />
          </>
        ) : (
          <code class="break">{t.url}</code>
        )}
        {t.inputs && Object.keys(t.inputs).length > 0 && (
          <>
            <br />
            <span class="muted">Inputs:</span> <code>{JSON.stringify(t.inputs)}</code>
          </>
        )}
      </td>
      <td class="hide-sm">
        <At value={t.last_run_at} empty="Never" />
      </td>
      <td>{t.enabled ? <span class="badge badge-accent">Enabled</span> : <span class="badge">Disabled</span>}</td>
      <td class="actions">
        {props.canWrite && (
          <div class="btn-row">
            <form method="post" action={`${at}/enabled`}>
              <Csrf token={props.csrfToken} />
              <input type="hidden" name="enabled" value={t.enabled ? 'false' : 'true'} />
              <button type="submit" class="btn btn-secondary btn-sm" aria-label={`${t.enabled ? 'Disable' : 'Enable'} ${label}`}>
                {t.enabled ? 'Disable' : 'Enable'}
              </button>
            </form>
            {t.kind === 'webhook' && (
              <form method="post" action={`${at}/rotate-secret`}>
                <Csrf token={props.csrfToken} />
                <button type="submit" class="btn btn-secondary btn-sm" aria-label={`Rotate the secret of ${label}`}>
                  Rotate secret
                </button>
              </form>
            )}
            <form method="post" action={`${at}/delete`} hx-post={`${at}/delete`} hx-confirm={`Delete this ${label}? It stops at once.`}>
              <Csrf token={props.csrfToken} />
              <button type="submit" class="btn btn-ghost btn-sm" aria-label={`Delete ${label}`}>
                <Icon name="trash" />
                Delete
              </button>
            </form>
          </div>
        )}
      </td>
    </tr>
  );
}

export function WorkflowTriggersPage(props: {
  base: LayoutBase;
  workflow: WorkflowHead;
  triggers: TriggerJson[];
  schedule?: ScheduleForm;
  revealed?: RevealedSecret;
  notice?: string;
}) {
  const w = props.workflow;
  const url = `/app/workflows/${encodeURIComponent(w.id)}/triggers`;
  const canWrite = props.base.can['workflows:write'];
  const s = props.schedule ?? { cron: '', timezone: 'UTC', inputs: '', errors: {} };
  const formError = s.errors.form;
  return (
    <AppLayout title={`${w.name} · Triggers`} {...props.base} active="workflows" wide>
      <link rel="stylesheet" href="/assets/docs.css" />
      <WorkflowHeader workflow={w} active="triggers" />
      {props.revealed && <SecretPanel revealed={props.revealed} />}
      {props.notice && <Alert tone="success">{props.notice}</Alert>}
      <section class="section" aria-labelledby="triggers-title">
        <div class="section-head">
          <h2 class="section-title" id="triggers-title">
            Triggers
          </h2>
        </div>
        {props.triggers.length ? (
          <div class="card table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">When / where</th>
                  <th scope="col" class="hide-sm">
                    Last run
                  </th>
                  <th scope="col">State</th>
                  <th scope="col" class="actions">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.triggers.map((t) => (
                  <TriggerRowView t={t} url={url} canWrite={canWrite} csrfToken={props.base.csrfToken} />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">No triggers yet: this workflow runs only when started from the canvas, the API or an agent.</p>
        )}
      </section>
      {canWrite && (
        <div class="section">
          <form class="card form section" method="post" action={`${url}/schedules`} aria-labelledby="new-schedule-title">
            <h2 class="section-title" id="new-schedule-title">
              Add a schedule
            </h2>
            {formError && <Alert tone="error">{formError}</Alert>}
            <Csrf token={props.base.csrfToken} />
            <InputField
              name="cron"
              label="Cron"
              value={s.cron}
              placeholder="0 9 * * 1-5"
              required
              error={s.errors.cron}
              hint="Five fields: minute hour day-of-month month day-of-week."
            />
            <InputField
              name="timezone"
              label="Time zone"
              value={s.timezone}
              placeholder="UTC"
              error={s.errors.timezone}
              hint="An IANA name, e.g. Europe/Paris."
            />
            <TextAreaField
              name="inputs"
              label="Inputs"
              note="JSON object"
              value={s.inputs}
              rows={3}
              mono
              placeholder='{"topic": "weekly report"}'
              error={s.errors.inputs}
              hint="The workflow's inputs for each scheduled run."
            />
            <button type="submit" class="btn btn-primary">
              <Icon name="plus" />
              Add schedule
            </button>
          </form>
          <form class="card form section" method="post" action={`${url}/webhooks`} aria-labelledby="new-webhook-title">
            <h2 class="section-title" id="new-webhook-title">
              Add a webhook
            </h2>
            <p class="muted">A URL that starts a run with the posted JSON as inputs, signed with a secret shown once.</p>
            <Csrf token={props.base.csrfToken} />
            <button type="submit" class="btn btn-primary">
              <Icon name="plus" />
              Add webhook
            </button>
          </form>
        </div>
      )}
    </AppLayout>
  );
}
