// The creator's earnings page and Connect onboarding (issue 18, mkt-paid); mounted at /app.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const earningsPages = new Hono<AppEnv>();
