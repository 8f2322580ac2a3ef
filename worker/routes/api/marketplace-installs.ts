// Installs (issue 18, mkt-publish): POST /api/v1/marketplace/listings/:slug/install and the installed copies' updates (per-route requireAuth).
// The updates themselves are at /api/v1/agents/:id/listing-update (listingUpdateRoutes, mounted inside agentRoutes).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { agentJson } from '../../services/agents';
import { applyListingUpdate, installInput, installListing, listingUpdate } from '../../services/listing-installs';
import { refreshListingStats } from '../../services/marketplace-search';
import { permit } from '../../services/permissions';

const origin = (c: { req: { url: string } }) => new URL(c.req.url).origin;

// Middleware per route: marketplace.ts and marketplace-reviews.ts share the /api/v1/marketplace prefix.
export const marketplaceInstallRoutes = new Hono<AppEnv>().post('/listings/:slug/install', requireAuth(), permit('agents:write'), async (c) => {
  const input = await jsonBody(c, installInput); // an empty body is {}
  const answer = await installListing(c.env, c.var.db, c.req.param('slug'), input, actorOf(c), origin(c));
  // Popularity counts installs by other organizations: refreshed now, not at the next hourly pass.
  c.executionCtx.waitUntil(refreshListingStats(c.env, answer.install.listing_id));
  return c.json(answer, 201);
});

/** /api/v1/agents/:id/listing-update (inside agentRoutes: its requireAuth applies). */
export const listingUpdateRoutes = new Hono<AppEnv>()
  .get('/', permit('agents:read'), async (c) => {
    return c.json(await listingUpdate(c.env, c.var.db, c.req.param('id')!));
  })
  .post('/', permit('agents:write'), async (c) => {
    const { agent, update } = await applyListingUpdate(c.env, c.var.db, c.req.param('id')!, actorOf(c));
    return c.json({ agent: agentJson(agent), applied: { from: update.from, to: update.to } });
  });
