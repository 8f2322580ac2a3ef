// Share-link tokens: derived from a random per-link salt and the server's secret (HMAC-SHA256, domain-separated), so
// the owner can be shown the URL again while D1 holds only the salt and the token's SHA-256 digest (the lookup key).
// A leaked database alone opens no link; rotating draws a new salt, so the old token stops matching at once.
import { randomBytes, sha256Hex, hmacSha256, toBase64Url } from '../crypto/encoding';

/** The visitor's URL path for a token. */
export const sharePath = (token: string) => `/s/${token}`;

/** Tokens are 43 base64url characters; anything else is not one (checked before any lookup). */
export const isShareToken = (t: string) => /^[A-Za-z0-9_-]{43}$/.test(t);

export async function shareToken(secret: string, tenantId: string, agentId: string, salt: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `edgent-share-link:v1:${tenantId}:${agentId}:${salt}`));
}

export const shareTokenHash = (token: string) => sha256Hex(`edgent-share-link:${token}`);

/** A new link for the agent: the salt to store and the digest it is found by. */
export async function newShareLink(secret: string, tenantId: string, agentId: string): Promise<{ shareSalt: string; shareTokenHash: string }> {
  const shareSalt = toBase64Url(randomBytes(16));
  return { shareSalt, shareTokenHash: await shareTokenHash(await shareToken(secret, tenantId, agentId, shareSalt)) };
}
