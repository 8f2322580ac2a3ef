// Connections API (API.md, Connections and tools): credentials for model providers and tools; secrets are write-only.
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { actorOf } from '../lib/actor';
import { jsonBody } from '../lib/validate';
import { pageParams, toPage } from '../db/page';
import { requireAuth } from '../middleware/auth';
import {
  connectionJson,
  createConnection,
  createConnectionSchema,
  deleteConnection,
  getConnection,
  updateConnection,
  updateConnectionSchema,
} from '../services/connections';
import { assertCan } from '../services/permissions';

function forceParam(raw: string | undefined): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new AppError('validation_failed', 'force must be true or false', [{ path: 'force', message: 'must be true or false' }]);
}

export const connectionRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', async (c) => {
    assertCan(c.var.auth, 'connections:write');
    const input = await jsonBody(c, createConnectionSchema);
    return c.json(connectionJson(await createConnection(c.var.db, c.env, input, actorOf(c))), 201);
  })
  .get('/', async (c) => {
    assertCan(c.var.auth, 'connections:read');
    const page = pageParams(c.req.query());
    return c.json(toPage(await c.var.db.connections.list(page), page.limit, (r) => r.id, connectionJson));
  })
  .get('/:id', async (c) => {
    assertCan(c.var.auth, 'connections:read');
    return c.json(connectionJson(await getConnection(c.var.db, c.req.param('id'))));
  })
  .patch('/:id', async (c) => {
    assertCan(c.var.auth, 'connections:write');
    const patch = await jsonBody(c, updateConnectionSchema);
    return c.json(connectionJson(await updateConnection(c.var.db, c.env, c.req.param('id'), patch, actorOf(c))));
  })
  .delete('/:id', async (c) => {
    assertCan(c.var.auth, 'connections:write');
    const force = forceParam(c.req.query('force'));
    await deleteConnection(c.var.db, c.env, c.req.param('id'), force, actorOf(c));
    return c.body(null, 204);
  });
