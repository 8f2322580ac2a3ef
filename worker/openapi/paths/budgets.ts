// OpenAPI entries of worker/routes/api/budgets.ts.
import { budgetInput } from '../../schemas/analytics';
import { budgetPatch } from '../../schemas/budgets';
import { routeDocs } from '../registry';

const TAG = 'Analytics';
const one = { id: 'The budget id (`bud_…`)' };
const HOW =
  'A budget limits the cost (USD, at each turn’s model prices) of the organization (`scope: "tenant"`) or of one agent in a calendar month (UTC). ' +
  '`action: "block"`: once the month’s spend reaches the limit, every new turn of that scope is refused before any model call with 402 `budget_exceeded` ' +
  '(the turn that crosses the limit finishes). `action: "alert"` never refuses. Owners and admins are emailed at 50, 80 and 100 %, once per budget and month. ' +
  'A change takes effect within seconds.';

export const docs = routeDocs([
  {
    method: 'post',
    path: '/api/v1/budgets',
    operationId: 'createBudget',
    tag: TAG,
    scopes: ['analytics:write'],
    body: budgetInput,
    summary: 'Create a monthly budget (admins)',
    description: `${HOW} \`agent_id\` must name an agent of the organization (else 400 naming \`agent_id\`).`,
    responses: { 201: { description: 'The budget', schema: 'Budget' } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/budgets',
    operationId: 'listBudgets',
    tag: TAG,
    scopes: ['analytics:read'],
    summary: 'The organization’s budgets with this month’s spend',
    description: '`spent_usd` is this month’s spend as the meter holds it; `reached_pct` the highest alert threshold reached (0, 50, 80 or 100).',
    responses: { 200: { description: 'Every budget, oldest first (no pagination)', schema: 'BudgetList' } },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/v1/budgets/{id}',
    operationId: 'getBudget',
    tag: TAG,
    scopes: ['analytics:read'],
    params: one,
    summary: 'Read a budget',
    responses: { 200: { description: 'The budget', schema: 'Budget' } },
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/v1/budgets/{id}',
    operationId: 'updateBudget',
    tag: TAG,
    scopes: ['analytics:write'],
    params: one,
    body: budgetPatch,
    summary: 'Change a budget’s limit or action (admins)',
    description: 'Raising the limit or switching a spent budget to `alert` lets turns through again within seconds.',
    responses: { 200: { description: 'The budget', schema: 'Budget' } },
    errors: [400, 404],
  },
  {
    method: 'delete',
    path: '/api/v1/budgets/{id}',
    operationId: 'deleteBudget',
    tag: TAG,
    scopes: ['analytics:write'],
    params: one,
    summary: 'Delete a budget (admins)',
    responses: { 204: { description: 'Deleted' } },
    errors: [404],
  },
]);
