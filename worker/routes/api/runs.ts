// Workflow runs (API.md, Workflows): the runs list, one run, its events (SSE, resumable), cancel, approval
// decisions, retrying a failed step and re-running from a step. Starting runs: routes/api/workflow-runs.ts.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { notFound } from '../../errors';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { approvalLinkSchema, createApprovalLink } from '../../services/approval-links';
import { permit } from '../../services/permissions';
import { SSE_HEADERS } from '../../services/turn-policy';
import { approveStep, cancelRun, getRun, listRuns, parseRunQuery, rerunFrom, retryStep, runEventStream } from '../../services/workflow-runs';
import { stepId } from '../../schemas/workflows';

export const approveSchema = z.strictObject({ approved: z.boolean(), comment: z.string().max(2000).optional() });
export const rerunSchema = z.strictObject({ from_step: stepId });

export const runRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', permit('runs:read'), async (c) => {
    return c.json(await listRuns(c.var.db, parseRunQuery(c.req.query())));
  })
  .get('/:id', permit('runs:read'), async (c) => {
    const run = await getRun(c.env, c.var.auth.tenantId, c.req.param('id'));
    if (!run) throw notFound('Run');
    return c.json(run);
  })
  .get('/:id/events', permit('runs:read'), async (c) => {
    const lastEventId = c.req.header('last-event-id') ?? c.req.query('last_event_id') ?? null;
    const stream = await runEventStream(c.env, c.var.auth.tenantId, c.req.param('id'), lastEventId?.trim() || null);
    if (!stream) throw notFound('Run');
    return c.body(stream, 200, SSE_HEADERS);
  })
  .post('/:id/cancel', permit('runs:write'), async (c) => {
    return c.json(await cancelRun(c.env, c.var.auth.tenantId, c.req.param('id')));
  })
  .post('/:id/steps/:step_id/approve', permit('runs:write'), async (c) => {
    const input = await jsonBody(c, approveSchema);
    const a = actorOf(c);
    const by = a.userId ?? `${a.type}:${a.id}`;
    return c.json(
      await approveStep(c.env, c.var.auth.tenantId, c.req.param('id'), c.req.param('step_id'), {
        approved: input.approved,
        by,
        comment: input.comment ?? null,
      }),
    );
  })
  .post('/:id/steps/:step_id/approval-link', permit('runs:write'), async (c) => {
    const input = await jsonBody(c, approvalLinkSchema);
    const origin = new URL(c.req.url).origin;
    return c.json(await createApprovalLink(c.env, origin, c.var.auth.tenantId, c.req.param('id'), c.req.param('step_id'), input.expires_in_hours), 201);
  })
  .post('/:id/steps/:step_id/retry', permit('runs:write'), async (c) => {
    return c.json(await retryStep(c.env, c.var.auth.tenantId, c.req.param('id'), c.req.param('step_id')));
  })
  .post('/:id/rerun', permit('runs:write'), async (c) => {
    const input = await jsonBody(c, rerunSchema);
    return c.json(await rerunFrom(c.env, c.var.auth.tenantId, c.req.param('id'), input.from_step, c.var.auth.userId), 202);
  });
