// Installed copies of paid listings whose subscription ended (issue 18 §5): they refuse turns on every surface with
// 402 `subscription_required` naming the listing's page to resubscribe at. The set rides in the BudgetMeter's state
// (QuotaState.stopped, loaded with the plan in quota-load.ts and reloaded by `billingChanged` after the webhook), so
// the check in budget-check.ts `turnRefusal` reads the isolate's copy: no D1 round trip on the chat path.
import { tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import type { ChatRefusal } from './turn-policy';

/** Agent id → the listing its subscription was for. */
export type StoppedAgents = Record<string, { slug: string; title: string }>;

export async function loadStoppedAgents(env: Bindings, tenantId: string): Promise<StoppedAgents> {
  return tenantDb(env, tenantId).payouts.stoppedAgents();
}

export function stoppedRefusal(stopped: StoppedAgents | undefined, agentId: string): ChatRefusal | null {
  const s = stopped?.[agentId];
  if (!s) return null;
  const page = `/marketplace/${encodeURIComponent(s.slug)}`;
  return {
    ok: false,
    status: 402,
    code: 'subscription_required',
    message: `The subscription to “${s.title}” ended, so this installed copy is stopped. Resubscribe at ${page} to use it again.`,
    limit: page,
  };
}
