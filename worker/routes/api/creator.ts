// The organization as a creator (issue 18): /api/v1/creator — profile (mkt-publish); Connect onboarding and earnings (mkt-paid) live in creator-payouts.ts.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { creatorProfileJson, creatorProfilePatch, getCreatorProfile, updateCreatorProfile } from '../../services/creator-profiles';
import { permit } from '../../services/permissions';

const origin = (c: { req: { url: string } }) => new URL(c.req.url).origin;

// Middleware per route: creator-payouts.ts shares the /api/v1/creator prefix.
export const creatorRoutes = new Hono<AppEnv>()
  .get('/profile', requireAuth(), permit('agents:read'), async (c) => {
    return c.json(creatorProfileJson(await getCreatorProfile(c.var.db), origin(c)));
  })
  .patch('/profile', requireAuth(), permit('listings:write'), async (c) => {
    const patch = await jsonBody(c, creatorProfilePatch);
    return c.json(creatorProfileJson(await updateCreatorProfile(c.var.db, patch, actorOf(c)), origin(c)));
  });
