// Workflow pages: the list (/app/workflows, with the starter templates when empty), "New workflow", the canvas
// (/app/workflows/:id) with its side-panel step form (rendered here from the step's JSON, htmx) and its test run, and
// the version history with diff and restore. Saving the canvas goes to the workflows API (PATCH, from the page).
import { Hono, type Context } from 'hono';
import { StepForm } from '../../../views/components/workflows/step-form';
import type { WorkflowHead } from '../../../views/components/workflows/workflow-header';
import { WorkflowBuilderPage } from '../../../views/pages/workflow-builder-page';
import { WorkflowVersionsPage } from '../../../views/pages/workflow-versions-page';
import type { VersionItem } from '../../../views/components/ui/version-diff';
import { WorkflowsPage, type TemplateView } from '../../../views/pages/workflows-page';
import { pageParams, toPage } from '../../db/page';
import type { WorkflowRow } from '../../db/tenant-db';
import type { WorkflowDefinition } from '../../schemas/workflows';
import type { AppEnv } from '../../env';
import { AppError, notFound } from '../../errors';
import { actorOf } from '../../lib/actor';
import { validate } from '../../lib/validate';
import { BUILTIN_TOOLS } from '../../tools/catalog';
import { agentNames } from '../../services/agents';
import { members } from '../../services/organization';
import { can, permit } from '../../services/permissions';
import { allTools } from '../../services/tools';
import { startRun } from '../../services/workflow-runs';
import { workflowDiffView } from './support/workflow-version-diff';
import { WORKFLOW_TEMPLATES } from '../../services/workflow-templates';
import {
  createWorkflow,
  createWorkflowSchema,
  getWorkflow,
  getWorkflowVersion,
  listWorkflowVersions,
  listWorkflows,
  restoreWorkflowVersion,
  workflowNames,
} from '../../services/workflows';
import { formBody, layoutBase, text } from './support/page-helpers';
import { parseIds, parseStepJson, stepFromForm, stepValues } from './support/workflow-step-form';

/** "New workflow" from nothing: one transform step that echoes its input, to build on. */
const BLANK_DEFINITION: WorkflowDefinition = {
  inputs: { text: { type: 'string', required: false } },
  steps: [{ id: 'start', kind: 'transform', value: '{{inputs.text}}', position: { x: 0, y: 0 } }],
};

const head = (w: WorkflowRow): WorkflowHead => ({ id: w.id, name: w.name, version: w.version, steps: w.definition.steps.length, description: w.description });

const templates = (): TemplateView[] =>
  WORKFLOW_TEMPLATES.map((t) => {
    const built = t.build(Object.fromEntries(Object.keys(t.roles).map((r) => [r, ''])));
    return { id: t.id, name: t.name, summary: t.summary, steps: built.definition.steps.map((s) => s.name ?? s.id) };
  });

async function listPage(c: Context<AppEnv>, form?: { error: string; name: string }) {
  const page = pageParams({ limit: '50', cursor: c.req.query('cursor') });
  const [base, rows] = await Promise.all([layoutBase(c), listWorkflows(c.var.db, page)]);
  const listed = toPage(
    rows,
    page.limit,
    (w) => w.id,
    (w) => w,
  );
  return c.html(
    <WorkflowsPage
      base={base}
      workflows={listed.data.map((w) => ({
        id: w.id,
        name: w.name,
        description: w.description,
        steps: w.definition.steps.length,
        version: w.version,
        updatedAt: w.updatedAt,
      }))}
      templates={templates()}
      next={listed.next_cursor}
      error={form?.error}
      name={form?.name}
    />,
    form ? 400 : 200,
  );
}

/** The pickers of the step form: agents, tools (built-in and own), other workflows. */
async function pickers(c: Context<AppEnv>, selfId: string) {
  const db = c.var.db;
  const [agents, tools, workflows] = await Promise.all([agentNames(db), allTools(db), workflowNames(db)]);
  return {
    agents: agents.map((a) => ({ value: a.id, label: a.name })),
    tools: [...BUILTIN_TOOLS.map((t) => ({ value: t.id, label: t.name })), ...tools.map((t) => ({ value: t.id, label: t.name }))],
    workflows: workflows.filter((w) => w.id !== selfId).map((w) => ({ value: w.id, label: w.name })),
  };
}

export const workflowPages = new Hono<AppEnv>()
  .get('/workflows', permit('workflows:read'), (c) => listPage(c))
  .post('/workflows', permit('workflows:write'), async (c) => {
    const body = await formBody(c);
    const template = text(body, 'template');
    const name = text(body, 'name').trim();
    try {
      const input = validate(
        createWorkflowSchema,
        template ? { template, ...(name ? { name } : {}) } : { name: name || 'Untitled workflow', definition: BLANK_DEFINITION },
      );
      const row = await createWorkflow(c.var.db, input, actorOf(c));
      return c.redirect(`/app/workflows/${encodeURIComponent(row.id)}`, 303);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      const detail = e.details?.[0];
      return listPage(c, { error: detail ? `The workflow was not created: ${detail.path} ${detail.message}` : e.message, name });
    }
  })
  .get('/workflows/:id', permit('workflows:read'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    const [base, p] = await Promise.all([layoutBase(c), pickers(c, w.id)]);
    return c.html(<WorkflowBuilderPage base={base} workflow={head(w)} definition={w.definition} {...p} />);
  })
  // The side panel: the form for one step, from the canvas's JSON of it (nothing is stored).
  .post('/workflows/:id/steps/form', permit('workflows:read'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    const body = await formBody(c);
    const step = parseStepJson(text(body, 'step'));
    if (!step) throw new AppError('validation_failed', 'This is not a step', [{ path: 'step', message: 'must be the JSON of a step with an id and a kind' }]);
    const p = await pickers(c, w.id);
    return c.html(
      <StepForm
        workflowId={w.id}
        values={stepValues(step)}
        original={JSON.stringify(step)}
        ids={parseIds(text(body, 'ids'))}
        errors={{}}
        editable={can(c.var.auth, 'workflows:write')}
        csrfToken={c.var.auth.kind === 'session' ? c.var.auth.csrfToken : ''}
        {...p}
      />,
    );
  })
  // Apply: the step the posted form makes (the canvas takes it from `data-step`), or the form with its errors.
  .post('/workflows/:id/steps/apply', permit('workflows:write'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    const body = await formBody(c);
    const original = parseStepJson(text(body, 'original'));
    if (!original)
      throw new AppError('validation_failed', 'This is not a step', [{ path: 'original', message: 'must be the JSON of a step with an id and a kind' }]);
    const ids = parseIds(text(body, 'ids'));
    const result = stepFromForm(body, original, ids);
    const p = await pickers(c, w.id);
    const common = { workflowId: w.id, editable: true, csrfToken: c.var.auth.kind === 'session' ? c.var.auth.csrfToken : '', ...p };
    if (!result.ok) return c.html(<StepForm {...common} values={result.values} original={JSON.stringify(original)} ids={ids} errors={result.errors} />);
    const json = JSON.stringify(result.step);
    const newIds = ids.map((id) => (id === original.id ? result.step.id : id));
    return c.html(<StepForm {...common} values={result.values} original={json} ids={newIds} errors={{}} applied={json} previousId={String(original.id)} />);
  })
  // The builder's test run: the saved version, trigger `test`; the page follows it over /api/v1/runs/:id/events.
  .post('/workflows/:id/test-runs', permit('runs:write'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    const body = (await c.req.json().catch(() => null)) as { inputs?: unknown } | null;
    const inputs = body?.inputs ?? {};
    if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs))
      throw new AppError('validation_failed', 'Send {"inputs": {…}}', [{ path: 'inputs', message: 'must be an object' }]);
    const run = await startRun(c.env, {
      tenantId: c.var.auth.tenantId,
      workflow: { id: w.id, version: w.version, definition: w.definition },
      inputs: inputs as Record<string, unknown>,
      trigger: { kind: 'test', id: null },
      createdBy: c.var.auth.userId ?? null,
    });
    return c.json(run, 202);
  })
  .get('/workflows/:id/versions', permit('workflows:read'), async (c) => {
    const db = c.var.db;
    const w = await getWorkflow(db, c.req.param('id'));
    const page = pageParams({ limit: '30', cursor: c.req.query('cursor') });
    const wanted = Number(c.req.query('v') ?? w.version);
    const selected = Number.isInteger(wanted) && wanted >= 1 && wanted <= w.version ? wanted : w.version;
    const [base, people, rows, sel, before] = await Promise.all([
      layoutBase(c),
      members(db),
      listWorkflowVersions(db, w.id, page),
      getWorkflowVersion(db, w.id, selected),
      selected > 1 ? getWorkflowVersion(db, w.id, selected - 1).catch(() => null) : Promise.resolve(null),
    ]);
    const who = new Map(people.map((m) => [m.id, m.name || m.email]));
    const listed = toPage(
      rows,
      page.limit,
      (v) => v.version,
      (v) => v,
    );
    const versions: VersionItem[] = listed.data.map((v, i) => {
      const prev = rows[i + 1];
      return {
        version: v.version,
        createdAt: v.createdAt,
        author: v.createdBy ? (who.get(v.createdBy) ?? 'A former member') : 'API or system',
        restoredFrom: v.restoredFrom,
        summary: prev ? workflowDiffView(prev, v).summary : v.version === 1 ? 'Created' : 'Saved',
      };
    });
    const restored = Number(c.req.query('restored'));
    return c.html(
      <WorkflowVersionsPage
        base={base}
        workflow={head(w)}
        versions={versions}
        selected={selected}
        diff={before ? workflowDiffView(before, sel) : null}
        nextCursor={listed.next_cursor}
        restored={Number.isInteger(restored) && restored > 0 ? restored : null}
      />,
    );
  })
  .post('/workflows/:id/versions/:n/restore', permit('workflows:write'), async (c) => {
    const n = Number(c.req.param('n'));
    if (!Number.isInteger(n) || n < 1) throw notFound('Version');
    const w = await restoreWorkflowVersion(c.var.db, c.req.param('id'), n, actorOf(c));
    return c.redirect(`/app/workflows/${encodeURIComponent(w.id)}/versions?restored=${n}`, 303);
  });
