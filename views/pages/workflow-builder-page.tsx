// GET /app/workflows/:id: the canvas builder. The server renders the frame (toolbar, palette, side panel, JSON view,
// test-run form, the definition as data); workflow-builder.js draws the nodes and edges and does the editing. Viewers
// get the same canvas read-only (no palette, no save, no ports; settings shown disabled).
import { STEP_KINDS, RUN_EVENTS, type WorkflowDefinition } from '../../worker/schemas/workflows';
import { KIND_LABELS } from '../components/workflows/step-form';
import { WorkflowHeader, type WorkflowHead } from '../components/workflows/workflow-header';
import { Csrf, type Option } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

const KIND_HINTS: Record<(typeof STEP_KINDS)[number], string> = {
  agent: 'asks an agent',
  tool: 'calls a tool',
  transform: 'shapes data with templates',
  router: 'a model picks a branch',
  map: 'runs a step for each item',
  approval: 'waits for a person',
  wait: 'pauses for a while',
  workflow: 'runs another workflow',
};

const HELP =
  'Steps canvas. Arrow keys or Tab move between steps; Enter opens a step’s settings; Shift+arrows move it; C then Enter on another step connects them (that step then needs the first; Escape cancels); X removes what a step needs; Delete removes the step; Ctrl+Z undoes, Ctrl+Shift+Z redoes; L lays the steps out; plus and minus zoom, 0 fits.';

export function WorkflowBuilderPage(props: {
  base: LayoutBase;
  workflow: WorkflowHead;
  definition: WorkflowDefinition;
  agents: Option[];
  tools: Option[];
  workflows: Option[];
}) {
  const w = props.workflow;
  const editable = props.base.can['workflows:write'];
  const canRun = props.base.can['runs:write'];
  const data = JSON.stringify({
    definition: props.definition,
    version: w.version,
    agents: props.agents,
    tools: props.tools,
    workflows: props.workflows,
    runEvents: RUN_EVENTS,
  });
  return (
    <AppLayout title={`${w.name} · Canvas`} {...props.base} active="workflows" wide>
      <link rel="stylesheet" href="/assets/workflow-builder.css" />
      <WorkflowHeader workflow={w} active="builder" />
      <div
        class="wf-builder"
        id="wf-builder"
        data-workflow-id={w.id}
        data-editable={String(editable)}
        data-can-run={String(canRun)}
        data-csrf={props.base.csrfToken}
      >
        <div class="wf-toolbar" role="toolbar" aria-label="Canvas">
          {editable && (
            <>
              <button type="button" class="btn btn-primary btn-sm" id="wf-save" data-action="save">
                <Icon name="check" />
                Save
              </button>
              <button type="button" class="btn btn-secondary btn-sm" data-action="validate">
                Check
              </button>
              <button type="button" class="btn btn-ghost btn-sm" id="wf-undo" data-action="undo" aria-keyshortcuts="Control+Z" disabled>
                Undo
              </button>
              <button type="button" class="btn btn-ghost btn-sm" id="wf-redo" data-action="redo" aria-keyshortcuts="Control+Shift+Z" disabled>
                Redo
              </button>
              <button type="button" class="btn btn-ghost btn-sm" data-action="layout" aria-keyshortcuts="L">
                Auto-layout
              </button>
            </>
          )}
          <span class="wf-zoom">
            <button type="button" class="btn btn-ghost btn-sm" data-action="zoom-out" aria-label="Zoom out">
              −
            </button>
            <span id="wf-zoom-level" class="muted" aria-hidden="true">
              100%
            </span>
            <button type="button" class="btn btn-ghost btn-sm" data-action="zoom-in" aria-label="Zoom in">
              +
            </button>
            <button type="button" class="btn btn-ghost btn-sm" data-action="fit">
              Fit
            </button>
          </span>
          <span class="wf-status muted" id="wf-status" role="status">
            Version {w.version}
          </span>
          {!editable && <span class="badge">Read only: your role can view workflows, not change them</span>}
        </div>
        <ul class="wf-messages" id="wf-messages" role="list" aria-label="Problems that name no step" hidden></ul>
        <div class="wf-main">
          {editable && (
            <section class="wf-palette" aria-labelledby="wf-palette-title">
              <h2 class="wf-side-title" id="wf-palette-title">
                Add a step
              </h2>
              <ul role="list">
                {STEP_KINDS.map((k) => (
                  <li>
                    <button type="button" class={`wf-palette-item kind-${k}`} data-kind={k}>
                      <span class="wf-kind-dot" aria-hidden="true"></span>
                      <span>
                        <span class="wf-palette-name">{KIND_LABELS[k]}</span>
                        <span class="wf-palette-hint">{KIND_HINTS[k]}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <div class="wf-canvas" id="wf-canvas">
            <div class="wf-viewport" id="wf-viewport">
              <svg class="wf-edges" id="wf-edges" aria-hidden="true" width="1" height="1"></svg>
              <div class="wf-nodes" id="wf-nodes" role="listbox" aria-label={`Steps of ${w.name}`} aria-describedby="wf-help"></div>
            </div>
            <p class="wf-empty muted" id="wf-empty" hidden>
              No steps yet: add one from the palette.
            </p>
            <p class="wf-legend muted" aria-hidden="true">
              <span class="wf-legend-needs">needs</span> <span class="wf-legend-ref">reads output</span>
            </p>
            <noscript>
              <p class="wf-empty">The canvas needs JavaScript. The JSON of this workflow is in the API: GET /api/v1/workflows/{w.id}.</p>
            </noscript>
          </div>
          <aside class="wf-side" aria-label="Step settings, test run and JSON">
            <section class="wf-panel card" id="step-panel" aria-label="Step settings">
              <p class="muted">Select a step to see its settings.</p>
            </section>
            <details class="wf-panel card wf-test" open={canRun ? true : undefined}>
              <summary class="wf-side-title">
                <Icon name="play" />
                Test run
              </summary>
              {canRun ? (
                <form id="wf-run-form" class="wf-run-form">
                  <div id="wf-run-fields"></div>
                  <button type="submit" class="btn btn-secondary btn-sm">
                    <Icon name="play" />
                    {editable ? 'Save and run' : 'Run'}
                  </button>
                  <p class="muted wf-run-status" id="wf-run-status" role="status"></p>
                  <a id="wf-run-link" href="/app/runs" hidden>
                    Open the run
                  </a>
                </form>
              ) : (
                <p class="muted">Your role cannot start runs.</p>
              )}
            </details>
            <details class="wf-panel card wf-json-view">
              <summary class="wf-side-title">JSON</summary>
              <label class="field-label" for="wf-json">
                The definition {editable ? '(edits apply to the canvas)' : ''}
              </label>
              <textarea id="wf-json" class="input textarea mono" rows={14} spellcheck={false} readonly={!editable}></textarea>
              <p class="field-error" id="wf-json-error" role="alert" hidden></p>
            </details>
          </aside>
        </div>
        <p class="sr-only" id="wf-help">
          {HELP}
        </p>
        <details class="wf-keys muted">
          <summary>Keyboard</summary>
          <p>{HELP}</p>
        </details>
        <div class="sr-only" id="wf-live" aria-live="polite" aria-atomic="true"></div>
      </div>
      <form id="wf-step-loader" hidden hx-post={`/app/workflows/${encodeURIComponent(w.id)}/steps/form`} hx-target="#step-panel" hx-swap="innerHTML">
        <Csrf token={props.base.csrfToken} />
        <input type="hidden" name="step" />
        <input type="hidden" name="ids" />
      </form>
      <div id="wf-data" hidden data-json={data}></div>
      <script src="/assets/vendor/dagre.min.js" defer></script>
      <script src="/assets/workflow-builder.js" defer></script>
    </AppLayout>
  );
}
