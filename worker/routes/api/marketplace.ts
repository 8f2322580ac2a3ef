// Public catalogue API (issue 18, mkt-discovery): /api/v1/marketplace/listings, /listings/:slug, /categories (no auth).
// Public by design: published listings are everyone's to read; answers are the same for every caller, so they carry
// `Access-Control-Allow-Origin: *` (simple GETs, no credentials) and `Cache-Control: public, no-cache` (revalidate:
// an unpublished listing disappears at once). No middleware without a path here: the prefix is shared.
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../env';
import { notFound } from '../../errors';
import { categoriesWithCounts, listingDetail, parseListingsQuery, publicListing, searchListings } from '../../services/marketplace-search';

const open = (c: Context<AppEnv>) => {
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cache-Control', 'public, no-cache');
};

export const marketplaceRoutes = new Hono<AppEnv>()
  .get('/listings', async (c) => {
    const query = parseListingsQuery(c.req.query());
    open(c);
    return c.json(await searchListings(c.env, query));
  })
  .get('/listings/:slug', async (c) => {
    const detail = await publicListing(c.env, c.req.param('slug'));
    if (!detail) throw notFound('Listing');
    open(c);
    return c.json(listingDetail(detail));
  })
  .get('/categories', async (c) => {
    open(c);
    return c.json({ data: await categoriesWithCounts(c.env) });
  });
