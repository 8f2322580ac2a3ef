// The listing's anonymous try-it chat API (issue 18, mkt-community): /marketplace/:slug/try/api/* (the share link's visitor API in shape).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const tryItRoutes = new Hono<AppEnv>();
