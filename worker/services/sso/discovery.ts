/**
 * The provider's metadata (`<issuer>/.well-known/openid-configuration`) and signing keys (its JWKS), fetched with
 * the platform fetch and kept in this isolate as plain data for an hour. Plain data, not pending promises or
 * jose's remote key set: workerd refuses to let one request wait on I/O that another request started.
 */
import type { JSONWebKeySet } from 'jose';
import { SsoError } from './sso-error';

export type ProviderMetadata = {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  token_endpoint_auth_methods_supported?: string[];
  id_token_signing_alg_values_supported?: string[];
};

const TTL_MS = 3600_000;
/** A key id we do not know triggers a refetch of the JWKS (key rotation), at most this often. */
const JWKS_REFETCH_MS = 60_000;
const TIMEOUT_MS = 10_000;

const metadataCache = new Map<string, { value: ProviderMetadata; at: number }>();
const jwksCache = new Map<string, { value: JSONWebKeySet; at: number }>();

const unreachable = () => new SsoError('provider_unreachable', 'The sign-in provider could not be reached. Try again in a moment.');

/** http(s) only, for every URL the metadata names. */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

async function getJson(url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw unreachable();
  }
  if (!res.ok) throw unreachable();
  try {
    return await res.json();
  } catch {
    throw new SsoError('provider_misconfigured', 'The sign-in provider answered something unexpected.');
  }
}

export async function providerMetadata(issuer: string, now = Date.now()): Promise<ProviderMetadata> {
  const hit = metadataCache.get(issuer);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const doc = (await getJson(`${issuer}/.well-known/openid-configuration`)) as Partial<ProviderMetadata> | null;
  const bad = () => new SsoError('provider_misconfigured', 'The sign-in provider is not set up correctly. Tell the operator of this site.');
  // The metadata must name the issuer the operator configured (OpenID Connect Discovery §4.3).
  if (!doc || typeof doc.issuer !== 'string' || doc.issuer.replace(/\/+$/, '') !== issuer) throw bad();
  const authorization_endpoint = httpUrl(doc.authorization_endpoint);
  const token_endpoint = httpUrl(doc.token_endpoint);
  const jwks_uri = httpUrl(doc.jwks_uri);
  if (!authorization_endpoint || !token_endpoint || !jwks_uri) throw bad();
  const value: ProviderMetadata = {
    issuer: doc.issuer,
    authorization_endpoint,
    token_endpoint,
    jwks_uri,
    userinfo_endpoint: httpUrl(doc.userinfo_endpoint) ?? undefined,
    token_endpoint_auth_methods_supported: Array.isArray(doc.token_endpoint_auth_methods_supported) ? doc.token_endpoint_auth_methods_supported : undefined,
    id_token_signing_alg_values_supported: Array.isArray(doc.id_token_signing_alg_values_supported) ? doc.id_token_signing_alg_values_supported : undefined,
  };
  metadataCache.set(issuer, { value, at: now });
  return value;
}

/** The provider's keys; `refresh` asks again (when a token names a key we do not have), at most once a minute. */
export async function providerKeys(jwksUri: string, refresh = false, now = Date.now()): Promise<JSONWebKeySet> {
  const hit = jwksCache.get(jwksUri);
  if (hit && now - hit.at < (refresh ? JWKS_REFETCH_MS : TTL_MS)) return hit.value;
  const doc = (await getJson(jwksUri)) as Partial<JSONWebKeySet> | null;
  if (!doc || !Array.isArray(doc.keys)) throw new SsoError('provider_misconfigured', 'The sign-in provider published no signing keys.');
  const value = { keys: doc.keys };
  jwksCache.set(jwksUri, { value, at: now });
  return value;
}
