// Invitations: an admin invites an email with a role; the single-use link (7 days, only its SHA-256 stored) is shown
// once and mailed when a sender is configured. Accepting works signed in (the invited account) or as a new person.
import { assertCountLimit, assertSeatForJoin } from './quota';
import { z } from 'zod';
import { sha256Hex } from '../crypto/encoding';
import { hashPassword } from '../crypto/password';
import { accountsStore } from '../db/accounts-store';
import { invitationsStore } from '../db/invitations-store';
import { organizationsStore } from '../db/organizations-store';
import type { InvitationRow, TenantDb } from '../db/tenant-db';
import { emailSender } from '../email/email-sender';
import type { Auth, Bindings, Role } from '../env';
import { AppError, notFound } from '../errors';
import { iso } from '../lib/iso';
import { forgetAuth } from '../middleware/auth-cache';
import type { InvitationCreatedJson, InvitationJson } from '../schemas/teams';
import { loginSchema, signupSchema, type ClientInfo, type SignedIn } from './accounts';
import { SESSION_TTL_MS, csrfTokenFor, newSessionToken } from './credentials';
import { roleSchema } from './members';
import { SIGNUP_LIMITS, enforceLimits } from './rate-limit';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export const createInvitationSchema = z.object({ email: loginSchema.shape.email, role: roleSchema });
export const acceptInvitationSchema = z.object({
  token: z.string({ error: 'The invitation link is incomplete' }).min(20, 'The invitation link is incomplete').max(200),
  name: z.string().trim().min(1, 'Enter your name').max(100, 'Use at most 100 characters').optional(),
  password: signupSchema.shape.password.optional(),
});

export const invitationLink = (origin: string, token: string) => `${origin}/invite/${encodeURIComponent(token)}`;

export function invitationJson(r: InvitationRow, now = Date.now()): InvitationJson {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    status: r.expiresAt > now ? 'pending' : 'expired',
    expires_at: iso(r.expiresAt),
    created_at: iso(r.createdAt),
  };
}

/** Only an owner may hand out (or re-send) the owner role. */
function checkGrantable(auth: Auth, role: Role) {
  if (role === 'owner' && auth.role !== 'owner')
    throw new AppError('forbidden', 'Only owners can invite owners', [{ path: 'role', message: 'owner needs an owner to invite' }]);
}

/** Mails the link when a sender is configured; the promise never rejects and never logs the link. */
function mail(env: Bindings, to: string, org: string, role: Role, inviter: string, url: string): Promise<void> | null {
  const sender = emailSender(env);
  if (!sender) return null;
  return sender
    .send({
      to,
      subject: `Join ${org} on Edgent`,
      text: `${inviter} invited you to join ${org} on Edgent as ${role === 'admin' ? 'an admin' : `a ${role}`}.\n\nAccept here (the link works once, for 7 days):\n${url}\n\nIf you did not expect this, ignore this email.\n`,
    })
    .catch((e) => {
      // The provider's message may echo what it was sent: the link never reaches the log.
      const error = String(e instanceof Error ? e.message : e).replaceAll(url, '[invitation link]');
      console.error(JSON.stringify({ msg: 'invitation email failed', error }));
    });
}

async function issue(env: Bindings, db: TenantDb, auth: Auth, row: (hash: string, expiresAt: number) => Promise<InvitationRow | undefined>, origin: string) {
  const { token, hash } = await newSessionToken();
  const saved = await row(hash, Date.now() + INVITATION_TTL_MS);
  if (!saved) throw notFound('Invitation');
  const url = invitationLink(origin, token);
  const [tenant, inviter] = await Promise.all([db.tenant.get(), auth.userId ? db.tenant.user(auth.userId) : undefined]);
  const delivery = mail(env, saved.email, tenant?.name ?? 'an organization', saved.role, inviter?.name || inviter?.email || 'Someone', url);
  const json: InvitationCreatedJson = { ...invitationJson(saved), url, emailed: delivery !== null };
  return { json, delivery };
}

/** Creates an invitation: 409 when the email is already a member or already has a pending invitation. */
export async function createInvitation(env: Bindings, db: TenantDb, auth: Auth, input: z.infer<typeof createInvitationSchema>, origin: string) {
  checkGrantable(auth, input.role);
  if ((await db.members.list()).some((m) => m.email === input.email))
    throw new AppError('conflict', `${input.email} is already a member of this organization`, [{ path: 'email', message: 'is already a member' }]);
  if (await db.invitations.pendingFor(input.email))
    throw new AppError('conflict', `${input.email} already has a pending invitation: resend or revoke it`, [{ path: 'email', message: 'is already invited' }]);
  await assertCountLimit(env, db, 'seats');
  return issue(
    env,
    db,
    auth,
    (tokenHash, expiresAt) => db.invitations.create({ email: input.email, role: input.role, tokenHash, expiresAt, invitedBy: auth.userId }),
    origin,
  );
}

export async function listInvitations(db: TenantDb): Promise<InvitationJson[]> {
  const now = Date.now();
  return (await db.invitations.open()).map((r) => invitationJson(r, now));
}

/** An open (not accepted, not revoked) invitation of this organization, or 404. */
async function openInvitation(db: TenantDb, id: string) {
  const row = await db.invitations.get(id);
  if (!row || row.acceptedAt !== null || row.revokedAt !== null) throw notFound('Invitation');
  return row;
}

/** A new link (and 7 more days); the previous link stops working at once. */
export async function resendInvitation(env: Bindings, db: TenantDb, auth: Auth, id: string, origin: string) {
  const row = await openInvitation(db, id);
  checkGrantable(auth, row.role);
  return issue(env, db, auth, (tokenHash, expiresAt) => db.invitations.renew(row.id, tokenHash, expiresAt), origin);
}

export async function revokeInvitation(db: TenantDb, auth: Auth, id: string) {
  const row = await openInvitation(db, id);
  checkGrantable(auth, row.role);
  if (!(await db.invitations.revoke(id))) throw notFound('Invitation');
  return row;
}

export type InvitationState = 'open' | 'used' | 'expired' | 'revoked' | 'unknown';
const GONE: Record<Exclude<InvitationState, 'open'>, string> = {
  used: 'This invitation has already been used. If that was you, sign in; otherwise ask for a new invitation.',
  expired: 'This invitation has expired (links work for 7 days). Ask an admin of the organization to resend it.',
  revoked: 'This invitation was revoked. Ask an admin of the organization for a new one.',
  unknown: 'This invitation link is not valid: it may have been replaced by a newer one. Use the latest link, or ask for a new invitation.',
};

/** What the link's token names: its state, organization and role, and whether its email has an account. */
export async function invitationForToken(env: Bindings, token: string, now = Date.now()) {
  const store = invitationsStore(env);
  const tokenHash = await sha256Hex(token);
  const found = await store.byTokenHash(tokenHash);
  if (!found) return { state: 'unknown' as const, message: GONE.unknown };
  const inv = found.invitation;
  const state: InvitationState = inv.acceptedAt !== null ? 'used' : inv.revokedAt !== null ? 'revoked' : inv.expiresAt <= now ? 'expired' : 'open';
  const account = state === 'open' ? await store.userByEmail(inv.email) : undefined;
  return { state, message: state === 'open' ? null : GONE[state], tokenHash, invitation: inv, tenantName: found.tenantName, hasAccount: !!account, account };
}

const gone = (state: Exclude<InvitationState, 'open'>) => new AppError('gone', GONE[state], [{ path: 'token', message: state }]);

export type Accepted = { tenantId: string; tenantName: string; role: Role; userId: string; invitationId: string; signedIn?: SignedIn };

/**
 * Accepts an invitation. Signed in (a browser session of the invited email): joins, and the session moves to the
 * organization. Signed out: `name` and `password` make the new account (an existing account must sign in first),
 * with its first session.
 */
export async function acceptInvitation(
  env: Bindings,
  input: z.infer<typeof acceptInvitationSchema>,
  caller: Auth | null,
  client: ClientInfo,
): Promise<Accepted> {
  const found = await invitationForToken(env, input.token);
  if (found.state !== 'open') throw gone(found.state);
  const inv = found.invitation;
  await assertSeatForJoin(env, inv.tenantId);
  const store = invitationsStore(env);
  const base = { tenantId: inv.tenantId, tenantName: found.tenantName, role: inv.role, invitationId: inv.id };
  if (caller) {
    if (caller.kind !== 'session')
      throw new AppError('forbidden', 'Accept an invitation signed in as a person, not with an API key', [{ path: 'credential', message: 'api_key' }]);
    if (found.account?.id !== caller.userId)
      throw new AppError('forbidden', `This invitation is for ${inv.email}. Log out, then open the link again to accept it as that person.`, [
        { path: 'email', message: 'belongs to another account' },
      ]);
    if (await store.isMember(inv.tenantId, caller.userId)) throw new AppError('conflict', `You already belong to ${found.tenantName}`);
    if (!(await store.consume(inv.id, found.tokenHash))) throw gone('used');
    await store.join(inv.id, inv.tenantId, caller.userId, inv.role);
    await organizationsStore(env).switchSession(caller.sessionId, caller.userId, inv.tenantId);
    forgetAuth({ sessionId: caller.sessionId });
    return { ...base, userId: caller.userId };
  }
  if (found.hasAccount)
    throw new AppError('conflict', `An account with ${inv.email} already exists: sign in, then open the link again`, [
      { path: 'email', message: 'has an account' },
    ]);
  const missing = [
    ...(input.name ? [] : [{ path: 'name', message: 'Enter your name' }]),
    ...(input.password ? [] : [{ path: 'password', message: 'Choose a password' }]),
  ];
  if (missing.length) throw new AppError('validation_failed', 'A new account needs a name and a password', missing);
  await enforceLimits(accountsStore(env), SIGNUP_LIMITS(client.ip, env));
  const passwordHash = await hashPassword(input.password!);
  if (!(await store.consume(inv.id, found.tokenHash))) throw gone('used');
  const { token, hash } = await newSessionToken();
  const expiresAt = Date.now() + SESSION_TTL_MS;
  const { userId, sessionId } = await store.joinAsNewUser({
    invitationId: inv.id,
    tenantId: inv.tenantId,
    role: inv.role,
    email: inv.email,
    name: input.name!,
    passwordHash,
    session: { tokenHash: hash, expiresAt, ...client },
  });
  const signedIn: SignedIn = { tenantId: inv.tenantId, userId, sessionId, token, expiresAt, csrfToken: await csrfTokenFor(sessionId, env.SESSION_SECRET) };
  return { ...base, userId, signedIn };
}
