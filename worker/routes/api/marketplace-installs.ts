// Installs (issue 18, mkt-publish): POST /api/v1/marketplace/listings/:slug/install and the installed copies' updates (per-route requireAuth).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const marketplaceInstallRoutes = new Hono<AppEnv>();
