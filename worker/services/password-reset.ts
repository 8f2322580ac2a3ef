// Forgot password: reset links by email (when the operator configured a sender) or made by an admin for a member;
// tokens hashed at rest, single use, one hour; a reset revokes every session of the user.
import { z } from 'zod';
import { sha256Hex } from '../crypto/encoding';
import { hashPassword } from '../crypto/password';
import { accountsStore } from '../db/accounts-store';
import { passwordResetsStore } from '../db/password-resets-store';
import type { TenantDb } from '../db/tenant-db';
import { emailSender, type EmailEnv } from '../email/email-sender';
import type { Auth, Bindings } from '../env';
import { AppError, notFound } from '../errors';
import { type Actor, actorFor } from '../lib/actor';
import { forgetAuth } from '../middleware/auth-cache';
import { type ClientInfo, loginSchema, signupSchema } from './accounts';
import { newSessionToken } from './credentials';
import { assertCan, roleAtLeast } from './permissions';
import { type Limit, enforceLimits } from './rate-limit';

export const RESET_TTL_MS = 3600_000;

export const resetRequestSchema = z.object({ email: loginSchema.shape.email });
export const resetConfirmSchema = z.object({
  token: z.string({ error: 'The reset link is incomplete' }).min(20, 'The reset link is incomplete').max(200),
  password: signupSchema.shape.password,
});

export const RESET_LIMITS = (ip: string | null, email: string): Limit[] => [
  { key: `reset:ip:${ip ?? 'unknown'}`, max: 10, windowMs: 3600_000 },
  { key: `reset:email:${email}`, max: 5, windowMs: 3600_000 },
];
const CONFIRM_LIMITS = (ip: string | null): Limit[] => [{ key: `reset-confirm:ip:${ip ?? 'unknown'}`, max: 30, windowMs: 600_000 }];

export const resetLink = (origin: string, token: string) => `${origin}/reset-password?token=${encodeURIComponent(token)}`;

export const emailConfigured = (env: EmailEnv) => emailSender(env) !== null;

/** A new reset token; the audit entry names who made the link (the user, or the admin) and never the link. */
async function newResetToken(env: Bindings, tenantId: string, userId: string, actor: Actor) {
  const { token, hash } = await newSessionToken();
  const now = Date.now();
  const byAdmin = actor.type === 'user' && actor.id !== userId;
  await passwordResetsStore(env).create({ tenantId, userId, tokenHash: hash, expiresAt: now + RESET_TTL_MS, createdBy: byAdmin ? actor.id : null }, now);
  actor.audit({ action: byAdmin ? 'user.password_reset_link' : 'user.password_reset_request', resource: { type: 'user', id: userId } });
  return token;
}

/**
 * Mails a reset link when the email belongs to an account. The answer is the same either way (no account
 * enumeration); the mail goes out in `delivery`, which the caller hands to waitUntil so timing does not tell either.
 */
export async function requestPasswordReset(env: Bindings, email: string, ip: string | null, origin: string) {
  const accounts = accountsStore(env);
  await enforceLimits(accounts, RESET_LIMITS(ip, email));
  const sender = emailSender(env);
  if (!sender) return { emailConfigured: false, delivery: null };
  const delivery = (async () => {
    const user = await accounts.loginCandidate(email);
    if (!user) return;
    const sends: Promise<unknown>[] = [];
    const actor = actorFor(env, (p) => sends.push(p), user.tenantId, { type: 'user', id: user.userId }, ip);
    const token = await newResetToken(env, user.tenantId, user.userId, actor);
    await Promise.all(sends);
    const url = resetLink(origin, token);
    await sender.send({
      to: email,
      subject: 'Reset your Edgent password',
      text: `Someone (hopefully you) asked to reset the password of your Edgent account.\n\nChoose a new password here (the link works once, for one hour):\n${url}\n\nIf it was not you, ignore this email: your password stays as it is.\n`,
    });
  })().catch((e) => console.error(JSON.stringify({ msg: 'password reset email failed', error: String(e instanceof Error ? e.message : e) })));
  return { emailConfigured: true, delivery };
}

/**
 * An admin or owner makes a one-time reset link for a member of their organization, to hand over in person.
 * Never for someone of equal or higher role (an owner may for anyone else), nor for a user who also belongs to
 * another organization: their password guards that one too.
 */
export async function createMemberResetLink(env: Bindings, db: TenantDb, auth: Auth, userId: string, actor: Actor, origin: string) {
  if (auth.kind !== 'session') throw new AppError('forbidden', 'Only a signed-in admin or owner can make reset links');
  assertCan(auth, 'members:write');
  const member = await db.tenant.user(userId);
  if (!member) throw notFound('Member');
  if (member.id === auth.userId)
    throw new AppError('bad_request', 'This is your own account: use “Forgot password” on the login page, or just log in and change it');
  if (auth.role !== 'owner' && roleAtLeast(member.role, auth.role))
    throw new AppError('forbidden', `Your role (${auth.role}) cannot reset the password of a ${member.role}`);
  if ((await passwordResetsStore(env).membershipCount(userId)) > 1) {
    throw new AppError('forbidden', 'This person also belongs to another organization; they can use “Forgot password” on the login page');
  }
  const token = await newResetToken(env, db.tenantId, userId, actor);
  return { email: member.email, url: resetLink(origin, token), expiresAt: Date.now() + RESET_TTL_MS };
}

/** Sets the new password once per token, and signs the user out everywhere. */
export async function confirmPasswordReset(env: Bindings, input: z.infer<typeof resetConfirmSchema>, client: Omit<ClientInfo, 'userAgent'>) {
  const ip = client.ip;
  await enforceLimits(accountsStore(env), CONFIRM_LIMITS(ip));
  const passwordHash = await hashPassword(input.password);
  const done = await passwordResetsStore(env).consume(await sha256Hex(input.token), passwordHash);
  if (!done)
    throw new AppError('bad_request', 'This reset link is invalid, used or expired. Ask for a new one.', [
      { path: 'token', message: 'is invalid, used or expired' },
    ]);
  for (const sessionId of done.revokedSessionIds) forgetAuth({ sessionId });
  actorFor(env, client.waitUntil, done.tenantId, { type: 'user', id: done.userId }, ip).audit({
    action: 'user.password_reset',
    resource: { type: 'user', id: done.userId },
  });
}
