/**
 * Plan quotas (issue 17 §2; ARCHITECTURE.md "Billing"). CONTRACT STUBS laid by the lead; the billing-quotas helper
 * implements them (and documents the design here), the billing-stripe helper calls `billingChanged`.
 * - `quotaRefusal`: checked before any model call on every surface, with no D1 round trip (per-tenant counter object
 *   plus an isolate cache, like budgets): a 402 `quota_exceeded` refusal naming the limit, or null.
 * - `billingChanged`: after a verified webhook changed an organization's plan, status or period, the counter object
 *   learns it (and this isolate at once).
 * - `assertCountLimit`: at creation of an agent, an embed key or a membership/invitation, 402 `quota_exceeded` when the
 *   plan's count limit is reached.
 */
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import type { ChatRefusal } from './turn-policy';

export async function quotaRefusal(_env: Bindings, _tenantId: string, _agentId: string): Promise<ChatRefusal | null> {
  return null;
}

export async function billingChanged(_env: Bindings, _tenantId: string): Promise<void> {}

export async function assertCountLimit(_env: Bindings, _db: TenantDb, _limit: 'agents' | 'seats' | 'embed_keys'): Promise<void> {}
