// Secrets handed to callers: session tokens, CSRF tokens bound to a session, and API keys (all stored as hashes).
import { hmacSha256, randomBytes, sha256Hex, toBase64Url } from '../crypto/encoding';

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
/** lastSeenAt is refreshed at most this often, so browsing does not write to D1 on every request. */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;
export const API_KEY_PREFIX = 'edg_';

export async function newSessionToken() {
  const token = toBase64Url(randomBytes(32));
  return { token, hash: await sha256Hex(token) };
}

export const hashToken = (token: string) => sha256Hex(token);

/** The CSRF token is an HMAC of the session id: bound to the session, nothing extra to store. */
export async function csrfTokenFor(sessionId: string, secret: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `csrf:${sessionId}`));
}

/** `edg_` + 40 random base64url chars; the first 12 characters are the visible prefix. */
export async function newApiKey() {
  const key = API_KEY_PREFIX + toBase64Url(randomBytes(30));
  return { key, prefix: key.slice(0, 12), hash: await sha256Hex(key) };
}
