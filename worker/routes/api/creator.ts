// The organization as a creator (issue 18): /api/v1/creator — profile (mkt-publish); Connect onboarding and earnings (mkt-paid) live in creator-payouts.ts.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const creatorRoutes = new Hono<AppEnv>();
