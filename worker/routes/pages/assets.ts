// Static files (htmx, CSS, icons, widget.js). The platform serves them before the Worker runs; this route covers callers
// that reach the Worker directly (service bindings, tests) so the same URLs always work.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

/** Re-wrapped so later middleware may add headers (asset responses are immutable). */
const fromAssets = async (c: { env: AppEnv['Bindings']; req: { raw: Request } }) => {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  return new Response(res.body, res);
};

export const assetRoutes = new Hono<AppEnv>().get('/assets/*', fromAssets).get('/favicon.svg', fromAssets).get('/widget.js', fromAssets);
