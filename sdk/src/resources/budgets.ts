// Budgets: monthly cost limits of the organization or one agent, with this month's spend (analytics scopes).
import type { Transport } from '../client.js';
import type { Budget, BudgetInput, BudgetPatch } from '../types.js';

const id = (v: string) => encodeURIComponent(v);

export class Budgets {
  constructor(private readonly t: Transport) {}

  /** A blocking budget that is spent refuses new turns with 402 `budget_exceeded`. */
  create(input: BudgetInput): Promise<Budget> {
    return this.t.json('POST', '/api/v1/budgets', { body: input });
  }
  /** Every budget with `spent_usd` and `reached_pct` for this month. */
  list(): Promise<{ data: Budget[]; next_cursor: null }> {
    return this.t.json('GET', '/api/v1/budgets');
  }
  get(budgetId: string): Promise<Budget> {
    return this.t.json('GET', `/api/v1/budgets/${id(budgetId)}`);
  }
  update(budgetId: string, patch: BudgetPatch): Promise<Budget> {
    return this.t.json('PATCH', `/api/v1/budgets/${id(budgetId)}`, { body: patch });
  }
  delete(budgetId: string): Promise<void> {
    return this.t.json('DELETE', `/api/v1/budgets/${id(budgetId)}`);
  }
}
