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
  });
