// Members of an organization: list, change a role, remove (or leave). The organization always keeps an owner;
// admins manage everyone but owners; removing someone ends their sessions and keys in it at once.
import { z } from 'zod';
import type { MemberRow, TenantDb } from '../db/tenant-db';
import type { Auth, Role } from '../env';
import { AppError, notFound } from '../errors';
import { iso } from '../lib/iso';
import { forgetAuth, forgetMember } from '../middleware/auth-cache';
import type { MemberJson } from '../schemas/teams';
import { assertCan } from './permissions';

export const roleSchema = z.enum(['owner', 'admin', 'member', 'viewer'], { error: 'Choose owner, admin, member or viewer' });
export const changeRoleSchema = z.object({ role: roleSchema });

export const memberJson = (m: MemberRow): MemberJson => ({ user: { id: m.userId, email: m.email, name: m.name }, role: m.role, joined_at: iso(m.createdAt) });

export async function listMembers(db: TenantDb): Promise<MemberJson[]> {
  return (await db.members.list()).map(memberJson);
}

/** The member `userId` of this organization, or 404 (also for another organization's member). */
export async function getMember(db: TenantDb, userId: string): Promise<MemberRow> {
  const m = await db.members.get(userId);
  if (!m) throw notFound('Member');
  return m;
}

function refuseOwnerChange(auth: Auth, what: string) {
  if (auth.role !== 'owner') throw new AppError('forbidden', `Only owners can ${what}`, [{ path: 'permission', message: 'members:write' }]);
}

/** Changes a member's role; returns the role before and after (equal when nothing changed). */
export async function changeMemberRole(db: TenantDb, auth: Auth, userId: string, role: Role) {
  const target = await getMember(db, userId);
  assertCan(auth, 'members:write');
  if (target.role === 'owner') refuseOwnerChange(auth, 'change the role of an owner');
  if (role === 'owner') refuseOwnerChange(auth, 'make someone an owner');
  if (target.role === role) return { member: target, before: target.role, after: role };
  if (!(await db.members.setRole(userId, role)))
    throw new AppError('conflict', 'The last owner cannot be demoted: make someone else an owner first', [{ path: 'role', message: 'last owner' }]);
  forgetMember(db.tenantId, userId);
  return { member: { ...target, role }, before: target.role, after: role };
}

/**
 * Removes a member, or lets a signed-in person leave (`self`). Their browser sessions in this organization and
 * their API keys in it are revoked in the same batch and forgotten by this isolate at once; the session of a person
 * leaving is kept for `afterLeaving` (memberships.ts) to move to another organization or end.
 */
export async function removeMember(db: TenantDb, auth: Auth, userId: string) {
  const target = await getMember(db, userId);
  const self = auth.kind === 'session' && auth.userId === userId;
  if (!self) {
    assertCan(auth, 'members:write');
    if (target.role === 'owner') refuseOwnerChange(auth, 'remove an owner');
  }
  const removed = await db.members.remove(userId, self && auth.kind === 'session' ? auth.sessionId : null);
  if (!removed)
    throw new AppError('conflict', `The last owner cannot ${self ? 'leave' : 'be removed'}: make someone else an owner first`, [
      { path: 'user_id', message: 'last owner' },
    ]);
  forgetMember(db.tenantId, userId);
  for (const sessionId of removed.sessionIds) forgetAuth({ sessionId });
  for (const keyId of removed.keyIds) forgetAuth({ keyId });
  return { member: target, self };
}
