// Budget changes (PATCH /api/v1/budgets/:id) and the list answer; the budget itself is in worker/schemas/analytics.ts.
import { z } from 'zod';
import { BUDGET_ACTIONS, budget } from './analytics';

/** The limit and the action may change; the scope and the agent stay (make another budget for another scope). */
export const budgetPatch = z
  .strictObject({
    limit_usd: z.number().positive().max(10_000_000).optional(),
    action: z.enum(BUDGET_ACTIONS).optional(),
  })
  .refine((p) => p.limit_usd !== undefined || p.action !== undefined, { message: 'Send limit_usd or action' });
export type BudgetPatch = z.infer<typeof budgetPatch>;

export const budgetList = z.object({ data: z.array(budget), next_cursor: z.null() });
export type BudgetListJson = z.infer<typeof budgetList>;
