// Publishing API (issue 18, mkt-publish): /api/v1/agents/:id/listing (POST/GET/PATCH/DELETE), mounted inside agentRoutes (its requireAuth applies).
// GET/POST /api/v1/agents/:id/listing-update (an installed copy's update from its listing) live in marketplace-installs.ts' agent part.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { listingInput, listingPatch } from '../../schemas/marketplace';
import { getOwnListing, ownListingJson, publishListing, unpublishListing, updateListing } from '../../services/listings';
import { permit } from '../../services/permissions';

const origin = (c: { req: { url: string } }) => new URL(c.req.url).origin;

export const listingRoutes = new Hono<AppEnv>()
  .post('/', permit('listings:write'), async (c) => {
    const input = await jsonBody(c, listingInput);
    const own = await publishListing(c.env, c.var.db, c.req.param('id')!, input, actorOf(c));
    return c.json(ownListingJson(own, origin(c)), 201);
  })
  .get('/', permit('agents:read'), async (c) => {
    return c.json(ownListingJson(await getOwnListing(c.var.db, c.req.param('id')!), origin(c)));
  })
  .patch('/', permit('listings:write'), async (c) => {
    const patch = await jsonBody(c, listingPatch);
    return c.json(ownListingJson(await updateListing(c.env, c.var.db, c.req.param('id')!, patch, actorOf(c)), origin(c)));
  })
  .delete('/', permit('listings:write'), async (c) => {
    await unpublishListing(c.var.db, c.req.param('id')!, actorOf(c));
    return c.body(null, 204);
  });
