// The Responses API (/v1/responses, mounted by openai.ts behind its API-key check): create (streamed or not), retrieve,
// delete and list a response's input items. Errors in OpenAI's shape; a warm create reads no D1 (services/responses.ts).
import { usageTag } from '../../lib/usage-tag';
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { jsonBody } from '../../lib/validate';
import { responseCreateSchema } from '../../openai-compat/responses-schema';
import { assertCan, permit } from '../../services/permissions';
import { createResponse, deleteResponse, getResponse, responseInputItems } from '../../services/responses';
import { SSE_HEADERS } from '../../services/turn-policy';

export const responseRoutes = new Hono<AppEnv>()
  .post('/', permit('agents:read', 'sessions:write'), async (c) => {
    const input = await jsonBody(c, responseCreateSchema);
    const r = await createResponse({ env: c.env, db: c.var.db, waitUntil: (p) => c.executionCtx.waitUntil(p), tag: usageTag(c.var.auth, 'openai') }, input);
    return r instanceof ReadableStream ? c.body(r, 200, SSE_HEADERS) : c.json(r);
  })
  .get('/:id', permit('sessions:read'), async (c) => {
    return c.json(await getResponse(c.env, c.var.db.tenantId, c.req.param('id'), c.var.db.viewer));
  })
  .get('/:id/input_items', permit('sessions:read'), async (c) => {
    const order = c.req.query('order') === 'asc' ? 'asc' : 'desc';
    return c.json(await responseInputItems(c.env, c.var.db.tenantId, c.req.param('id'), order, c.var.db.viewer));
  })
  .delete('/:id', permit('sessions:write'), async (c) => {
    const id = c.req.param('id');
    await deleteResponse(c.env, c.var.db.tenantId, id, c.var.db.viewer);
    return c.json({ id, object: 'response', deleted: true });
  });
