// Operator endpoints (not tenant APIs): `POST /operator/v1/keys/rewrap` re-wraps every tenant data key under the
// current MASTER_KEY. Enabled only when the OPERATOR_TOKEN secret is set; otherwise these paths do not exist.
import { Hono } from 'hono';
import { rewrapAll } from '../../crypto/envelope';
import { timingSafeEqual } from '../../crypto/encoding';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';

export const operatorRoutes = new Hono<AppEnv>()
  .use(async function operatorAuth(c, next) {
    const token = c.env.OPERATOR_TOKEN;
    if (!token) throw new AppError('not_found', 'No such route');
    const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(sent, token)) throw new AppError('unauthorized', 'Send Authorization: Bearer <OPERATOR_TOKEN>');
    await next();
  })
  .post('/keys/rewrap', async (c) => c.json(await rewrapAll(c.env)));
