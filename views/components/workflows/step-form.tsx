// The canvas side panel: one step's settings as a server-rendered form (htmx posts it back; the answer is the same form
// with the updated step in `data-step`, which workflow-builder.js puts on the canvas). Read-only for viewers.
import type { StepKind } from '../../../worker/schemas/workflows';
import type { StepValues } from '../../../worker/routes/pages/support/workflow-step-form';
import { KIND_FIELDS } from '../../../worker/routes/pages/support/workflow-step-form';
import { Alert } from '../ui/alert';
import { Control, Csrf, InputField, SelectField, TextAreaField, type Option } from '../ui/form-field';
import { Icon } from '../ui/icon';

export type StepFormProps = {
  workflowId: string;
  values: StepValues;
  /** The step as it was before this edit (JSON; fields the form does not show are kept from it). */
  original: string;
  /** The definition's step ids (for `needs`). */
  ids: string[];
  errors: Record<string, string>;
  /** The step after a successful apply (JSON), for the canvas, and the id it had there before. */
  applied?: string;
  previousId?: string;
  editable: boolean;
  csrfToken: string;
  agents: Option[];
  tools: Option[];
  workflows: Option[];
};

export const KIND_LABELS: Record<StepKind, string> = {
  agent: 'Agent',
  tool: 'Tool',
  transform: 'Transform',
  router: 'Router',
  map: 'Map',
  approval: 'Approval',
  wait: 'Wait',
  workflow: 'Sub-workflow',
};

const withCurrent = (options: Option[], value: string, empty: string): Option[] => [
  { value: '', label: empty },
  ...options,
  ...(value && !options.some((o) => o.value === value) ? [{ value, label: `${value} (not found)` }] : []),
];

function KindFields(p: StepFormProps) {
  const v = p.values;
  const e = p.errors;
  const kind = v.kind as StepKind;
  const fields = KIND_FIELDS[kind] ?? [];
  const has = (f: string) => fields.includes(f);
  return (
    <>
      {has('agent_id') && (
        <SelectField
          id="sf-agent_id"
          name="agent_id"
          label="Agent"
          note={kind === 'router' ? 'optional' : undefined}
          hint={kind === 'router' ? 'Whose model and instructions pick the route (the default model when empty).' : undefined}
          value={v.agent_id}
          error={e.agent_id}
          options={withCurrent(p.agents, v.agent_id ?? '', kind === 'router' ? 'Default model' : 'Choose an agent')}
        />
      )}
      {has('tool_id') && (
        <SelectField
          id="sf-tool_id"
          name="tool_id"
          label="Tool"
          value={v.tool_id}
          error={e.tool_id}
          options={withCurrent(p.tools, v.tool_id ?? '', 'Choose a tool')}
        />
      )}
      {has('workflow_id') && (
        <SelectField
          id="sf-workflow_id"
          name="workflow_id"
          label="Workflow"
          value={v.workflow_id}
          error={e.workflow_id}
          options={withCurrent(p.workflows, v.workflow_id ?? '', 'Choose a workflow')}
        />
      )}
      {has('input') && (
        <TextAreaField
          id="sf-input"
          name="input"
          label={kind === 'router' ? 'What the model reads' : 'Message to the agent'}
          note={kind === 'router' ? 'optional' : undefined}
          hint="Templates: {{inputs.name}}, {{steps.<id>.output}}."
          value={v.input}
          error={e.input}
          rows={4}
        />
      )}
      {has('arguments') && (
        <TextAreaField
          id="sf-arguments"
          name="arguments"
          label="Arguments (JSON)"
          hint="Strings may hold templates."
          value={v.arguments}
          error={e.arguments}
          rows={4}
          mono
        />
      )}
      {has('value') && (
        <TextAreaField
          id="sf-value"
          name="value"
          label="Value"
          hint="JSON, or text for a string; strings may hold templates like {{steps.a.output}}."
          value={v.value}
          error={e.value}
          rows={5}
          mono
        />
      )}
      {has('routes') && (
        <TextAreaField
          id="sf-routes"
          name="routes"
          label="Routes"
          hint="One per line: label: the steps that run when the model picks it (e.g. refund: approve, notify)."
          value={v.routes}
          error={e.routes}
          rows={3}
          mono
        />
      )}
      {has('over') && (
        <InputField id="sf-over" name="over" label="Over" hint="A template that yields a list, e.g. {{inputs.items}}." value={v.over} error={e.over} />
      )}
      {has('concurrency') && (
        <InputField
          id="sf-concurrency"
          name="concurrency"
          label="At most at once"
          note="optional"
          type="number"
          min="1"
          max="100"
          value={v.concurrency}
          error={e.concurrency}
        />
      )}
      {has('step') && (
        <TextAreaField
          id="sf-step"
          name="step"
          label="Step for each element (JSON)"
          hint='An agent, tool, transform or workflow step; {{item}} and {{index}} name the element, e.g. {"kind": "transform", "value": "{{item}}"}.'
          value={v.step}
          error={e.step}
          rows={5}
          mono
        />
      )}
      {has('message') && <TextAreaField id="sf-message" name="message" label="Message to the approver" value={v.message} error={e.message} rows={3} />}
      {has('seconds') && <InputField id="sf-seconds" name="seconds" label="Wait (seconds)" type="number" min="1" value={v.seconds} error={e.seconds} />}
      {has('inputs') && <TextAreaField id="sf-inputs" name="inputs" label="Inputs (JSON)" value={v.inputs} error={e.inputs} rows={4} mono />}
    </>
  );
}

export function StepForm(p: StepFormProps) {
  const v = p.values;
  const e = p.errors;
  const needs = new Set((v.needs ?? '').split(',').filter(Boolean));
  const others = p.ids.filter((id) => id !== v.id && id !== safeId(p.original));
  const invalid = Object.keys(e).length > 0;
  return (
    <form
      class="wf-step-form"
      hx-post={`/app/workflows/${encodeURIComponent(p.workflowId)}/steps/apply`}
      hx-target="#step-panel"
      hx-swap="innerHTML"
      data-step={p.applied}
      data-original={p.previousId ?? safeId(p.original)}
      data-applied={p.applied ? 'true' : undefined}
      aria-labelledby="sf-title"
    >
      <div class="wf-panel-head">
        <h2 class="section-title" id="sf-title">
          {KIND_LABELS[v.kind as StepKind] ?? v.kind} step <span class="mono">{v.id}</span>
        </h2>
        {!p.editable && <span class="badge">Read only</span>}
      </div>
      {invalid && (
        <Alert tone="error" title="Not applied">
          Fix the fields marked below.
        </Alert>
      )}
      {p.applied && (
        <p class="wf-applied" role="status">
          <Icon name="check" size={14} /> Applied to the canvas. Save the workflow to keep it.
        </p>
      )}
      <Csrf token={p.csrfToken} />
      <input type="hidden" name="original" value={p.original} />
      <input type="hidden" name="ids" value={JSON.stringify(p.ids)} />
      <fieldset class="wf-fieldset" disabled={!p.editable}>
        <InputField
          id="sf-id"
          name="id"
          label="Id"
          hint="Letters, digits and _; templates name it: {{steps.<id>.output}}."
          value={v.id}
          error={e.id}
          required
        />
        <InputField id="sf-name" name="name" label="Label" note="optional" value={v.name} error={e.name} />
        <KindFields {...p} />
        <Control id="sf-needs" label="Runs after" hint={others.length ? undefined : 'There are no other steps yet.'} error={e.needs}>
          {(a) => (
            <div class="wf-needs" role="group" aria-labelledby={`${a.id}-legend`} id={a.id} aria-describedby={a['aria-describedby']}>
              <span class="sr-only" id={`${a.id}-legend`}>
                Steps {v.id} needs
              </span>
              {others.map((id) => (
                <label class="check">
                  <input type="checkbox" name="needs" value={id} checked={needs.has(id)} /> <span class="mono">{id}</span>
                </label>
              ))}
            </div>
          )}
        </Control>
        <InputField id="sf-when" name="when" label="Only when" note="optional" hint="e.g. {{steps.score.output.value}} >= 3" value={v.when} error={e.when} />
        <div class="wf-row">
          <InputField id="sf-retries" name="retries" label="Retries" note="default 2" type="number" min="0" max="10" value={v.retries} error={e.retries} />
          <InputField
            id="sf-timeout_seconds"
            name="timeout_seconds"
            label="Timeout (s)"
            note="optional"
            type="number"
            min="1"
            value={v.timeout_seconds}
            error={e.timeout_seconds}
          />
        </div>
        {p.editable && (
          <div class="btn-row">
            <button type="submit" class="btn btn-primary btn-sm">
              <Icon name="check" />
              Apply
            </button>
            <button type="button" class="btn btn-ghost btn-sm" data-action="delete">
              <Icon name="trash" />
              Delete step
            </button>
          </div>
        )}
      </fieldset>
    </form>
  );
}

/** The id of the step JSON the form edits ('' when unreadable). */
function safeId(original: string): string {
  try {
    const o = JSON.parse(original) as { id?: unknown };
    return typeof o.id === 'string' ? o.id : '';
  } catch {
    return '';
  }
}
