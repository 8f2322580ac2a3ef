// The connection form (new and edit): kind, base URL, and a credential that is write-only: the stored secret is
// never sent back, only its hint. Fields that only apply to some kinds or auth types show through CSS (:has()).
import { Alert } from '../ui/alert';
import { Csrf, InputField, SelectField } from '../ui/form-field';

export type ConnectionFormValues = {
  name: string;
  kind: string;
  base_url: string;
  auth_type: string;
  header_name: string;
  param_name: string;
  username: string;
  health_path: string;
};
export const BLANK_CONNECTION: ConnectionFormValues = {
  name: '',
  kind: 'openai_compatible',
  base_url: '',
  auth_type: 'bearer',
  header_name: '',
  param_name: '',
  username: '',
  health_path: '',
};

const KINDS = [
  { value: 'openai_compatible', label: 'OpenAI-compatible (Ollama, vLLM, Groq…)' },
  { value: 'openai', label: 'OpenAI' },
  { value: 'http', label: 'HTTP API (for tools)' },
  { value: 'mcp', label: 'MCP server (Streamable HTTP)' },
];
const AUTH = [
  { value: 'bearer', label: 'Bearer token' },
  { value: 'header', label: 'API key in a header' },
  { value: 'query', label: 'API key in the query' },
  { value: 'basic', label: 'Username and password (Basic)' },
  { value: 'none', label: 'No authentication' },
];

export function ConnectionForm(props: {
  action: string;
  csrfToken: string;
  values: ConnectionFormValues;
  errors: Record<string, string>;
  formError?: string;
  hint?: string | null;
  editing: boolean;
}) {
  const { values: v, errors: e } = props;
  return (
    <form class="form card form-card conn-form" method="post" action={props.action} novalidate>
      <Csrf token={props.csrfToken} />
      {props.formError && <Alert tone="error">{props.formError}</Alert>}
      <InputField name="name" label="Name" value={v.name} error={e.name} required placeholder="e.g. OpenRouter, Billing API" attrs={{ maxlength: '100' }} />
      <SelectField name="kind" label="Kind" value={v.kind} error={e.kind} options={KINDS} />
      <InputField
        name="base_url"
        type="url"
        label="Base URL"
        value={v.base_url}
        error={e.base_url}
        placeholder="https://api.example.com/v1"
        hint="Model APIs usually end in /v1. Optional for OpenAI (https://api.openai.com/v1)."
      />
      <InputField
        name="health_path"
        class="only-http"
        label="Health check path"
        note="Optional"
        value={v.health_path}
        error={e.health_path}
        placeholder="/health"
        hint="What the Test button requests; the base URL when empty."
      />
      <SelectField name="auth_type" label="Authentication" value={v.auth_type} error={e.auth_type} options={AUTH} />
      <InputField name="header_name" class="only-header" label="Header name" value={v.header_name} error={e.header_name} placeholder="X-Api-Key" />
      <InputField name="param_name" class="only-query" label="Query parameter" value={v.param_name} error={e.param_name} placeholder="api_key" />
      <InputField name="username" class="only-basic" label="Username" value={v.username} error={e.username} />
      <InputField
        name="secret"
        type="password"
        class="only-secret"
        label={v.auth_type === 'basic' ? 'Password' : 'Secret'}
        note={props.editing ? 'Write-only' : undefined}
        error={e.secret}
        placeholder={props.editing && props.hint ? `Stored: ${props.hint}` : 'sk-…'}
        hint={
          props.editing
            ? props.hint
              ? `A secret is stored (${props.hint}). Leave this empty to keep it; type a new one to replace it.`
              : 'Type the secret to store it.'
            : 'Encrypted before it is stored. It is never shown again, only a hint like sk-…9fQa.'
        }
      />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary">
          {props.editing ? 'Save changes' : 'Add connection'}
        </button>
        <a class="btn btn-secondary" href="/app/connections">
          Cancel
        </a>
      </div>
    </form>
  );
}
