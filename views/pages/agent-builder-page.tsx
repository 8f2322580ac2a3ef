// GET /app/agents/:id: the agent builder. The form (identity, instructions with live {{variable}} preview, model,
// runtime, tools) saves a new version; the test panel beside it chats with the unsaved draft.
import type { Child } from 'hono/jsx';
import type { MessageJson } from '../../worker/llm/events';
import type { BuilderValues } from '../../worker/routes/pages/support/agent-form';
import type { ModelList } from '../../worker/services/connection-check';
import { Alert } from '../components/ui/alert';
import { AgentHeader, type AgentHead } from '../components/agents/agent-header';
import { ModelField, connectionOptions } from '../components/agents/builder-model';
import { ToolPicker, type ToolOption } from '../components/agents/builder-tools';
import { VariablesPanel } from '../components/agents/builder-variables';
import { KnowledgeFields } from '../components/agents/builder-knowledge';
import { Csrf, InputField, SelectField, TextAreaField, type Option } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { Notice } from '../components/ui/notice';
import { TestPanel, testFiles } from '../components/agents/test-panel';
import { SharingCard } from '../components/agents/sharing-card';
import { FilesSection } from '../components/agents/builder-files';
import type { Visibility } from '../../worker/services/agent-access';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type BuilderState = {
  values: BuilderValues;
  errors: Record<string, string>;
  formError?: string;
  test: { sessionId: string; messages: MessageJson[]; notes?: string[] };
  models: ModelList | null;
};

function Section(props: { id: string; title: string; description?: string; children: Child }) {
  return (
    <section class="card builder-section" aria-labelledby={props.id}>
      <div class="builder-section-head">
        <h2 class="section-title" id={props.id}>
          {props.title}
        </h2>
        {props.description && <p class="muted">{props.description}</p>}
      </div>
      {props.children}
    </section>
  );
}

export function AgentBuilderPage(props: {
  base: LayoutBase;
  agent: AgentHead;
  state: BuilderState;
  connections: Option[];
  platformDefault: boolean;
  tools: ToolOption[];
  agents?: Option[];
  /** The organization's knowledge bases (the Knowledge section). */
  knowledgeBases?: Option[];
  notice?: string | null;
  saved?: number | null;
  today: string;
  /** The Sharing card, for callers who may edit agents (absent otherwise). */
  sharing?: { visibility: Visibility; url: string | null };
}) {
  const { agent, state } = props;
  const v = state.values;
  const e = state.errors;
  const action = `/app/agents/${encodeURIComponent(agent.id)}`;
  const canEdit = props.base.can['agents:write'];
  return (
    <AppLayout title={`${agent.name} · Builder`} {...props.base} active="agents" wide>
      <AgentHeader
        agent={agent}
        active="builder"
        actions={
          <>
            <a class="btn btn-secondary jump-test" href="#test-title">
              Test panel ↓
            </a>
            <a class="btn btn-secondary" href={`${action}/chat`}>
              <Icon name="chat" />
              Chat
            </a>
            {canEdit && (
              <a class="btn btn-ghost" href={`${action}/delete`} hx-get={`${action}/delete`} hx-target="#confirm-slot" hx-swap="innerHTML">
                <Icon name="trash" />
                Delete
              </a>
            )}
          </>
        }
      />
      <div class="confirm-slot" id="confirm-slot"></div>
      <Notice code={props.notice} extra={props.saved ? `Saved as version ${props.saved}. New conversations use it.` : undefined} />
      {state.formError && (
        <Alert tone="error" title={state.formError}>
          Fix the highlighted fields, then save again.
        </Alert>
      )}
      {!canEdit && (
        <Alert tone="info" title="Read only">
          Your role ({props.base.role}) can look at this agent, test it and chat with it, but not change it.
        </Alert>
      )}
      <div class="builder">
        <form class="form builder-form" id="builder-form" method="post" action={action}>
          <Csrf token={props.base.csrfToken} />
          <fieldset class="plain-fieldset" disabled={!canEdit}>
            <Section id="b-identity" title="Identity">
              <InputField name="name" label="Name" value={v.name} error={e.name} required attrs={{ maxlength: '100' }} />
              <InputField
                name="description"
                label="Description"
                note="Optional"
                value={v.description}
                error={e.description}
                placeholder="What it is for, in one line"
                attrs={{ maxlength: '500' }}
              />
            </Section>
            <Section id="b-instructions" title="Instructions" description="What the agent is, what it does and how it answers.">
              <div
                class="instructions-block"
                hx-post={`${action}/preview`}
                hx-trigger="input delay:400ms"
                hx-target="#variables-panel"
                hx-swap="innerMorph"
                hx-sync="this:replace"
              >
                <TextAreaField
                  name="instructions"
                  label="Instructions"
                  value={v.instructions}
                  error={e.instructions}
                  rows={12}
                  mono
                  maxlength={20000}
                  hint={
                    <>
                      Use <code>{'{{name}}'}</code> for values each conversation can set; <code>{'{{current_date}}'}</code> and <code>{'{{agent_name}}'}</code>{' '}
                      are filled in for you.
                    </>
                  }
                />
                <VariablesPanel instructions={v.instructions} variables={v.variables} agentName={v.name} today={props.today} error={e.variables} />
              </div>
            </Section>
            <Section id="b-model" title="Model" description="Which model answers, through which connection.">
              <div class="form-row">
                <SelectField
                  name="connection_id"
                  label="Connection"
                  value={v.connection_id}
                  error={e.connection_id}
                  options={connectionOptions(props.connections, props.platformDefault, v.connection_id)}
                  hint={
                    props.connections.length ? undefined : (
                      <>
                        <a href="/app/connections/new">Add a connection</a> to use your own key.
                      </>
                    )
                  }
                  class="field-grow"
                />
                <ModelField modelsUrl={`${action}/models`} model={v.model} connectionId={v.connection_id} list={state.models} error={e.model} lazy />
              </div>
              <div class="form-row">
                <InputField
                  name="temperature"
                  type="number"
                  label="Temperature"
                  note="0–2"
                  value={v.temperature}
                  error={e.temperature}
                  min="0"
                  max="2"
                  step="0.1"
                  placeholder="Model default"
                  hint="Lower is focused, higher is creative."
                  class="field-grow"
                />
                <InputField
                  name="max_steps"
                  type="number"
                  label="Max steps"
                  note="1–50"
                  value={v.max_steps}
                  error={e.max_steps}
                  min="1"
                  max="50"
                  step="1"
                  hint="Model calls per reply, tool rounds included."
                  class="field-grow"
                />
              </div>
            </Section>
            <Section id="b-runtime" title="Runtime">
              <div class="radio-cards" role="radiogroup" aria-labelledby="b-runtime">
                <label class="card radio-card">
                  <input type="radio" name="runtime" value="edge" checked={v.runtime !== 'container'} />
                  <span class="radio-card-title">Edge</span>
                  <span class="muted">Fast and light: built-in, HTTP and MCP tools.</span>
                </label>
                <label class="card radio-card">
                  <input type="radio" name="runtime" value="container" checked={v.runtime === 'container'} />
                  <span class="radio-card-title">Container</span>
                  <span class="muted">Adds a sandbox to run Python, JavaScript and shell.</span>
                </label>
              </div>
              {e.runtime && <p class="field-error">{e.runtime}</p>}
            </Section>
            <Section id="b-tools" title="Tools" description="What the agent may call. The model decides when.">
              <ToolPicker options={props.tools} selected={v.tool_ids} error={e.tool_ids} />
              <p class="field-hint">
                <a href="/app/tools/new">Create an HTTP tool</a> or <a href="/app/tools/import">import an OpenAPI spec</a> to add your own.
              </p>
            </Section>
            <Section id="b-knowledge" title="Knowledge" description="Knowledge bases this agent searches to answer, citing its sources.">
              <KnowledgeFields
                bases={props.knowledgeBases ?? []}
                selected={v.knowledge_base_ids ?? []}
                retrieval={v.knowledge_retrieval || 'tool'}
                error={e.knowledge_base_ids ?? e.knowledge_retrieval}
              />
            </Section>
            <Section id="b-callable" title="Agents it may call" description="With the call_agent tool, this agent may ask only the agents checked here.">
              <fieldset class={e.callable_agent_ids ? 'fieldset field-invalid' : 'fieldset'}>
                <legend class="sr-only">Agents it may call</legend>
                {e.callable_agent_ids && <p class="field-error">{e.callable_agent_ids}</p>}
                {(props.agents ?? []).length ? (
                  <ul class="tool-options" role="list">
                    {(props.agents ?? []).map((o) => (
                      <li class="tool-option">
                        <label class="check">
                          <input type="checkbox" name="callable_agent_ids" value={o.value} checked={(v.callable_agent_ids ?? []).includes(o.value)} />
                          <span>{o.label}</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">No other agents yet.</p>
                )}
              </fieldset>
            </Section>
            <FilesSection values={v} error={e.attachments} />
            <div class="save-bar">
              <p class="muted">
                Earlier versions stay in <a href={`${action}/versions`}>Versions</a>.
              </p>
              <span class="badge badge-warn unsaved-marker" id="unsaved-marker" role="status" hidden>
                Unsaved changes
              </span>
              {canEdit && (
                <button type="submit" class="btn btn-primary">
                  <Icon name="check" />
                  Save version {agent.version + 1}
                </button>
              )}
            </div>
          </fieldset>
        </form>
        <TestPanel agentId={agent.id} sessionId={state.test.sessionId} messages={state.test.messages} notes={state.test.notes} files={testFiles(v)} />
      </div>
      {props.sharing && <SharingCard action={action} csrfToken={props.base.csrfToken} visibility={props.sharing.visibility} url={props.sharing.url} />}
      <script src="/assets/vendor/hx-sse.min.js" defer></script>
      <script src="/assets/builder.js" defer></script>
      <script src="/assets/file-pick.js" defer></script>
      <script src="/assets/test-files.js" defer></script>
    </AppLayout>
  );
}
