/**
 * Single sign-on with the operator's OpenID provider: `startSso` keeps state, nonce and the PKCE verifier
 * server-side (bound to the browser by a cookie secret, ten minutes, single use) and answers the provider URL;
 * `finishSso` checks the callback, exchanges the code, verifies the ID token and signs the person in.
 */
import { accountsStore } from '../../db/accounts-store';
import { ssoStore } from '../../db/sso-store';
import { randomBytes, sha256Hex, toBase64Url } from '../../crypto/encoding';
import type { Bindings } from '../../env';
import type { ClientInfo, SignedIn } from '../accounts';
import { SESSION_TTL_MS, csrfTokenFor, newSessionToken } from '../credentials';
import { LOGIN_LIMITS, enforceLimits } from '../rate-limit';
import { providerMetadata } from './discovery';
import { resolveSsoUser, type SsoAudit } from './link';
import type { SsoSettings } from './settings';
import { SsoError } from './sso-error';
import { authorizationUrl, exchangeCode, pkceChallenge, userInfo, verifyIdToken } from './tokens';

export const SSO_LOGIN_TTL_MS = 10 * 60_000;
/** Each start writes a row: at most this many per IP per ten minutes (well above what people signing in need). */
export const SSO_START_LIMITS = (ip: string | null) => [{ key: `sso:start:ip:${ip ?? 'unknown'}`, max: 60, windowMs: 10 * 60_000 }];
const random = () => toBase64Url(randomBytes(32));

/** Answers the provider's authorization URL and the secret for the browser-binding cookie. */
export async function startSso(env: Bindings, s: SsoSettings, a: { redirectUri: string; next: string; ip: string | null }) {
  await enforceLimits(accountsStore(env), SSO_START_LIMITS(a.ip));
  const metadata = await providerMetadata(s.issuer);
  const state = random();
  const nonce = random();
  const verifier = random();
  const browserSecret = random();
  await ssoStore(env).savePendingLogin({
    stateHash: await sha256Hex(state),
    browserHash: await sha256Hex(browserSecret),
    nonce,
    codeVerifier: verifier,
    next: a.next,
    expiresAt: Date.now() + SSO_LOGIN_TTL_MS,
  });
  const url = authorizationUrl(metadata, s, { redirectUri: a.redirectUri, state, nonce, challenge: await pkceChallenge(verifier) });
  return { url, browserSecret };
}

export type CallbackQuery = { state?: string; code?: string; error?: string; iss?: string };

/** Checks the callback and signs the person in; every refusal is an SsoError (shown on a 400 page). */
export async function finishSso(
  env: Bindings,
  s: SsoSettings,
  a: { redirectUri: string; query: CallbackQuery; browserSecret: string | undefined; client: ClientInfo; audit: SsoAudit },
): Promise<SignedIn & { next: string }> {
  const restart = 'This sign-in has expired or was already used. Start again from the login page.';
  if (!a.query.state) throw new SsoError('state_missing', restart);
  // Taken out before anything else: whatever happens next, this state cannot be used a second time.
  const pending = await ssoStore(env).takePendingLogin(await sha256Hex(a.query.state));
  if (!pending || pending.expiresAt < Date.now()) throw new SsoError('state_unknown', restart);
  if (!a.browserSecret || (await sha256Hex(a.browserSecret)) !== pending.browserHash)
    throw new SsoError('browser_mismatch', 'This sign-in was started in another browser or tab. Start again from the login page.');
  if (a.query.error || !a.query.code) throw new SsoError('provider_refused', `Sign-in with ${s.name} was cancelled or refused.`);

  const accounts = accountsStore(env);
  await enforceLimits(accounts, LOGIN_LIMITS(a.client.ip));
  const metadata = await providerMetadata(s.issuer);
  // RFC 9207: a provider that names itself in the response must be ours (mix-up defence).
  if (a.query.iss !== undefined && a.query.iss !== metadata.issuer)
    throw new SsoError('issuer_mismatch', 'This sign-in came back from another provider. Start again from the login page.');
  const tokens = await exchangeCode(metadata, s, { code: a.query.code, redirectUri: a.redirectUri, verifier: pending.codeVerifier });
  const claims: Record<string, unknown> = { ...(await verifyIdToken(metadata, s, tokens.idToken, pending.nonce)) };
  if ((claims.email === undefined || claims.email_verified === undefined) && tokens.accessToken) {
    const info = await userInfo(metadata, tokens.accessToken);
    // Userinfo claims count only for the same subject (OpenID Connect Core §5.3.2).
    if (info && info.sub === claims.sub) {
      claims.email ??= info.email;
      claims.email_verified ??= info.email_verified;
      claims.name ??= info.name;
    }
  }

  const { token, hash } = await newSessionToken();
  const expiresAt = Date.now() + SESSION_TTL_MS;
  const session = { tokenHash: hash, expiresAt, ...a.client };
  const user = await resolveSsoUser(env, s, {
    issuer: metadata.issuer,
    subject: claims.sub as string,
    email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '',
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    name: typeof claims.name === 'string' ? claims.name.trim().slice(0, 100) : null,
    session,
    audit: a.audit,
  });
  const sessionId = user.sessionId ?? (await accounts.createSession(user.tenantIds[0]!, user.userId, session));
  for (const tenantId of user.tenantIds) a.audit(tenantId, user.userId, 'auth.sso_login');
  return {
    tenantId: user.tenantIds[0]!,
    userId: user.userId,
    sessionId,
    token,
    expiresAt,
    csrfToken: await csrfTokenFor(sessionId, env.SESSION_SECRET),
    next: pending.next,
  };
}
