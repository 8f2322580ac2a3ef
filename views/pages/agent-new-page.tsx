// GET/POST /app/agents/new: start an agent from a blank page or a template, pick its model, and (for the API helper)
// import an OpenAPI spec as its tools in the same step. Then the builder opens.
import type { AgentTemplate } from '../../worker/services/agent-templates';
import { ModelField, connectionOptions } from '../components/agents/builder-model';
import type { ModelList } from '../../worker/services/connection-check';
import { Alert } from '../components/ui/alert';
import { Csrf, InputField, SelectField, type Option } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type NewAgentValues = { template: string; name: string; connection_id: string; model: string; spec: string; prefix: string; spec_connection_id: string };

type Card = { id: string; name: string; summary: string; tools?: string[]; container?: boolean };
const BLANK: Card = { id: 'blank', name: 'Blank agent', summary: 'Start from empty instructions and pick everything yourself.' };

export function AgentNewPage(props: {
  base: LayoutBase;
  templates: AgentTemplate[];
  values: NewAgentValues;
  errors: Record<string, string>;
  formError?: string;
  details?: string[];
  connections: Option[];
  platformDefault: boolean;
  models?: ModelList | null;
  toolConnections: Option[];
}) {
  const { values: v, errors: e } = props;
  const cards: Card[] = [
    BLANK,
    ...props.templates.map((t) => ({ id: t.id, name: t.name, summary: t.summary, tools: t.agent.tool_ids, container: t.agent.runtime === 'container' })),
  ];
  return (
    <AppLayout title="New agent" {...props.base} active="agents">
      <PageHeader eyebrow="Agents" title="New agent" description="Pick a starting point. You can change everything in the builder and try it before saving." />
      <form class="form new-agent" method="post" action="/app/agents/new" novalidate>
        <Csrf token={props.base.csrfToken} />
        {props.formError && (
          <Alert tone="error" title={props.formError}>
            {props.details?.length ? (
              <ul class="plain-list">
                {props.details.map((d) => (
                  <li>{d}</li>
                ))}
              </ul>
            ) : null}
          </Alert>
        )}
        <fieldset class="fieldset">
          <legend class="section-title">Start from</legend>
          <div class="template-grid">
            {cards.map((t) => (
              <label class={`card template-card template-${t.id}`}>
                <input type="radio" name="template" value={t.id} checked={v.template === t.id} />
                <span class="template-name">{t.name}</span>
                <span class="template-summary">{t.summary}</span>
                {t.tools?.length ? <span class="template-tools">{t.tools.map((id) => id.replace(/^tol_/, '')).join(' · ')}</span> : null}
                {t.container && <span class="badge">container runtime</span>}
              </label>
            ))}
          </div>
        </fieldset>
        <section class="card form-card">
          <InputField name="name" label="Name" note="Optional" value={v.name} error={e.name} placeholder="The template's name" attrs={{ maxlength: '100' }} />
          <div class="form-row">
            <SelectField
              name="connection_id"
              label="Model connection"
              value={v.connection_id}
              error={e.connection_id}
              options={connectionOptions(props.connections, props.platformDefault, v.connection_id)}
              hint={
                props.connections.length ? undefined : (
                  <>
                    No model connection yet: <a href="/app/connections/new">add one</a>
                    {props.platformDefault ? ', or use the platform default' : ' to choose a model'}.
                  </>
                )
              }
              class="field-grow"
            />
            <ModelField modelsUrl="/app/agents/new/models" model={v.model} connectionId={v.connection_id} list={props.models ?? null} error={e.model} lazy />
          </div>
          <div class="only-api-helper">
            <div class={e.spec ? 'field field-invalid' : 'field'}>
              <label class="field-label" for="field-spec">
                Your API's OpenAPI spec <span class="field-note">For the API helper</span>
              </label>
              <textarea
                class="input textarea mono"
                id="field-spec"
                name="spec"
                rows={8}
                placeholder="Paste JSON or YAML (OpenAPI 3.x)"
                aria-describedby="field-spec-hint"
              >
                {v.spec}
              </textarea>
              <p class={e.spec ? 'field-error' : 'field-hint'} id="field-spec-hint">
                {e.spec ?? 'Each operation becomes a tool of the agent. Leave empty to add tools later.'}
              </p>
            </div>
            <div class="form-row">
              <SelectField
                name="spec_connection_id"
                label="API connection"
                note="Optional"
                value={v.spec_connection_id}
                error={e.spec_connection_id}
                options={[{ value: '', label: "None: the spec's server URL" }, ...props.toolConnections]}
                class="field-grow"
              />
              <InputField
                name="prefix"
                label="Tool name prefix"
                note="Optional"
                value={v.prefix}
                error={e.prefix}
                placeholder="myapi"
                class="field-grow"
                attrs={{ maxlength: '20' }}
              />
            </div>
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">
              <Icon name="spark" />
              Create agent
            </button>
            <a class="btn btn-secondary" href="/app/agents">
              Cancel
            </a>
          </div>
        </section>
      </form>
    </AppLayout>
  );
}
