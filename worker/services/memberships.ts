// Several organizations per person: the memberships `/me` lists, switching a browser session to another
// organization, creating a new one (its creator is the owner). API keys stay bound to their own organization.
import { z } from 'zod';
import { accountsStore } from '../db/accounts-store';
import { organizationsStore } from '../db/organizations-store';
import type { Auth, Bindings } from '../env';
import { AppError, notFound } from '../errors';
import { slugify, uniqueSlug } from '../lib/slug';
import { forgetAuth } from '../middleware/auth-cache';
import type { MembershipJson } from '../schemas/accounts';
import { enforceLimits } from './rate-limit';
import { helloWorldAgent } from './starter-agent';

export const switchSchema = z.object({
  tenant_id: z.string({ error: 'Give the organization’s tenant_id' }).min(1, 'Give the organization’s tenant_id').max(100),
});
export const createOrganizationSchema = z.object({
  name: z.string({ error: 'Name your organization' }).trim().min(1, 'Name your organization').max(100, 'Use at most 100 characters'),
});

/** The caller's organizations; an API key sees only its own. */
export async function membershipsOf(env: Bindings, auth: Auth): Promise<MembershipJson[]> {
  const rows = await organizationsStore(env).membershipsOf(auth.userId!);
  return rows.filter((r) => auth.kind === 'session' || r.tenantId === auth.tenantId).map((r) => ({ tenant: { id: r.tenantId, name: r.name }, role: r.role }));
}

function sessionOnly(auth: Auth, what: string): Extract<Auth, { kind: 'session' }> {
  if (auth.kind !== 'session')
    throw new AppError('forbidden', `API keys are bound to their organization: ${what} signed in as a person`, [{ path: 'credential', message: 'api_key' }]);
  return auth;
}

/** Moves the browser session to `tenantId`; 404 unless the person is a member there. */
export async function switchOrganization(env: Bindings, auth: Auth, tenantId: string) {
  const session = sessionOnly(auth, 'switch organizations');
  const store = organizationsStore(env);
  const m = await store.membership(session.userId, tenantId);
  if (!m) throw notFound('Organization');
  await store.switchSession(session.sessionId, session.userId, tenantId);
  forgetAuth({ sessionId: session.sessionId });
  return { tenantId, from: session.tenantId, role: m.role };
}

const CREATE_LIMITS = (userId: string) => [{ key: `orgs:create:${userId}`, max: 10, windowMs: 3600_000 }];

/** A new organization owned by the caller, with the starter agent; the session moves to it. */
export async function createOrganization(env: Bindings, auth: Auth, name: string, ip: string | null) {
  const session = sessionOnly(auth, 'create organizations');
  await enforceLimits(accountsStore(env), CREATE_LIMITS(session.userId));
  const store = organizationsStore(env);
  const base = slugify(name, 'org');
  const slug = uniqueSlug(base, await store.tenantSlugsLike(base));
  const tenantId = await store.create({ name, slug, userId: session.userId, ip, starterAgent: helloWorldAgent(name) });
  await store.switchSession(session.sessionId, session.userId, tenantId);
  forgetAuth({ sessionId: session.sessionId });
  return { tenantId, name };
}

/**
 * After a person left an organization: their browser session moves to another organization of theirs, or ends.
 * Returns the organization it moved to, or null (signed out).
 */
export async function afterLeaving(env: Bindings, auth: Auth): Promise<string | null> {
  if (auth.kind !== 'session') return null;
  const next = (await organizationsStore(env).membershipsOf(auth.userId)).find((m) => m.tenantId !== auth.tenantId);
  if (!next) {
    // Signed out of the organization they left: no audit entry there (the member.leave entry says it).
    await accountsStore(env).revokeSession(auth.sessionId);
    forgetAuth({ sessionId: auth.sessionId });
    return null;
  }
  await organizationsStore(env).switchSession(auth.sessionId, auth.userId, next.tenantId);
  forgetAuth({ sessionId: auth.sessionId });
  return next.tenantId;
}
