// API keys (API.md, Accounts): create (the key is shown once), list (never the key), revoke (401 at once).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { pageParams, toPage } from '../../db/page';
import { requireAuth } from '../../middleware/auth';
import type { ApiKeyCreatedJson } from '../../schemas/accounts';
import { apiKeyJson, createApiKey, createApiKeySchema, listApiKeys, revokeApiKey } from '../../services/api-keys';
import { assertCan, permit } from '../../services/permissions';

export const apiKeyRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', permit('api_keys:write'), async (c) => {
    const input = await jsonBody(c, createApiKeySchema);
    const { row, key } = await createApiKey(c.var.db, c.var.auth, input, actorOf(c));
    return c.json({ ...apiKeyJson(row), key } satisfies ApiKeyCreatedJson, 201);
  })
  .get('/', permit('api_keys:read'), async (c) => {
    const page = pageParams(c.req.query());
    return c.json(toPage(await listApiKeys(c.var.db, c.var.auth, page), page.limit, (k) => k.id, apiKeyJson));
  })
  .delete('/:id', permit('api_keys:write'), async (c) => {
    await revokeApiKey(c.var.db, c.var.auth, c.req.param('id'), actorOf(c));
    return c.body(null, 204);
  });
