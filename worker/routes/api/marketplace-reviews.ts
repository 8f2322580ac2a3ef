// Reviews and reports (issue 18, mkt-community): /api/v1/marketplace/listings/:slug/reviews, /reports (per-route auth:
// this app shares its prefix with the other marketplace route files, so no path-less middleware here).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { clientIp } from '../../lib/client-ip';
import { jsonBody } from '../../lib/validate';
import { optionalAuth, requireAuth } from '../../middleware/auth';
import { pageParams } from '../../db/page';
import { reportInput, reviewInput, reviewReplyInput } from '../../schemas/marketplace';
import { reportListing } from '../../services/listing-reports';
import { createReview, deleteReview, listReviews, replyToReview, updateReview } from '../../services/listing-reviews';
import { permit } from '../../services/permissions';

export const marketplaceReviewRoutes = new Hono<AppEnv>()
  .get('/listings/:slug/reviews', async (c) => {
    return c.json(await listReviews(c.env, c.req.param('slug'), pageParams(c.req.query())));
  })
  .post('/listings/:slug/reviews', requireAuth(), permit('reviews:write'), async (c) => {
    const input = await jsonBody(c, reviewInput);
    return c.json(await createReview(c.env, c.var.db, c.req.param('slug'), input, actorOf(c)), 201);
  })
  .put('/listings/:slug/reviews/mine', requireAuth(), permit('reviews:write'), async (c) => {
    const input = await jsonBody(c, reviewInput);
    return c.json(await updateReview(c.env, c.var.db, c.req.param('slug'), input, actorOf(c)));
  })
  .delete('/listings/:slug/reviews/mine', requireAuth(), permit('reviews:write'), async (c) => {
    await deleteReview(c.env, c.var.db, c.req.param('slug'), actorOf(c));
    return c.body(null, 204);
  })
  .post('/listings/:slug/reviews/:review_id/reply', requireAuth(), permit('listings:write'), async (c) => {
    const input = await jsonBody(c, reviewReplyInput);
    return c.json(await replyToReview(c.env, c.var.db, c.req.param('slug'), c.req.param('review_id'), input.text, actorOf(c)));
  })
  .post('/listings/:slug/reports', optionalAuth(), async (c) => {
    const input = await jsonBody(c, reportInput);
    const tenantId = c.get('auth')?.tenantId ?? null;
    return c.json(await reportListing(c.env, c.req.param('slug'), input, { tenantId, ip: clientIp(c) }), 201);
  });
