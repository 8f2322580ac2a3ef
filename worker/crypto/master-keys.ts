/**
 * Master keys from Worker secrets: MASTER_KEY (`kid:base64`, 32 bytes; a bare base64 key gets kid `k0`) wraps every
 * new data key; MASTER_KEYS (`kid:base64,kid:base64`) holds older keys that may still unwrap during a rotation.
 * Configuration errors say what is wrong and where, never echoing key material.
 */
import { fromBase64Url, toHex } from './encoding';

export type MasterKey = { kid: string; key: CryptoKey; /** SHA-256 prefix of the key, for cache keys only. */ fingerprint: string };
export type Keyring = { current: MasterKey; byKid: Map<string, MasterKey> };
export type MasterKeyEnv = { MASTER_KEY?: string; MASTER_KEYS?: string };

export class KeyConfigError extends Error {
  override name = 'KeyConfigError';
}

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const FORMAT = 'expected "kid:base64" holding 32 random bytes, e.g. from `openssl rand -base64 32`';

function parseEntry(raw: string, where: string, bareKid?: string): { kid: string; bytes: Uint8Array } {
  const at = raw.indexOf(':');
  const kid = at < 0 ? bareKid : raw.slice(0, at).trim();
  const b64 = (at < 0 ? raw : raw.slice(at + 1)).trim();
  if (kid === undefined) throw new KeyConfigError(`${where} has no key id: ${FORMAT}`);
  if (!KID.test(kid)) throw new KeyConfigError(`${where} has an invalid key id (use 1-32 letters, digits, _ or -): ${FORMAT}`);
  let bytes: Uint8Array;
  try {
    if (!BASE64.test(b64)) throw new Error();
    bytes = fromBase64Url(b64);
  } catch {
    throw new KeyConfigError(`${where} (key id "${kid}") is not valid base64: ${FORMAT}`);
  }
  if (bytes.length !== 32) throw new KeyConfigError(`${where} (key id "${kid}") decodes to ${bytes.length} bytes, not 32: ${FORMAT}`);
  return { kid, bytes };
}

async function load(kid: string, bytes: Uint8Array): Promise<MasterKey> {
  const fingerprint = toHex(await crypto.subtle.digest('SHA-256', bytes)).slice(0, 16);
  const key = await crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { kid, key, fingerprint };
}

async function build(env: MasterKeyEnv): Promise<Keyring> {
  if (!env.MASTER_KEY?.trim()) throw new KeyConfigError(`MASTER_KEY is not set: ${FORMAT}`);
  const current = parseEntry(env.MASTER_KEY.trim(), 'MASTER_KEY', 'k0');
  const entries = [current];
  (env.MASTER_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .forEach((s, i) => s && entries.push(parseEntry(s, `MASTER_KEYS entry ${i + 1}`)));
  const byKid = new Map<string, MasterKey>();
  for (const { kid, bytes } of entries) {
    const key = await load(kid, bytes);
    const seen = byKid.get(kid);
    if (seen && seen.fingerprint !== key.fingerprint) {
      throw new KeyConfigError(`Key id "${kid}" appears twice in MASTER_KEY/MASTER_KEYS with different keys; key ids must be unique`);
    }
    if (!seen) byKid.set(kid, key);
  }
  return { current: byKid.get(current.kid)!, byKid };
}

// Parsed once per isolate and configuration (tests call with several configurations; production has one).
const rings = new Map<string, Promise<Keyring>>();

/** The master keys of `env`; throws KeyConfigError for a missing or malformed configuration. */
export function keyring(env: MasterKeyEnv): Promise<Keyring> {
  const id = `${env.MASTER_KEY ?? ''}\n${env.MASTER_KEYS ?? ''}`;
  let ring = rings.get(id);
  if (!ring) {
    if (rings.size >= 8) rings.clear();
    ring = build(env);
    ring.catch(() => rings.delete(id));
    rings.set(id, ring);
  }
  return ring;
}
