/**
 * The budget check every turn passes before any model call (AgentSession.chatStream / chatJson / completions /
 * respond): a spent blocking budget of the organization or of the agent refuses the turn with 402 budget_exceeded.
 * No D1 on this path: the remaining budget is held by the tenant's meter object and cached in the isolate, the way
 * the rate limiter holds counts (worker/services/api-limits.ts).
 *
 * CONTRACT (issue 16 foundation): the budgets branch implements it; until then nothing is ever refused.
 */
import type { Bindings } from '../env';
import type { ChatRefusal } from './turn-policy';

export async function budgetRefusal(_env: Bindings, _tenantId: string, _agentId: string): Promise<ChatRefusal | null> {
  return null;
}
