// Knowledge bases API (API.md, Knowledge; issue 19): the organization's document collections. Everyone reads them
// (knowledge:read) and searches them (POST /:id/query: hybrid retrieval, the retrieval test); members create, change
// and delete them (knowledge:write). Documents come next.
import { Hono } from 'hono';
import { pageParams } from '../../db/page';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { knowledgeBaseInput, knowledgeBasePatch, knowledgeQueryInput } from '../../schemas/knowledge';
import {
  createKnowledgeBase,
  deleteKnowledgeBase,
  getKnowledgeBase,
  listKnowledgeBases,
  queryKnowledgeBase,
  updateKnowledgeBase,
} from '../../services/knowledge-bases';
import { permit } from '../../services/permissions';

export const knowledgeBaseRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', permit('knowledge:write'), async (c) => {
    const input = await jsonBody(c, knowledgeBaseInput);
    return c.json(await createKnowledgeBase(c.var.db, input, actorOf(c)), 201);
  })
  .get('/', permit('knowledge:read'), async (c) => {
    return c.json(await listKnowledgeBases(c.var.db, pageParams(c.req.query())));
  })
  .get('/:id', permit('knowledge:read'), async (c) => {
    return c.json(await getKnowledgeBase(c.var.db, c.req.param('id')));
  })
  .patch('/:id', permit('knowledge:write'), async (c) => {
    const patch = await jsonBody(c, knowledgeBasePatch);
    return c.json(await updateKnowledgeBase(c.var.db, c.req.param('id'), patch, actorOf(c)));
  })
  .post('/:id/query', permit('knowledge:read'), async (c) => {
    const input = await jsonBody(c, knowledgeQueryInput);
    return c.json(await queryKnowledgeBase(c.env, c.var.db, c.req.param('id'), input));
  })
  .delete('/:id', permit('knowledge:write'), async (c) => {
    await deleteKnowledgeBase(c.env, c.var.db, c.req.param('id'), actorOf(c));
    return c.body(null, 204);
  });
