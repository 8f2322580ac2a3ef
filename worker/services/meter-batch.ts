/**
 * The EVENTS consumer's side of the budget meter (issue 17, throughput): turns that ended far from every blocking
 * limit (budget-check.ts `meterDirectly`) are not sent to the tenant's BudgetMeter one by one on their way out; their
 * usage events say `metered: false`, and this counts them here, one `addTurns` call per tenant per queue batch. The
 * meter counts each turn id once, so a redelivered batch changes nothing. A failure throws: the usage batch retries.
 */
import type { Bindings } from '../env';
import type { MeterTurn } from '../../durable-objects/budget-meter';
import type { UsageEvent } from '../queues/usage-events';

export async function countQueuedTurns(env: Bindings, events: readonly UsageEvent[]): Promise<void> {
  const byTenant = new Map<string, MeterTurn[]>();
  for (const e of events) {
    if (e.metered !== false) continue;
    let list = byTenant.get(e.tenant_id);
    if (!list) byTenant.set(e.tenant_id, (list = []));
    const cost = e.cost_usd;
    list.push({
      id: e.turn_id,
      agentId: e.agent_id,
      costUsd: typeof cost === 'number' && cost > 0 && Number.isFinite(cost) ? cost : 0,
      tokens: e.input_tokens + e.output_tokens,
      at: e.at,
    });
  }
  await Promise.all(
    [...byTenant].map(async ([tenantId, turns]) => {
      await env.BUDGET_METER.get(env.BUDGET_METER.idFromName(tenantId)).addTurns(turns);
    }),
  );
}
