// Starting a run of a workflow (API.md, Workflows): POST /api/v1/workflows/:id/runs `{inputs, wait?}` with an
// optional Idempotency-Key. Mounted inside workflowRoutes (routes/api/workflows.ts), whose middleware requires auth.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { jsonBody } from '../../lib/validate';
import { permit } from '../../services/permissions';
import { startRunSchema, startWorkflowRun } from '../../services/workflow-runs';

export const workflowRunRoutes = new Hono<AppEnv>().post('/', permit('runs:write'), async (c) => {
  const input = await jsonBody(c, startRunSchema);
  const { run, finished } = await startWorkflowRun(c.env, c.var.db, c.req.param('id') ?? '', input, {
    idempotencyKey: c.req.header('idempotency-key')?.trim() || null,
    createdBy: c.var.auth.userId,
  });
  return c.json(run, input.wait && finished ? 200 : 202);
});
