// The HTTP tool form: what the model reads (name, description), the request (method, URL, connection, headers) and
// the parameters as rows. "Add parameter" posts the form back with one more row, so it works without JavaScript.
import type { ToolFormValues } from '../../../worker/routes/pages/support/tool-form';
import { Alert } from '../ui/alert';
import { Csrf, InputField, SelectField, TextAreaField, type Option } from '../ui/form-field';
import { Icon } from '../ui/icon';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ value: m, label: m }));
const TYPES = ['string', 'number', 'integer', 'boolean'].map((t) => ({ value: t, label: t }));

function ParamRows(props: { rows: ToolFormValues['params']; blank: number; error?: string }) {
  const rows = [...props.rows, ...Array.from({ length: props.blank }, () => ({ name: '', type: 'string', required: false, description: '' }))];
  return (
    <fieldset class={props.error ? 'fieldset field-invalid' : 'fieldset'} aria-describedby="params-help">
      <legend class="field-label">Parameters</legend>
      <p class="field-hint" id="params-help">
        The arguments the model fills in. Use <code>{'{name}'}</code> in the URL for path values; the others go in the query string (GET, DELETE) or the JSON
        body.
      </p>
      {props.error && (
        <p class="field-error">
          <Icon name="alert" size={14} />
          {props.error}
        </p>
      )}
      <div class="param-rows">
        {rows.map((p, i) => (
          <div class="param-row">
            <label class="sr-only" for={`p-name-${i}`}>
              Parameter {i + 1} name
            </label>
            <input class="input mono" id={`p-name-${i}`} name="p_name" value={p.name} placeholder="name" pattern="[A-Za-z_][A-Za-z0-9_\-]*" />
            <label class="sr-only" for={`p-type-${i}`}>
              Parameter {i + 1} type
            </label>
            <select class="input" id={`p-type-${i}`} name="p_type">
              {TYPES.map((t) => (
                <option value={t.value} selected={t.value === p.type}>
                  {t.label}
                </option>
              ))}
            </select>
            <label class="sr-only" for={`p-desc-${i}`}>
              Parameter {i + 1} description
            </label>
            <input class="input" id={`p-desc-${i}`} name="p_desc" value={p.description} placeholder="What it is, e.g. City name" />
            <label class="check">
              <input type="checkbox" name="p_required" value={String(i)} checked={p.required} />
              <span>Required</span>
            </label>
          </div>
        ))}
      </div>
      <button type="submit" class="btn btn-ghost btn-sm" name="add_param" value="1" formnovalidate>
        <Icon name="plus" />
        Add parameter
      </button>
    </fieldset>
  );
}

export function ToolForm(props: {
  action: string;
  csrfToken: string;
  values: ToolFormValues;
  errors: Record<string, string>;
  formError?: string;
  connections: Option[];
  blankRows: number;
  submitLabel: string;
}) {
  const { values: v, errors: e } = props;
  return (
    <form class="form card form-card" method="post" action={props.action} novalidate>
      <Csrf token={props.csrfToken} />
      {props.formError && <Alert tone="error">{props.formError}</Alert>}
      <InputField
        name="name"
        label="Name"
        value={v.name}
        error={e.name}
        required
        placeholder="get_weather"
        hint="The function name the model calls: letters, digits, _ or -."
        attrs={{ maxlength: '64', class: 'input mono' }}
      />
      <TextAreaField
        name="description"
        label="Description"
        value={v.description}
        error={e.description}
        rows={2}
        required
        hint="The model reads this to decide when to call the tool: say what it does and returns."
      />
      <div class="form-row">
        <SelectField name="method" label="Method" value={v.method} error={e.method} options={METHODS} class="field-narrow" />
        <InputField
          name="url"
          label="URL"
          value={v.url}
          error={e.url}
          required
          placeholder="https://api.example.com/weather/{city}"
          hint="Absolute, or a path starting with / relative to the connection's base URL."
          class="field-grow"
        />
      </div>
      <SelectField
        name="connection_id"
        label="Connection"
        note="Optional"
        value={v.connection_id}
        error={e.connection_id}
        options={[{ value: '', label: 'None: call the URL without credentials' }, ...props.connections]}
        hint="Its credential is sent only to its own origin."
      />
      <ParamRows rows={v.params} blank={props.blankRows} error={e.params ?? e.parameters} />
      <TextAreaField
        name="headers"
        label="Extra headers"
        note="Optional"
        value={v.headers}
        error={e.headers}
        rows={2}
        mono
        placeholder="Accept-Language: en"
        hint="One per line, Name: value. Credentials belong in a connection."
      />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary">
          {props.submitLabel}
        </button>
        <a class="btn btn-secondary" href="/app/tools">
          Cancel
        </a>
      </div>
    </form>
  );
}
