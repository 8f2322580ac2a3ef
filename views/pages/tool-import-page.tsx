// GET/POST /app/tools/import: paste or upload an OpenAPI 3.x spec (JSON or YAML); each operation becomes an HTTP
// tool, all or none. The answer lists what was created and what was skipped, and why.
import { Alert } from '../components/ui/alert';
import { Csrf, InputField, SelectField, type Option } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type ImportValues = { spec: string; connection_id: string; prefix: string };
export type ImportResult = { created: { id: string; name: string; description: string }[]; skipped: { operation: string; reason: string }[] };

export function ImportForm(props: {
  csrfToken: string;
  values: ImportValues;
  errors: Record<string, string>;
  formError?: string;
  details?: string[];
  connections: Option[];
  action?: string;
  submitLabel?: string;
}) {
  const { values: v, errors: e } = props;
  return (
    <form class="form card form-card" method="post" action={props.action ?? '/app/tools/import'} enctype="multipart/form-data" novalidate>
      <Csrf token={props.csrfToken} />
      {props.formError && (
        <Alert tone="error" title={props.formError}>
          {props.details && props.details.length > 0 && (
            <ul class="plain-list">
              {props.details.map((d) => (
                <li>{d}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <div class={e.spec ? 'field field-invalid' : 'field'}>
        <label class="field-label" for="field-spec">
          OpenAPI spec
        </label>
        <textarea
          class="input textarea mono"
          id="field-spec"
          name="spec"
          rows={10}
          placeholder={'openapi: 3.1.0\ninfo: {title: My API, version: "1"}\nservers: [{url: https://api.example.com}]\npaths: …'}
          aria-describedby="spec-hint"
        >
          {v.spec}
        </textarea>
        <p class="field-hint" id="spec-hint">
          Paste JSON or YAML (OpenAPI 3.0 or 3.1), or upload the file below.
        </p>
      </div>
      <div class="field">
        <label class="field-label" for="field-spec_file">
          …or upload a file <span class="field-note">Optional</span>
        </label>
        <input
          class="input input-file"
          id="field-spec_file"
          name="spec_file"
          type="file"
          accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
        />
      </div>
      <SelectField
        name="connection_id"
        label="Connection"
        note="Optional"
        value={v.connection_id}
        error={e.connection_id}
        options={[{ value: '', label: "None: use the spec's server URL" }, ...props.connections]}
        hint="Paths are then relative to its base URL, and its credential is sent."
      />
      <InputField
        name="prefix"
        label="Name prefix"
        note="Optional"
        value={v.prefix}
        error={e.prefix}
        placeholder="billing"
        hint="Put before every tool name (billing_listInvoices) to avoid clashes."
        attrs={{ maxlength: '20' }}
      />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary">
          <Icon name="upload" />
          {props.submitLabel ?? 'Import tools'}
        </button>
        <a class="btn btn-secondary" href="/app/tools">
          Cancel
        </a>
      </div>
    </form>
  );
}

export function ToolImportPage(props: {
  base: LayoutBase;
  values: ImportValues;
  errors: Record<string, string>;
  formError?: string;
  details?: string[];
  connections: Option[];
  result?: ImportResult;
}) {
  const r = props.result;
  return (
    <AppLayout title="Import OpenAPI" {...props.base} active="tools">
      <PageHeader
        eyebrow="Tools"
        title={r ? 'Imported' : 'Import an OpenAPI spec'}
        description="Every operation with a JSON or empty body becomes a tool agents can call."
      />
      {r ? (
        <section class="card form-card" aria-labelledby="created-title">
          <Alert tone="success" title={`${r.created.length} tool${r.created.length === 1 ? '' : 's'} created`}>
            Add them to an agent in its builder.
          </Alert>
          <h2 class="section-title" id="created-title">
            Created
          </h2>
          <ul class="plain-list">
            {r.created.map((t) => (
              <li>
                <a class="mono" href={`/app/tools/${encodeURIComponent(t.id)}`}>
                  {t.name}
                </a>{' '}
                <span class="muted">— {t.description}</span>
              </li>
            ))}
          </ul>
          {r.skipped.length > 0 && (
            <>
              <h2 class="section-title">Skipped</h2>
              <ul class="plain-list">
                {r.skipped.map((s) => (
                  <li>
                    <code>{s.operation}</code> <span class="muted">— {s.reason}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <div class="form-actions">
            <a class="btn btn-primary" href="/app/tools">
              Go to tools
            </a>
            <a class="btn btn-secondary" href="/app/agents/new">
              Create an agent
            </a>
          </div>
        </section>
      ) : (
        <ImportForm
          csrfToken={props.base.csrfToken}
          values={props.values}
          errors={props.errors}
          formError={props.formError}
          details={props.details}
          connections={props.connections}
        />
      )}
    </AppLayout>
  );
}
