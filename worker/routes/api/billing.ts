// Billing API (API.md "Billing"): GET /api/v1/billing — the plan, its period, usage against each limit; POST checkout
// and portal — Stripe's hosted pages; GET invoices (owner only).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { checkoutInput } from '../../schemas/billing';
import { billingOverview, listInvoices, openPortal, startCheckout } from '../../services/billing';
import { permit } from '../../services/permissions';

const origin = (c: { req: { url: string } }) => new URL(c.req.url).origin;

export const billingRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', permit('billing:read'), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await billingOverview(c.env, c.var.db));
  })
  .post('/checkout', permit('billing:write'), async (c) => {
    const { plan } = await jsonBody(c, checkoutInput);
    return c.json(await startCheckout(c.env, c.var.db, plan, { tenantId: c.var.auth.tenantId, origin: origin(c) }));
  })
  .post('/portal', permit('billing:write'), async (c) => {
    return c.json(await openPortal(c.env, c.var.db, origin(c)));
  })
  .get('/invoices', permit('billing:read'), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ data: await listInvoices(c.env, c.var.db), next_cursor: null });
  });
