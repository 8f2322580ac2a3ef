// Billing API (API.md "Billing"): GET /api/v1/billing — the plan, its period, usage against each limit (owner only).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { requireAuth } from '../../middleware/auth';
import { billingOverview } from '../../services/billing';
import { permit } from '../../services/permissions';

export const billingRoutes = new Hono<AppEnv>().use(requireAuth()).get('/', permit('billing:read'), async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await billingOverview(c.env, c.var.db));
});
