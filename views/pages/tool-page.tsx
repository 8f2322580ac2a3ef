// GET /app/tools/new and /app/tools/:id: the HTTP tool form (new or edit), what a tool is and does (built-in,
// MCP, imported), "Try it" with sample arguments, who uses it, and delete.
import type { Child } from 'hono/jsx';
import type { ToolFormValues } from '../../worker/routes/pages/support/tool-form';
import { Alert } from '../components/ui/alert';
import { Csrf, InputField, TextAreaField, type Option } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { Notice } from '../components/ui/notice';
import { PageHeader } from '../components/ui/page-header';
import { ToolForm } from '../components/tools/tool-form';
import { TryTool, type TrialOutcome } from '../components/tools/try-tool';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type ToolView = {
  id: string;
  name: string;
  description: string;
  kind: string;
  builtin: boolean;
  runtime?: string;
  parameters: Record<string, unknown>;
  config: Record<string, unknown>;
  connectionName?: string | null;
};
export type FormState = { values: ToolFormValues; errors: Record<string, string>; formError?: string; blankRows: number };

export function NewToolPage(props: { base: LayoutBase; form: FormState; connections: Option[] }) {
  return (
    <AppLayout title="New HTTP tool" {...props.base} active="tools">
      <PageHeader eyebrow="Tools" title="New HTTP tool" description="One endpoint of an API that agents can call. You can try it right after creating it." />
      <ToolForm action="/app/tools/new" csrfToken={props.base.csrfToken} {...props.form} connections={props.connections} submitLabel="Create tool" />
    </AppLayout>
  );
}

/** Name and description only: for tools whose request the HTTP form cannot express (imported, MCP). */
function BasicsForm(props: {
  action: string;
  csrfToken: string;
  values: { name: string; description: string };
  errors: Record<string, string>;
  formError?: string;
}) {
  return (
    <form class="form card form-card" method="post" action={props.action} novalidate>
      <Csrf token={props.csrfToken} />
      {props.formError && <Alert tone="error">{props.formError}</Alert>}
      <input type="hidden" name="basics" value="1" />
      <p class="muted">This tool’s request came from an import or an MCP server, so it keeps its definition; you can rename it and say better what it does.</p>
      <InputField name="name" label="Name" value={props.values.name} error={props.errors.name} required attrs={{ maxlength: '64', class: 'input mono' }} />
      <TextAreaField name="description" label="Description" value={props.values.description} error={props.errors.description} rows={3} required />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary">
          Save changes
        </button>
      </div>
    </form>
  );
}

function Definition(props: { tool: ToolView }) {
  const t = props.tool;
  return (
    <section class="card form-card" aria-labelledby="def-title">
      <h2 class="section-title" id="def-title">
        Definition
      </h2>
      <p class="pre-line">{t.description}</p>
      {t.connectionName && <p class="muted">Calls through the connection “{t.connectionName}”.</p>}
      <details class="disclosure">
        <summary>Parameters (JSON Schema)</summary>
        <pre class="chat-step-code">
          <code>{JSON.stringify(t.parameters, null, 2)}</code>
        </pre>
      </details>
      {!t.builtin && (
        <details class="disclosure">
          <summary>Request configuration</summary>
          <pre class="chat-step-code">
            <code>{JSON.stringify(t.config, null, 2)}</code>
          </pre>
        </details>
      )}
    </section>
  );
}

export function ToolPage(props: {
  base: LayoutBase;
  tool: ToolView;
  notice?: string | null;
  form: FormState | null;
  basics: { values: { name: string; description: string }; errors: Record<string, string>; formError?: string };
  connections: Option[];
  usedBy: { id: string; name: string }[];
  trial: { args: string; refusal: string | null; result?: TrialOutcome };
  confirm?: Child;
}) {
  const t = props.tool;
  const action = `/app/tools/${encodeURIComponent(t.id)}`;
  const canEdit = props.base.can['tools:write'];
  return (
    <AppLayout title={t.name} {...props.base} active="tools">
      <PageHeader
        eyebrow={t.builtin ? 'Tools / Built-in' : `Tools / ${t.kind === 'mcp' ? 'MCP' : 'HTTP'}`}
        title={t.name}
        description={
          t.builtin ? (
            'A built-in tool: pick it in any agent’s builder.'
          ) : props.usedBy.length ? (
            <>
              Used by{' '}
              {props.usedBy.map((a, i) => (
                <>
                  {i > 0 && ', '}
                  <a href={`/app/agents/${encodeURIComponent(a.id)}`}>{a.name}</a>
                </>
              ))}
            </>
          ) : (
            'No agent uses it yet: add it in an agent’s builder.'
          )
        }
        actions={
          !t.builtin &&
          canEdit && (
            <a class="btn btn-ghost" href={`${action}/delete`} hx-get={`${action}/delete`} hx-target="#confirm-slot" hx-swap="innerHTML">
              <Icon name="trash" />
              Delete
            </a>
          )
        }
      />
      <Notice code={props.notice} />
      <div class="confirm-slot" id="confirm-slot">
        {props.confirm}
      </div>
      <div class="split">
        <div class="split-main">
          {t.builtin || !canEdit ? (
            <Definition tool={t} />
          ) : props.form ? (
            <ToolForm action={action} csrfToken={props.base.csrfToken} {...props.form} connections={props.connections} submitLabel="Save changes" />
          ) : (
            <>
              <BasicsForm action={action} csrfToken={props.base.csrfToken} {...props.basics} />
              <Definition tool={t} />
            </>
          )}
        </div>
        <div class="split-side">
          {canEdit && (
            <TryTool
              action={`${action}/try`}
              csrfToken={props.base.csrfToken}
              args={props.trial.args}
              refusal={props.trial.refusal}
              result={props.trial.result}
            />
          )}
        </div>
      </div>
    </AppLayout>
  );
}
