/**
 * The OpenID Connect exchanges with the operator's provider: the authorization URL (code flow, PKCE S256), the code
 * exchange (client_secret_basic or _post, as the provider's metadata allows) and the ID token check with jose.
 */
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { toBase64Url } from '../../crypto/encoding';
import { providerKeys, type ProviderMetadata } from './discovery';
import type { SsoSettings } from './settings';
import { SsoError } from './sso-error';

/** Seconds of clock difference tolerated between the provider and us. */
const CLOCK_SKEW_S = 60;
/** An ID token issued longer ago than this is refused, whatever its exp says. */
const MAX_TOKEN_AGE_S = 600;

export async function pkceChallenge(verifier: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function authorizationUrl(p: ProviderMetadata, s: SsoSettings, a: { redirectUri: string; state: string; nonce: string; challenge: string }): string {
  const url = new URL(p.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('redirect_uri', a.redirectUri);
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set('state', a.state);
  url.searchParams.set('nonce', a.nonce);
  url.searchParams.set('code_challenge', a.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

const tokenFailed = () => new SsoError('code_exchange_failed', 'The sign-in provider did not accept this sign-in. Start again.');

/** Exchanges the code; answers the raw ID token and access token (never logged, never shown). */
export async function exchangeCode(p: ProviderMetadata, s: SsoSettings, a: { code: string; redirectUri: string; verifier: string }) {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: a.code, redirect_uri: a.redirectUri, code_verifier: a.verifier });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  // client_secret_basic is the default when the provider lists nothing (OpenID Connect Discovery §3).
  const methods = p.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (!methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
    body.set('client_id', s.clientId);
    body.set('client_secret', s.clientSecret);
  } else {
    // RFC 6749 §2.3.1: both parts form-urlencoded before base64.
    const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
    headers.authorization = `Basic ${btoa(`${enc(s.clientId)}:${enc(s.clientSecret)}`)}`;
  }
  let res: Response;
  try {
    res = await fetch(p.token_endpoint, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new SsoError('provider_unreachable', 'The sign-in provider could not be reached. Try again in a moment.');
  }
  const json = (await res.json().catch(() => null)) as { id_token?: unknown; access_token?: unknown } | null;
  if (!res.ok || !json || typeof json.id_token !== 'string') throw tokenFailed();
  return { idToken: json.id_token, accessToken: typeof json.access_token === 'string' ? json.access_token : null };
}

const invalid = () => new SsoError('token_invalid', 'The sign-in could not be verified. Start again.');

/**
 * Verifies the ID token: signature against the provider's JWKS (refetched once for an unknown key), iss, aud,
 * exp, iat (present, not in the future, at most ten minutes old), nonce, and azp when present or when there are
 * several audiences (OpenID Connect Core §3.1.3.7).
 */
export async function verifyIdToken(p: ProviderMetadata, s: SsoSettings, idToken: string, nonce: string): Promise<JWTPayload> {
  const algorithms = (p.id_token_signing_alg_values_supported ?? ['RS256']).filter((a) => a !== 'none' && !a.startsWith('HS'));
  const options = { issuer: p.issuer, audience: s.clientId, algorithms, clockTolerance: CLOCK_SKEW_S, maxTokenAge: MAX_TOKEN_AGE_S };
  let payload: JWTPayload;
  try {
    payload = (await jwtVerify(idToken, createLocalJWKSet(await providerKeys(p.jwks_uri)), options)).payload;
  } catch (e) {
    if (!(e instanceof joseErrors.JWKSNoMatchingKey)) throw invalid();
    try {
      payload = (await jwtVerify(idToken, createLocalJWKSet(await providerKeys(p.jwks_uri, true)), options)).payload;
    } catch {
      throw invalid();
    }
  }
  if (typeof payload.iat !== 'number' || payload.iat > Date.now() / 1000 + CLOCK_SKEW_S) throw invalid();
  if (payload.nonce !== nonce) throw invalid();
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((payload.azp !== undefined || audiences.length > 1) && payload.azp !== s.clientId) throw invalid();
  if (typeof payload.sub !== 'string' || !payload.sub) throw invalid();
  return payload;
}

/** Claims the ID token left out (providers that follow the spec strictly put email only in userinfo). */
export async function userInfo(p: ProviderMetadata, accessToken: string): Promise<Record<string, unknown> | null> {
  if (!p.userinfo_endpoint) return null;
  try {
    const res = await fetch(p.userinfo_endpoint, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return null;
    const json = (await res.json()) as unknown;
    return json && typeof json === 'object' ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
