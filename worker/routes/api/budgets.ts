// Budgets API (API.md, Analytics, cost and feedback): monthly cost limits of the organization or one agent, with this
// month's spend from the tenant's meter. Everyone reads them (analytics:read); admins change them (analytics:write).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { budgetInput } from '../../schemas/analytics';
import { budgetPatch } from '../../schemas/budgets';
import { createBudget, deleteBudget, getBudget, listBudgets, updateBudget } from '../../services/budgets';
import { permit } from '../../services/permissions';

const origin = (c: { req: { url: string } }) => new URL(c.req.url).origin;

export const budgetRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', permit('analytics:write'), async (c) => {
    const input = await jsonBody(c, budgetInput);
    return c.json(await createBudget(c.env, c.var.db, input, actorOf(c), origin(c)), 201);
  })
  .get('/', permit('analytics:read'), async (c) => {
    return c.json({ data: await listBudgets(c.env, c.var.db), next_cursor: null });
  })
  .get('/:id', permit('analytics:read'), async (c) => {
    return c.json(await getBudget(c.env, c.var.db, c.req.param('id')));
  })
  .patch('/:id', permit('analytics:write'), async (c) => {
    const patch = await jsonBody(c, budgetPatch);
    return c.json(await updateBudget(c.env, c.var.db, c.req.param('id'), patch, actorOf(c), origin(c)));
  })
  .delete('/:id', permit('analytics:write'), async (c) => {
    await deleteBudget(c.env, c.var.db, c.req.param('id'), actorOf(c), origin(c));
    return c.body(null, 204);
  });
