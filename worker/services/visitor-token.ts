/**
 * Widget visitor tokens: `<claims>.<signature>`, base64url JSON claims signed with HMAC-SHA256 (SESSION_SECRET,
 * domain-separated). Bound to the embed key, its agent, the page's origin and one session, with a short expiry.
 * Verifying is pure crypto (no D1). An expired token may still be exchanged for a fresh one for REFRESH_WINDOW_S
 * after it was issued, from the same origin, while the key is live: that is how a visitor resumes a conversation.
 */
import { fromBase64Url, hmacSha256, timingSafeEqual, toBase64Url } from '../crypto/encoding';

export const VISITOR_TOKEN_TTL_S = 3600;
export const REFRESH_WINDOW_S = 7 * 86_400;

export type VisitorClaims = {
  /** embed key id */ k: string;
  /** agent id */ a: string;
  /** origin of the page */ o: string;
  /** session id */ s: string;
  /** issued at, expires at (seconds) */ iat: number;
  exp: number;
};

const sign = async (secret: string, body: string) => toBase64Url(await hmacSha256(secret, `edgent-visitor-token:v1:${body}`));

export async function issueVisitorToken(secret: string, c: Omit<VisitorClaims, 'iat' | 'exp'>, now = Date.now()) {
  const iat = Math.floor(now / 1000);
  const claims: VisitorClaims = { ...c, iat, exp: iat + VISITOR_TOKEN_TTL_S };
  const body = toBase64Url(new TextEncoder().encode(JSON.stringify(claims)));
  return { token: `${body}.${await sign(secret, body)}`, expiresAt: new Date(claims.exp * 1000).toISOString() };
}

/** The claims of a token we signed, expired or not; null when it is malformed or the signature is wrong. */
export async function readVisitorToken(secret: string, token: string): Promise<VisitorClaims | null> {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || token.length > 2048) return null;
  if (!timingSafeEqual(sig, await sign(secret, body))) return null;
  try {
    const c = JSON.parse(new TextDecoder().decode(fromBase64Url(body))) as VisitorClaims;
    return typeof c.exp === 'number' && typeof c.iat === 'number' && typeof c.s === 'string' ? c : null;
  } catch {
    return null;
  }
}

export const tokenExpired = (c: VisitorClaims, now = Date.now()) => now >= c.exp * 1000;
export const refreshable = (c: VisitorClaims, now = Date.now()) => now < (c.iat + REFRESH_WINDOW_S) * 1000;
