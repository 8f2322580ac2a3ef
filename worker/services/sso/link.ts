/**
 * Who a verified ID token is: the user already linked to its (issuer, subject), which wins over the email; else the
 * user with its verified email (linked now); else, when the operator allows it, a new account and organization.
 */
import { accountsStore, type NewSession } from '../../db/accounts-store';
import { ssoStore } from '../../db/sso-store';
import { hashPassword } from '../../crypto/password';
import { randomBytes, toBase64Url } from '../../crypto/encoding';
import type { Bindings } from '../../env';
import { slugify, uniqueSlug } from '../../lib/slug';
import { helloWorldAgent } from '../starter-agent';
import type { SsoSettings } from './settings';
import { SsoError } from './sso-error';

/** Records an audit event in one of the user's organizations (the route sends it through the EVENTS queue). */
export type SsoAudit = (tenantId: string, userId: string, action: 'auth.sso_login' | 'auth.login_failed', reason?: string) => void;

export type SsoIdentity = {
  issuer: string;
  subject: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
  /** The session to open when a new account is made (in the same batch as the account). */
  session: NewSession;
  audit: SsoAudit;
};

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export async function resolveSsoUser(env: Bindings, s: SsoSettings, id: SsoIdentity): Promise<{ userId: string; tenantIds: string[]; sessionId?: string }> {
  const store = ssoStore(env);
  const refuse = async (userId: string | null, reason: string, message: string): Promise<never> => {
    if (userId) for (const t of await store.tenantsOf(userId)) id.audit(t, userId, 'auth.login_failed', reason);
    throw new SsoError(reason, message);
  };

  // Two first sign-ins of one subject racing: the unique index keeps one link; the other is fine if it is the same user.
  const link = async (userId: string) => {
    try {
      await store.linkIdentity(userId, id.issuer, id.subject, id.email);
    } catch (e) {
      if (!String(e).includes('UNIQUE') || (await store.userByIdentity(id.issuer, id.subject))?.userId !== userId) throw e;
    }
  };

  const linked = await store.userByIdentity(id.issuer, id.subject);
  if (!id.emailVerified || !EMAIL.test(id.email))
    return refuse(
      linked?.userId ?? null,
      'email_unverified',
      `${s.name} did not confirm a verified email address for this account, so Edgent cannot sign you in.`,
    );

  let userId: string;
  if (linked) {
    userId = linked.userId;
    await store.touchIdentity(linked.identityId);
  } else {
    const byEmail = await store.userByEmail(id.email);
    if (byEmail) {
      // One identity per provider and user: a second subject with the same email is someone else at the provider.
      if (await store.identityAt(byEmail.id, id.issuer))
        return refuse(byEmail.id, 'identity_conflict', `This Edgent account is linked to another ${s.name} account.`);
      userId = byEmail.id;
      await link(userId);
    } else {
      if (!s.signup) throw new SsoError('no_account', `No Edgent account uses ${id.email}. Ask an administrator of your organization for an invitation.`);
      const created = await createSsoAccount(env, id);
      await link(created.userId);
      return { userId: created.userId, tenantIds: [created.tenantId], sessionId: created.sessionId };
    }
  }
  const tenantIds = await store.tenantsOf(userId);
  if (!tenantIds.length) throw new SsoError('no_membership', 'Your account belongs to no organization any more. Ask for an invitation.');
  return { userId, tenantIds };
}

/** A new person: an account and organization as sign-up makes them, with a random password nobody knows (reset it to get one). */
async function createSsoAccount(env: Bindings, id: SsoIdentity) {
  const accounts = accountsStore(env);
  const organization = `${id.name || id.email.split('@')[0]}'s organization`.slice(0, 100);
  const base = slugify(organization, 'org');
  const create = accounts.createAccount({
    organization,
    tenantSlug: uniqueSlug(base, await accounts.tenantSlugsLike(base)),
    email: id.email,
    name: id.name,
    passwordHash: await hashPassword(toBase64Url(randomBytes(32))),
    starterAgent: helloWorldAgent(organization),
    session: id.session,
  });
  // Two first sign-ins racing for one email: the unique index decides, the loser starts again (and is linked then).
  return create.catch((e: unknown) => {
    if (String(e).includes('UNIQUE')) throw new SsoError('account_race', 'Your account was being created by another sign-in. Start again.');
    throw e;
  });
}
