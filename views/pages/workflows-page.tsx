// GET /app/workflows: every workflow with its steps and version; with none yet, the three starter templates (and a
// blank one) to start from. "New workflow" makes one from a template or blank and opens its canvas.
import { EmptyState } from '../components/ui/empty-state';
import { Alert } from '../components/ui/alert';
import { Csrf, InputField } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { PageHeader } from '../components/ui/page-header';
import { When } from '../components/ui/when';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type WorkflowRowView = { id: string; name: string; description: string | null; steps: number; version: number; updatedAt: number };
export type TemplateView = { id: string; name: string; summary: string; steps: string[] };

function TemplateCards(props: { templates: TemplateView[]; csrfToken: string }) {
  return (
    <ul class="wf-templates" role="list">
      {props.templates.map((t) => (
        <li class="card wf-template">
          <h3 class="wf-template-title">{t.name}</h3>
          <p class="muted">{t.summary}</p>
          <p class="wf-template-steps">
            <span class="sr-only">Steps: </span>
            {t.steps.map((s, i) => (
              <>
                {i > 0 && (
                  <span aria-hidden="true" class="muted">
                    {' '}
                    →{' '}
                  </span>
                )}
                <code>{s}</code>
              </>
            ))}
          </p>
          <form method="post" action="/app/workflows">
            <Csrf token={props.csrfToken} />
            <input type="hidden" name="template" value={t.id} />
            <button type="submit" class="btn btn-secondary btn-sm">
              <Icon name="plus" />
              Use this template<span class="sr-only">: {t.name}</span>
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}

export function NewWorkflowForm(props: { templates: TemplateView[]; csrfToken: string; error?: string; name?: string }) {
  return (
    <details class="card wf-new" open={props.error ? true : undefined} id="new-workflow">
      <summary class="btn btn-primary">
        <Icon name="plus" />
        New workflow
      </summary>
      <form method="post" action="/app/workflows" class="wf-new-form">
        <Csrf token={props.csrfToken} />
        {props.error && <Alert tone="error">{props.error}</Alert>}
        <InputField name="name" label="Name" value={props.name} required hint="You can rename it later." />
        <fieldset class="field">
          <legend class="field-label">Start from</legend>
          <label class="check">
            <input type="radio" name="template" value="" checked /> A blank workflow
          </label>
          {props.templates.map((t) => (
            <label class="check">
              <input type="radio" name="template" value={t.id} /> {t.name}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="btn btn-primary">
          Create and open the canvas
        </button>
      </form>
    </details>
  );
}

export function WorkflowsPage(props: {
  base: LayoutBase;
  workflows: WorkflowRowView[];
  templates: TemplateView[];
  next: string | null;
  error?: string;
  name?: string;
}) {
  const canCreate = props.base.can['workflows:write'];
  return (
    <AppLayout title="Workflows" {...props.base} active="workflows">
      <link rel="stylesheet" href="/assets/workflow-builder.css" />
      <PageHeader
        title="Workflows"
        description="Agents, tools and people working in steps: parallel branches, routers, approvals, fan-out over lists. Build them on a canvas; run them from the API, a schedule or a webhook."
      />
      {canCreate && (props.workflows.length > 0 || props.error) && (
        <NewWorkflowForm templates={props.templates} csrfToken={props.base.csrfToken} error={props.error} name={props.name} />
      )}
      {props.workflows.length === 0 ? (
        <>
          <EmptyState
            icon="workflows"
            title="No workflows yet"
            description={
              canCreate
                ? 'Start from one of these templates (it picks or makes the agents it needs) or from a blank canvas.'
                : 'Nobody has made a workflow yet. Your role cannot create workflows: ask a member or an admin.'
            }
            action={
              canCreate && (
                <form method="post" action="/app/workflows">
                  <Csrf token={props.base.csrfToken} />
                  <input type="hidden" name="template" value="" />
                  <button type="submit" class="btn btn-primary">
                    <Icon name="plus" />
                    New workflow
                  </button>
                </form>
              )
            }
          />
          {canCreate && <TemplateCards templates={props.templates} csrfToken={props.base.csrfToken} />}
        </>
      ) : (
        <div class="table-wrap card">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Workflow</th>
                <th scope="col" class="num">
                  Steps
                </th>
                <th scope="col" class="hide-sm">
                  Updated
                </th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.workflows.map((w) => {
                const href = `/app/workflows/${encodeURIComponent(w.id)}`;
                return (
                  <tr>
                    <th scope="row" class="agent-cell">
                      <a class="row-link" href={href}>
                        {w.name}
                      </a>
                      {w.description && <span class="agent-cell-description">{w.description}</span>}
                    </th>
                    <td class="num">{w.steps}</td>
                    <td class="nowrap muted hide-sm">
                      v{w.version} · <When ms={w.updatedAt} ago />
                    </td>
                    <td class="actions">
                      <div class="btn-row nowrap">
                        <a class="btn btn-ghost btn-sm" href={href}>
                          <Icon name="edit" />
                          Open<span class="sr-only"> {w.name}</span>
                        </a>
                        <a class="btn btn-ghost btn-sm hide-sm" href={`/app/runs?workflow=${encodeURIComponent(w.id)}`}>
                          Runs<span class="sr-only"> of {w.name}</span>
                        </a>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {props.next && (
            <p class="pager">
              <a class="btn btn-secondary btn-sm" href={`/app/workflows?cursor=${encodeURIComponent(props.next)}`}>
                More workflows
              </a>
            </p>
          )}
        </div>
      )}
    </AppLayout>
  );
}
