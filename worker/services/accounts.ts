// Sign-up, login and logout: the account logic shared by the JSON API and the HTML forms.
import { z } from 'zod';
import { accountsStore } from '../db/accounts-store';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../crypto/password';
import type { Bindings } from '../env';
import { forgetAuth } from '../middleware/auth-cache';
import { AppError } from '../errors';
import { type Actor, actorFor } from '../lib/actor';
import { slugify, uniqueSlug } from '../lib/slug';
import { SESSION_TTL_MS, csrfTokenFor, newSessionToken } from './credentials';
import { LOGIN_LIMITS, SIGNUP_LIMITS, checkLoginFailures, countLoginFailure, enforceLimits } from './rate-limit';
import { helloWorldAgent } from './starter-agent';

const email = z
  .string({ error: 'Enter your email address' })
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long')
  .pipe(z.email({ error: 'Enter a valid email address' }));

export const signupSchema = z.object({
  email,
  password: z.string({ error: 'Choose a password' }).min(10, 'Use at least 10 characters').max(200, 'Use at most 200 characters'),
  organization: z.string({ error: 'Name your organization' }).trim().min(1, 'Name your organization').max(100, 'Use at most 100 characters'),
  name: z.string().trim().max(100, 'Use at most 100 characters').optional(),
});

export const loginSchema = z.object({
  email,
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200),
});

/** Who is at the other end; `waitUntil` keeps the audit events of sign-up and sign-in alive after the answer. */
export type ClientInfo = { ip: string | null; userAgent: string | null; waitUntil: (p: Promise<unknown>) => void };
export type SignedIn = { tenantId: string; userId: string; sessionId: string; token: string; csrfToken: string; expiresAt: number };

export async function signup(env: Bindings, input: z.infer<typeof signupSchema>, client: ClientInfo): Promise<SignedIn> {
  const store = accountsStore(env);
  await enforceLimits(store, SIGNUP_LIMITS(client.ip, env));
  if (await store.emailTaken(input.email)) {
    throw new AppError('conflict', 'An account with this email already exists', [{ path: 'email', message: 'is already registered' }]);
  }
  const base = slugify(input.organization, 'org');
  const tenantSlug = uniqueSlug(base, await store.tenantSlugsLike(base));
  const { token, hash } = await newSessionToken();
  const expiresAt = Date.now() + SESSION_TTL_MS;
  const starter = helloWorldAgent(input.organization);
  let ids;
  try {
    ids = await store.createAccount({
      organization: input.organization,
      tenantSlug,
      email: input.email,
      name: input.name || null,
      passwordHash: await hashPassword(input.password),
      starterAgent: starter,
      session: { tokenHash: hash, expiresAt, ip: client.ip, userAgent: client.userAgent },
    });
  } catch (e) {
    // Two sign-ups racing for the same email (or tenant slug): the unique index decides, the loser gets 409.
    if (String(e).includes('UNIQUE'))
      throw new AppError('conflict', 'An account with this email already exists', [{ path: 'email', message: 'is already registered' }]);
    throw e;
  }
  const actor = actorFor(env, client.waitUntil, ids.tenantId, { type: 'user', id: ids.userId }, client.ip);
  actor.audit({ action: 'organization.create', resource: { type: 'organization', id: ids.tenantId }, changes: { name: { after: input.organization } } });
  actor.audit({ action: 'agent.create', resource: { type: 'agent', id: ids.agentId }, changes: { name: { after: starter.config.name } } });
  return {
    tenantId: ids.tenantId,
    userId: ids.userId,
    sessionId: ids.sessionId,
    token,
    expiresAt,
    csrfToken: await csrfTokenFor(ids.sessionId, env.SESSION_SECRET),
  };
}

/** Wrong password and unknown email answer the same 401 after the same amount of work. */
export async function login(env: Bindings, input: z.infer<typeof loginSchema>, client: ClientInfo): Promise<SignedIn> {
  const store = accountsStore(env);
  await enforceLimits(store, LOGIN_LIMITS(client.ip));
  await checkLoginFailures(store, client.ip, input.email);
  const candidate = await store.loginCandidate(input.email);
  const ok = await verifyPassword(input.password, candidate?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!candidate || !ok) {
    await countLoginFailure(store, client.ip, input.email);
    // A known email: each of the person's organizations hears of the attempt (an unknown one records nothing).
    if (candidate)
      for (const tenantId of await store.tenantsOf(candidate.userId))
        actorFor(env, client.waitUntil, tenantId, { type: 'user', id: candidate.userId }, client.ip).audit({
          action: 'auth.login_failed',
          resource: { type: 'user', id: candidate.userId },
        });
    throw new AppError('unauthorized', 'Email or password is incorrect');
  }
  const { token, hash } = await newSessionToken();
  const expiresAt = Date.now() + SESSION_TTL_MS;
  const sessionId = await store.createSession(candidate.tenantId, candidate.userId, { tokenHash: hash, expiresAt, ip: client.ip, userAgent: client.userAgent });
  actorFor(env, client.waitUntil, candidate.tenantId, { type: 'user', id: candidate.userId }, client.ip).audit({
    action: 'auth.login',
    resource: { type: 'user', id: candidate.userId },
  });
  return {
    tenantId: candidate.tenantId,
    userId: candidate.userId,
    sessionId,
    token,
    expiresAt,
    csrfToken: await csrfTokenFor(sessionId, env.SESSION_SECRET),
  };
}

export async function logout(env: Bindings, sessionId: string, actor: Actor): Promise<void> {
  await accountsStore(env).revokeSession(sessionId);
  forgetAuth({ sessionId });
  actor.audit({ action: 'auth.logout', resource: { type: 'user', id: actor.id } });
}
