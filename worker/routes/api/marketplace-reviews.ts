// Reviews and reports (issue 18, mkt-community): /api/v1/marketplace/listings/:slug/reviews, /reports (per-route auth).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const marketplaceReviewRoutes = new Hono<AppEnv>();
