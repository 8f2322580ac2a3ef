// Budgets page (/app/budgets): everyone with analytics:read sees the budgets and this month's spend; admins create,
// change and delete them with plain forms (the same services as /api/v1/budgets).
import { Hono, type Context } from 'hono';
import { type BudgetForm, BudgetsPage, type BudgetsState } from '../../../views/pages/budgets-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { validate } from '../../lib/validate';
import { budgetInput } from '../../schemas/analytics';
import { budgetPatch } from '../../schemas/budgets';
import { agentNames } from '../../services/agents';
import { budgetViews, createBudget, deleteBudget, getBudget, updateBudget } from '../../services/budgets';
import { can, permit } from '../../services/permissions';
import { formBody, layoutBase, text } from './support/page-helpers';

async function page(c: Context<AppEnv>, state: BudgetsState = {}, status: 200 | 400 = 200) {
  const [base, budgets, agents] = await Promise.all([layoutBase(c), budgetViews(c.env, c.var.db), agentNames(c.var.db)]);
  c.header('Cache-Control', 'no-store');
  return c.html(
    <BudgetsPage
      base={base}
      budgets={budgets}
      agents={agents}
      canWrite={can(c.var.auth, 'analytics:write')}
      state={{ notice: c.req.query('notice'), ...state }}
    />,
    status,
  );
}

/** A form's limit as a number ('' or text stays a string, so validation names the field). */
const amount = (raw: string) => (raw.trim() === '' || Number.isNaN(Number(raw)) ? raw : Number(raw));

function errorsOf(e: unknown): Record<string, string> {
  if (!(e instanceof AppError) || e.status !== 400) throw e;
  const errors: Record<string, string> = {};
  for (const d of e.details ?? []) errors[d.path === 'agent_id' || d.path === 'scope' ? 'target' : d.path] ??= d.message;
  if (!Object.keys(errors).length) errors.form = e.message;
  return errors;
}

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

export const budgetPages = new Hono<AppEnv>()
  .get('/budgets', permit('analytics:read'), (c) => page(c))
  .post('/budgets', permit('analytics:write'), async (c) => {
    const body = await formBody(c);
    const values: BudgetForm = { target: text(body, 'target'), limit_usd: text(body, 'limit_usd'), action: text(body, 'action') };
    const scoped = values.target === 'tenant' ? { scope: 'tenant' } : { scope: 'agent', agent_id: values.target };
    try {
      const input = validate(budgetInput, { ...scoped, limit_usd: amount(values.limit_usd!), action: values.action });
      await createBudget(c.env, c.var.db, input, actorOf(c), origin(c));
      return c.redirect('/app/budgets?notice=budget_created', 303);
    } catch (e) {
      return page(c, { createValues: values, createErrors: errorsOf(e) }, 400);
    }
  })
  .post('/budgets/:id', permit('analytics:write'), async (c) => {
    const body = await formBody(c);
    // The budget first: another tenant's id is a 404 whatever the form says.
    const id = (await getBudget(c.env, c.var.db, c.req.param('id'))).id;
    const values: BudgetForm = { limit_usd: text(body, 'limit_usd'), action: text(body, 'action') };
    try {
      const patch = validate(budgetPatch, { limit_usd: amount(values.limit_usd!), ...(values.action ? { action: values.action } : {}) });
      await updateBudget(c.env, c.var.db, id, patch, actorOf(c), origin(c));
      return c.redirect(`/app/budgets?notice=budget_updated#${encodeURIComponent(id)}`, 303);
    } catch (e) {
      return page(c, { edit: { id, values, errors: errorsOf(e) } }, 400);
    }
  })
  .post('/budgets/:id/delete', permit('analytics:write'), async (c) => {
    await deleteBudget(c.env, c.var.db, c.req.param('id'), actorOf(c), origin(c));
    return c.redirect('/app/budgets?notice=budget_deleted', 303);
  });
