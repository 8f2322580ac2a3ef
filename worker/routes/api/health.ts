// Liveness for load balancers and the start script.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';

export const health = new Hono<AppEnv>().get('/healthz', (c) => c.json({ ok: true }));
