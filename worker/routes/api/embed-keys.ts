// Embed keys of an agent (API.md, Widget): create, list, change and revoke the widget's public keys. Mounted inside
// agentRoutes (routes/api/agents.ts) at /api/v1/agents/:id/embed-keys, whose middleware already requires auth.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import {
  createEmbedKey,
  createEmbedKeySchema,
  embedKeyJson,
  getEmbedKey,
  listEmbedKeys,
  revokeEmbedKey,
  updateEmbedKey,
  updateEmbedKeySchema,
} from '../../services/embed-keys';
import { assertCan, permit } from '../../services/permissions';

const agentId = (c: { req: { param(name: 'id'): string | undefined } }) => c.req.param('id') ?? '';

export const embedKeyRoutes = new Hono<AppEnv>()
  .post('/', permit('agents:write'), async (c) => {
    const input = await jsonBody(c, createEmbedKeySchema);
    return c.json(embedKeyJson(await createEmbedKey(c.var.db, agentId(c), input, actorOf(c), c.env)), 201);
  })
  .get('/', permit('agents:read'), async (c) => {
    return c.json({ data: (await listEmbedKeys(c.var.db, agentId(c))).map(embedKeyJson), next_cursor: null });
  })
  .get('/:key_id', permit('agents:read'), async (c) => {
    return c.json(embedKeyJson(await getEmbedKey(c.var.db, agentId(c), c.req.param('key_id'))));
  })
  .patch('/:key_id', permit('agents:write'), async (c) => {
    const input = await jsonBody(c, updateEmbedKeySchema);
    return c.json(embedKeyJson(await updateEmbedKey(c.var.db, agentId(c), c.req.param('key_id'), input, actorOf(c))));
  })
  .delete('/:key_id', permit('agents:write'), async (c) => {
    await revokeEmbedKey(c.var.db, agentId(c), c.req.param('key_id'), actorOf(c));
    return c.body(null, 204);
  });
