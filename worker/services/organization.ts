// The organization (tenant) as its members manage it: rename, and the member list (read-only until roles land).
import { z } from 'zod';
import type { TenantDb } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import type { Role } from '../env';
import { AppError, notFound } from '../errors';
import { roleCan } from './permissions';

export const renameSchema = z.object({
  name: z.string({ error: 'Name your organization' }).trim().min(1, 'Name your organization').max(100, 'Use at most 100 characters'),
});

/** Admins and owners may rename the organization. */
export async function renameOrganization(db: TenantDb, role: Role, name: string, actor: Actor) {
  if (!roleCan(role, 'settings:write'))
    throw new AppError('forbidden', `Your role (${role}) cannot rename the organization`, [{ path: 'permission', message: 'settings:write' }]);
  const before = await db.tenant.get();
  const row = await db.tenant.rename(name);
  if (!row) throw notFound('Organization');
  if (before?.name !== row.name)
    actor.audit({
      action: 'organization.rename',
      resource: { type: 'organization', id: row.id },
      changes: { name: { before: before?.name ?? null, after: row.name } },
    });
  return row;
}

export async function members(db: TenantDb) {
  return (await db.tenant.members()).map((m) => ({ id: m.userId, email: m.email, name: m.name, role: m.role, joined_at: new Date(m.createdAt).toISOString() }));
}
