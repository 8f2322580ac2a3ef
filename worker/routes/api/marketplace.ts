// Public catalogue API (issue 18, mkt-discovery): /api/v1/marketplace/listings, /listings/:slug, /categories (no auth).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const marketplaceRoutes = new Hono<AppEnv>();
