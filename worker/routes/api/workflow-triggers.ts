// Workflow triggers API (API.md, Workflows): schedules and signed webhooks of one workflow, mounted at
// /api/v1/workflows/:id/triggers. A webhook's secret is answered once, at creation and at rotation.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { permit } from '../../services/permissions';
import {
  createTrigger,
  createTriggerSchema,
  deleteTrigger,
  getTrigger,
  listTriggers,
  rotateTriggerSecret,
  triggerJson,
  updateTrigger,
  updateTriggerSchema,
} from '../../services/workflow-triggers';

const workflowId = (c: { req: { param(name: 'id'): string | undefined } }) => c.req.param('id') ?? '';
const originOf = (url: string) => new URL(url).origin;

export const workflowTriggerRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', permit('workflows:write'), async (c) => {
    const input = await jsonBody(c, createTriggerSchema);
    const { row, secret } = await createTrigger(c.env, c.var.db, workflowId(c), input, actorOf(c));
    return c.json({ ...triggerJson(row, originOf(c.req.url)), ...(secret ? { secret } : {}) }, 201);
  })
  .get('/', permit('workflows:read'), async (c) => {
    const rows = await listTriggers(c.var.db, workflowId(c));
    return c.json({ data: rows.map((t) => triggerJson(t, originOf(c.req.url))), next_cursor: null });
  })
  .get('/:trigger_id', permit('workflows:read'), async (c) => {
    return c.json(triggerJson(await getTrigger(c.var.db, workflowId(c), c.req.param('trigger_id')), originOf(c.req.url)));
  })
  .patch('/:trigger_id', permit('workflows:write'), async (c) => {
    const input = await jsonBody(c, updateTriggerSchema);
    const row = await updateTrigger(c.env, c.var.db, workflowId(c), c.req.param('trigger_id'), input, actorOf(c));
    return c.json(triggerJson(row, originOf(c.req.url)));
  })
  .delete('/:trigger_id', permit('workflows:write'), async (c) => {
    await deleteTrigger(c.env, c.var.db, workflowId(c), c.req.param('trigger_id'), actorOf(c));
    return c.body(null, 204);
  })
  .post('/:trigger_id/rotate-secret', permit('workflows:write'), async (c) => {
    const { row, secret } = await rotateTriggerSecret(c.env, c.var.db, workflowId(c), c.req.param('trigger_id'), actorOf(c));
    return c.json({ ...triggerJson(row, originOf(c.req.url)), secret });
  });
