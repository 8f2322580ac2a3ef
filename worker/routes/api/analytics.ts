// Analytics and model prices (API.md, "Analytics, cost and feedback"): GET /api/v1/analytics/usage (JSON, or CSV with
// `Accept: text/csv` / `?format=csv`), and GET / PUT / DELETE /api/v1/model-prices[/:model] (names URL-encoded).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { modelPriceInput } from '../../schemas/analytics';
import { parseUsageQuery, usageCsv, usageSeries } from '../../services/analytics';
import { deleteModelPrice, listModelPrices, setModelPrice } from '../../services/model-prices';
import { permit } from '../../services/permissions';
import { wantsCsv } from './audit-log';

export const analyticsRoutes = new Hono<AppEnv>().use(requireAuth()).get('/usage', permit('analytics:read'), async (c) => {
  const csv = wantsCsv(c.req.header('accept'), c.req.query('format'));
  const { format: _, ...rest } = c.req.query();
  const q = parseUsageQuery(rest);
  const data = await usageSeries(c.env, c.var.db, q);
  c.header('Cache-Control', 'no-store');
  if (!csv) return c.json({ data });
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  c.header('Content-Disposition', `attachment; filename="usage-${day(q.from)}-${day(q.to - 1)}-${q.interval}${q.groupBy ? `-by-${q.groupBy}` : ''}.csv"`);
  return c.body(usageCsv(data), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
});

export const modelPriceRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', permit('analytics:read'), async (c) => c.json(await listModelPrices(c.var.db)))
  // A model name may hold `/` and `@` (e.g. @cf/meta/llama-3.1-8b-instruct): clients URL-encode it (%2F, %40).
  .put('/:model', permit('analytics:write'), async (c) => {
    const input = await jsonBody(c, modelPriceInput);
    return c.json(await setModelPrice(c.var.db, c.req.param('model'), input, actorOf(c)));
  })
  .delete('/:model', permit('analytics:write'), async (c) => {
    await deleteModelPrice(c.var.db, c.req.param('model'), actorOf(c));
    return c.body(null, 204);
  });
