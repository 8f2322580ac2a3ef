// The EVENTS consumer's read of billing accounts for many tenants at once (meter reporting,
// worker/billing/meter-reporting.ts): one query per queue batch, the tenant ids bound in chunks under D1's 100
// parameters.
import { inArray } from 'drizzle-orm';
import { database } from './client';
import type { BillingAccount } from './repos/billing';
import { billingAccounts } from './schema';

export async function billingAccountsOf(env: { DB: D1Database }, tenantIds: string[]): Promise<Map<string, BillingAccount>> {
  const out = new Map<string, BillingAccount>();
  const ids = [...new Set(tenantIds)];
  for (let i = 0; i < ids.length; i += 90) {
    const rows = await database(env)
      .select()
      .from(billingAccounts)
      .where(inArray(billingAccounts.tenantId, ids.slice(i, i + 90)))
      .all();
    for (const r of rows) out.set(r.tenantId, r);
  }
  return out;
}
