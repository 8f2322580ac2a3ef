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
  editAgent,
  getAgent,
  listAgents,
  listAgentVersions,
  restoreVersion,
  versionJson,
  createAgentSchema,
  updateAgentSchema,
} from '../../services/agents';
import { createChatSession, createSessionSchema, sessionJson } from '../../services/chat-sessions';
import { assertCan, permit } from '../../services/permissions';
import { recordAudit } from '../../queues/audit-events';
import { rotateShareLink, shareLinkUrl } from '../../services/share-links';
import { embedKeyRoutes } from './embed-keys';
import { listingRoutes } from './listings';
import { listingUpdateRoutes } from './marketplace-installs';

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
    const agent = await createAgent(c.var.db, input, actorOf(c), c.env);
    if (agent.visibility !== 'team')
      recordAudit(c, { action: 'agent.visibility_change', resource: { type: 'agent', id: agent.id }, changes: { visibility: { after: agent.visibility } } });
    return c.json(agentJson(agent), 201);
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
    const { agent, visibility } = await editAgent(c.var.db, c.req.param('id'), patch, actorOf(c), c.env);
    if (visibility) recordAudit(c, { action: 'agent.visibility_change', resource: { type: 'agent', id: agent.id }, changes: { visibility } });
    return c.json(agentJson(agent));
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
  // The share URL of a `link` agent (409 for any other visibility); DELETE rotates it: the old URL is dead at once.
  .get('/:id/share-link', permit('agents:write'), async (c) => {
    return c.json(await shareLinkUrl(c.env.SESSION_SECRET, c.var.db, c.req.param('id'), new URL(c.req.url).origin));
  })
  .delete('/:id/share-link', permit('agents:write'), async (c) => {
    const link = await rotateShareLink(c.env.SESSION_SECRET, c.var.db, c.req.param('id'), new URL(c.req.url).origin);
    recordAudit(c, { action: 'agent.share_link_rotate', resource: { type: 'agent', id: c.req.param('id') } });
    return c.json(link);
  })
  .route('/:id/embed-keys', embedKeyRoutes)
  .route('/:id/listing', listingRoutes)
  .route('/:id/listing-update', listingUpdateRoutes);
