// Stripe Connect onboarding and earnings (issue 18 §5, mkt-paid): /api/v1/creator/connect, /api/v1/creator/earnings.
// Owners (billing:read / billing:write). Shares its prefix with creator.ts: middleware goes on each route, never `.use`.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { requireAuth } from '../../middleware/auth';
import { connectState, earnings, startConnect } from '../../services/creator-payouts';
import { permit } from '../../services/permissions';

const origin = (c: { req: { url: string } }) => new URL(c.req.url).origin;

export const creatorPayoutRoutes = new Hono<AppEnv>()
  .post('/connect', requireAuth(), permit('billing:write'), async (c) => {
    return c.json(await startConnect(c.env, c.var.db, { origin: origin(c) }));
  })
  .get('/connect', requireAuth(), permit('billing:read'), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await connectState(c.env, c.var.db));
  })
  .get('/earnings', requireAuth(), permit('billing:read'), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await earnings(c.var.db));
  });
