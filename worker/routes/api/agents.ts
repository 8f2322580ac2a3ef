// Agents API (API.md, Agents): CRUD where every change writes a version, version history and restore.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { pageParams, toPage } from '../../db/page';
import { requireAuth } from '../../middleware/auth';
import {
  agentJson,
  createAgent,
  deleteAgent,
  getAgent,
  listAgents,
  listAgentVersions,
  restoreVersion,
  updateAgent,
  versionJson,
  createAgentSchema,
  updateAgentSchema,
} from '../../services/agents';
import { createChatSession, createSessionSchema, sessionJson } from '../../services/chat-sessions';
import { assertCan, permit } from '../../services/permissions';
import { embedKeyRoutes } from './embed-keys';

function versionParam(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new AppError('validation_failed', 'Version must be a positive integer', [{ path: 'version', message: 'must be a positive integer' }]);
  return n;
}

export const agentRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', permit('agents:write'), async (c) => {
    const input = await jsonBody(c, createAgentSchema);
    return c.json(agentJson(await createAgent(c.var.db, input, actorOf(c))), 201);
  })
  .get('/', permit('agents:read'), async (c) => {
    const page = pageParams(c.req.query());
    const q = c.req.query('q')?.trim().slice(0, 100) || undefined;
    return c.json(toPage(await listAgents(c.var.db, page, q), page.limit, (a) => a.id, agentJson));
  })
  .get('/:id', permit('agents:read'), async (c) => {
    return c.json(agentJson(await getAgent(c.var.db, c.req.param('id'))));
  })
  .patch('/:id', permit('agents:write'), async (c) => {
    const patch = await jsonBody(c, updateAgentSchema);
    return c.json(agentJson(await updateAgent(c.var.db, c.req.param('id'), patch, actorOf(c))));
  })
  .delete('/:id', permit('agents:write'), async (c) => {
    await deleteAgent(c.env, c.var.db, c.req.param('id'), actorOf(c));
    return c.body(null, 204);
  })
  .get('/:id/versions', permit('agents:read'), async (c) => {
    const page = pageParams(c.req.query());
    return c.json(toPage(await listAgentVersions(c.var.db, c.req.param('id'), page), page.limit, (v) => v.version, versionJson));
  })
  .post('/:id/sessions', permit('sessions:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const input = await jsonBody(c, createSessionSchema);
    return c.json(sessionJson(await createChatSession(c.env, c.var.db, agent, input, actorOf(c))), 201);
  })
  .post('/:id/versions/:n/restore', permit('agents:write'), async (c) => {
    const n = versionParam(c.req.param('n'));
    return c.json(agentJson(await restoreVersion(c.var.db, c.req.param('id'), n, actorOf(c))));
  })
  .route('/:id/embed-keys', embedKeyRoutes);
