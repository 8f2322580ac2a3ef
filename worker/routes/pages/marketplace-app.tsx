// Signed-in marketplace pages (issue 18, mkt-publish): publishing an agent, installing (connection mapping), updates of installed copies, the creator profile; mounted at /app.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const marketplaceAppPages = new Hono<AppEnv>();
