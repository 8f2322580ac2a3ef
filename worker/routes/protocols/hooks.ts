// Public webhook endpoints (/hooks/…): a workflow's webhook trigger is called here by outside systems, signed with
// the trigger's secret (services/webhook-triggers.ts); no account or cookie.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { bodyLimit } from '../../middleware/body-limit';
import { WEBHOOK_MAX_BYTES, receiveWebhook } from '../../services/webhook-triggers';

export const hookRoutes = new Hono<AppEnv>().post('/workflows/:trigger_id', bodyLimit(WEBHOOK_MAX_BYTES), async (c) => {
  const body = new Uint8Array(await c.req.arrayBuffer());
  const answer = await receiveWebhook(c.env, {
    triggerId: c.req.param('trigger_id'),
    body,
    signature: c.req.header('x-edgent-signature'),
    idempotencyKey: c.req.header('idempotency-key'),
  });
  return c.json(answer, 202);
});
