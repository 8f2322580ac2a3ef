// The signed-in identity as the API shows it: {user, tenant, role}.
import type { TenantDb } from '../db/tenant-db';
import { notFound } from '../errors';
import { iso } from '../lib/iso';
import type { AccountJson } from '../schemas/accounts';

export async function identity(db: TenantDb, userId: string): Promise<AccountJson> {
  const [tenant, user] = await Promise.all([db.tenant.get(), db.tenant.user(userId)]);
  if (!tenant || !user) throw notFound('Account');
  return {
    user: { id: user.id, email: user.email, name: user.name, created_at: iso(user.createdAt) },
    tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, plan: tenant.plan, created_at: iso(tenant.createdAt) },
    role: user.role,
  };
}

/** How many times the member signed in to this organization (sign-up included): 1 means this is their first visit. */
export const signInCount = (db: TenantDb, userId: string) => db.tenant.signIns(userId);
