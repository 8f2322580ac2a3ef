// Connections API (API.md, Connections and tools): credentials for model providers and tools; secrets are write-only.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { boolQuery, jsonBody } from '../../lib/validate';
import { pageParams, toPage } from '../../db/page';
import { requireAuth } from '../../middleware/auth';
import type { McpDiscoveryJson } from '../../schemas/tools';
import {
  connectionJson,
  createConnection,
  createConnectionSchema,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
  updateConnectionSchema,
} from '../../services/connections';
import { testConnection } from '../../services/connection-test';
import { discoverMcpTools } from '../../services/mcp-discovery';
import { assertCan, permit } from '../../services/permissions';
import { toolJson } from '../../services/tools';

export const connectionRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', permit('connections:write'), async (c) => {
    const input = await jsonBody(c, createConnectionSchema);
    return c.json(connectionJson(await createConnection(c.var.db, c.env, input, actorOf(c))), 201);
  })
  .get('/', permit('connections:read'), async (c) => {
    const page = pageParams(c.req.query());
    return c.json(toPage(await listConnections(c.var.db, page), page.limit, (r) => r.id, connectionJson));
  })
  .get('/:id', permit('connections:read'), async (c) => {
    return c.json(connectionJson(await getConnection(c.var.db, c.req.param('id'))));
  })
  .patch('/:id', permit('connections:write'), async (c) => {
    const patch = await jsonBody(c, updateConnectionSchema);
    return c.json(connectionJson(await updateConnection(c.var.db, c.env, c.req.param('id'), patch, actorOf(c))));
  })
  .delete('/:id', permit('connections:write'), async (c) => {
    const force = boolQuery('force', c.req.query('force'));
    await deleteConnection(c.var.db, c.env, c.req.param('id'), force, actorOf(c));
    return c.body(null, 204);
  })
  // A real request with the stored credential: it needs the right to change connections, not only to read them.
  // A model connection that passes is adopted by the agents that have no usable model (services/connection-test.ts).
  .post('/:id/test', permit('connections:write'), async (c) => {
    return c.json((await testConnection(c.var.db, c.env, c.req.param('id'), actorOf(c))).result);
  })
  /** MCP connections: list the server's tools and create or refresh an `mcp` tool for each (API.md). */
  .post('/:id/tools', permit('connections:read', 'tools:write'), async (c) => {
    const r = await discoverMcpTools(c.var.db, c.env, c.req.param('id'), actorOf(c));
    return c.json({ data: r.tools.map(toolJson), created: r.created, updated: r.updated, removed: r.removed, stale: r.stale } satisfies McpDiscoveryJson);
  });
