// Publishing API (issue 18, mkt-publish): /api/v1/agents/:id/listing (POST/GET/PATCH/DELETE), mounted inside agentRoutes (its requireAuth applies).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const listingRoutes = new Hono<AppEnv>();
