// Operator endpoints (not tenant APIs): `POST /operator/v1/keys/rewrap` re-wraps every tenant data key under the
// current MASTER_KEY; `PUT /operator/v1/tenants/:tenant_id/limits` gives one organization its own limits over its
// plan's (a deal; `{"limits": null}` returns it to the plan's). Enabled only when the OPERATOR_TOKEN secret is set;
// otherwise these paths do not exist.
import { Hono } from 'hono';
import { rewrapAll } from '../../crypto/envelope';
import { timingSafeEqual } from '../../crypto/encoding';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { jsonBody } from '../../lib/validate';
import { customLimitsInput } from '../../schemas/billing';
import { setCustomLimits } from '../../services/billing';
import { clientIp } from '../../lib/client-ip';
import { removeListingInput, resolveReportInput } from '../../schemas/moderation';
import { closeReport, removeListing, restoreListing } from '../../services/moderation';

export const operatorRoutes = new Hono<AppEnv>()
  .use(async function operatorAuth(c, next) {
    const token = c.env.OPERATOR_TOKEN;
    if (!token) throw new AppError('not_found', 'No such route');
    const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(sent, token)) throw new AppError('unauthorized', 'Send Authorization: Bearer <OPERATOR_TOKEN>');
    await next();
  })
  .post('/keys/rewrap', async (c) => c.json(await rewrapAll(c.env)))
  .put('/tenants/:tenant_id/limits', async (c) => {
    const input = await jsonBody(c, customLimitsInput);
    return c.json(await setCustomLimits(c.env, c.req.param('tenant_id'), input.limits));
  })
  // Marketplace moderation (issue 18 §4): take a listing down / put it back (audited in its creator's log), close a report.
  .post('/listings/:id/remove', async (c) => {
    const input = await jsonBody(c, removeListingInput);
    const ctx = { env: c.env, waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p), ip: clientIp(c) };
    return c.json(await removeListing(ctx, c.req.param('id'), input.reason));
  })
  .post('/listings/:id/restore', async (c) => {
    const ctx = { env: c.env, waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p), ip: clientIp(c) };
    return c.json(await restoreListing(ctx, c.req.param('id')));
  })
  .post('/reports/:id/resolve', async (c) => {
    const input = await jsonBody(c, resolveReportInput);
    await closeReport(c.env, c.req.param('id'), input.resolution);
    return c.body(null, 204);
  });
