// Stripe Connect onboarding and earnings (issue 18, mkt-paid): /api/v1/creator/connect, /api/v1/creator/earnings.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const creatorPayoutRoutes = new Hono<AppEnv>();
