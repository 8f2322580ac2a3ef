// Workflows API (API.md, "Workflows"): CRUD where every save writes a version, version history, diff and restore,
// live validation for the canvas, and the starter templates.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { pageParams, toPage } from '../../db/page';
import { requireAuth } from '../../middleware/auth';
import { permit } from '../../services/permissions';
import { workflowRunRoutes } from './workflow-runs';
import { diffWorkflowVersions } from '../../services/workflow-diff';
import { WORKFLOW_TEMPLATES, workflowTemplateJson } from '../../services/workflow-templates';
import { validateDefinition, validateWorkflowSchema } from '../../services/workflow-validation';
import {
  createWorkflow,
  createWorkflowSchema,
  deleteWorkflow,
  getWorkflow,
  getWorkflowVersion,
  listWorkflows,
  listWorkflowVersions,
  restoreWorkflowVersion,
  updateWorkflow,
  updateWorkflowSchema,
  workflowJson,
  workflowVersionJson,
} from '../../services/workflows';

function versionParam(raw: string | undefined, name = 'version'): number {
  const n = Number(raw);
  if (!raw || !Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new AppError('validation_failed', `${name} must be a positive integer`, [{ path: name, message: 'must be a positive integer' }]);
  return n;
}

export const workflowRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .route('/:id/runs', workflowRunRoutes)
  .post('/', permit('workflows:write'), async (c) => {
    const input = await jsonBody(c, createWorkflowSchema);
    return c.json(workflowJson(await createWorkflow(c.var.db, input, actorOf(c))), 201);
  })
  .get('/', permit('workflows:read'), async (c) => {
    const page = pageParams(c.req.query());
    const q = c.req.query('q')?.trim().slice(0, 100) || undefined;
    return c.json(toPage(await listWorkflows(c.var.db, page, q), page.limit, (w) => w.id, workflowJson));
  })
  // Checks a definition without saving it (the canvas shows the errors on their nodes). `workflow_id`: the workflow
  // being edited, so a step may not run it.
  .post('/validate', permit('workflows:read'), async (c) => {
    const input = await jsonBody(c, validateWorkflowSchema);
    const selfId = input.workflow_id ? (await getWorkflow(c.var.db, input.workflow_id)).id : undefined;
    const v = await validateDefinition(c.var.db, c.var.db.viewer, input.definition, selfId);
    return c.json({ valid: v.valid, errors: v.errors });
  })
  .get('/:id', permit('workflows:read'), async (c) => {
    return c.json(workflowJson(await getWorkflow(c.var.db, c.req.param('id'))));
  })
  .patch('/:id', permit('workflows:write'), async (c) => {
    const patch = await jsonBody(c, updateWorkflowSchema);
    return c.json(workflowJson(await updateWorkflow(c.var.db, c.req.param('id'), patch, actorOf(c))));
  })
  .delete('/:id', permit('workflows:write'), async (c) => {
    await deleteWorkflow(c.var.db, c.req.param('id'), actorOf(c));
    return c.body(null, 204);
  })
  .get('/:id/versions', permit('workflows:read'), async (c) => {
    const page = pageParams(c.req.query());
    return c.json(toPage(await listWorkflowVersions(c.var.db, c.req.param('id'), page), page.limit, (v) => v.version, workflowVersionJson));
  })
  .get('/:id/versions/:n', permit('workflows:read'), async (c) => {
    const n = versionParam(c.req.param('n'));
    return c.json(workflowVersionJson(await getWorkflowVersion(c.var.db, c.req.param('id'), n)));
  })
  // What changed from version `from` (default: the one before; for version 1, from nothing) to version `n`.
  .get('/:id/versions/:n/diff', permit('workflows:read'), async (c) => {
    const n = versionParam(c.req.param('n'));
    const fromRaw = c.req.query('from');
    const id = c.req.param('id');
    const to = await getWorkflowVersion(c.var.db, id, n);
    const from = fromRaw === undefined ? n - 1 : versionParam(fromRaw, 'from');
    return c.json(diffWorkflowVersions(from === 0 ? null : await getWorkflowVersion(c.var.db, id, from), to));
  })
  .post('/:id/versions/:n/restore', permit('workflows:write'), async (c) => {
    const n = versionParam(c.req.param('n'));
    return c.json(workflowJson(await restoreWorkflowVersion(c.var.db, c.req.param('id'), n, actorOf(c))));
  });

/** GET /api/v1/workflow-templates: the starter workflows POST /api/v1/workflows accepts as `{template}`. */
export const workflowTemplateRoutes = new Hono<AppEnv>().use(requireAuth()).get('/', permit('workflows:read'), (c) => {
  return c.json({ data: WORKFLOW_TEMPLATES.map(workflowTemplateJson) });
});
