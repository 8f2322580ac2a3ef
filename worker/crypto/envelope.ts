/**
 * Envelope encryption of connection credentials (ARCHITECTURE.md, Secrets). Used by services/connections.ts to
 * store secrets and by the agent runtime to read one just before an outbound call.
 *
 * - Each tenant has a random AES-256-GCM data key, stored in KV at `tenant:<t>:dek` as {v, kid, iv, wrapped}:
 *   encrypted by the master key `kid` with AAD `dek:<t>`, so a record copied to another tenant does not unwrap.
 * - Each secret is stored at `tenant:<t>:con:<c>` as {v, iv, ct}, encrypted by the data key with AAD `<t>:<c>`,
 *   so a ciphertext copied to another tenant or connection does not decrypt. Version 2 seals, with the secret, the
 *   endpoint it belongs to (base URL, auth type and its header/param/user names): the runtime calls that endpoint
 *   with it, so a credential never travels to a URL it was not stored for (version 1 records hold the bare secret).
 * - Unwrapped data keys are cached per isolate as non-extractable CryptoKeys, keyed by tenant and current master
 *   key, so a chat turn costs one KV read (the secret) and no unwrap.
 *
 * Creating a data key races when two requests of one tenant seal their first secret at once: both write, KV keeps
 * the last write, and each re-reads and adopts what KV holds. KV is only eventually consistent across locations,
 * so a race between two locations within ~60 s can still strand a secret sealed with the losing key; opening it
 * then fails loudly (re-enter the secret), never returns wrong data. The window is the tenant's very first save.
 *
 * Rotation, without downtime: generate a key (`openssl rand -base64 32`), set MASTER_KEY=`k2:<new>` and
 * MASTER_KEYS=`k1:<old>` (wrangler secret put). From then on every data key unwrapped with an older kid is
 * re-wrapped under the current key and written back (lazy migration), and `rewrapAll(env)` migrates the rest from
 * a scheduled or queue job. Once it reports nothing left (and KV has had a minute to settle), drop the old key
 * from MASTER_KEYS. Data keys never change, so stored secrets never need re-encrypting.
 */
import { fromBase64Url, randomBytes, toBase64Url } from './encoding';
import { type Keyring, type MasterKey, type MasterKeyEnv, KeyConfigError, keyring } from './master-keys';

export type SecretsEnv = MasterKeyEnv & { SECRETS: KVNamespace };
type DekRecord = { v: 1; kid: string; iv: string; wrapped: string };
type SecretRecord = { v: 1 | 2; iv: string; ct: string };

/** Where a credential may be sent, sealed with it (version 2 records). */
export type SecretEndpoint = { baseUrl: string | null; authType: string; authMeta: { header_name?: string; param_name?: string; username?: string } };
/** An opened credential; `endpoint` is null for a version 1 record (sealed before endpoints were bound). */
export type Credential = { secret: string; endpoint: SecretEndpoint | null };
/** The stored form, as read from KV: compare `ct` to tell whether it changed. */
export type SealedSecret = SecretRecord;

export class SecretStoreError extends Error {
  override name = 'SecretStoreError';
}

// Ids become parts of KV keys and AAD; refusing ':' keeps `<t>:<c>` unambiguous.
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
function checkIds(...ids: string[]) {
  for (const id of ids) if (!SAFE_ID.test(id)) throw new SecretStoreError('Tenant and connection ids must be 1-64 letters, digits, _ or -');
}

const dekKv = (t: string) => `tenant:${t}:dek`;
const secretKv = (t: string, c: string) => `tenant:${t}:con:${c}`;
const enc = new TextEncoder();

async function seal(key: CryptoKey, plain: Uint8Array, aad: string) {
  const iv = randomBytes(12);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, key, plain));
  return { iv: toBase64Url(iv), ct: toBase64Url(ct) };
}

/** Null when the tag does not verify (wrong key, wrong AAD or tampered bytes). */
async function open(key: CryptoKey, iv: string, ct: string, aad: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: enc.encode(aad) }, key, fromBase64Url(ct)));
  } catch {
    return null;
  }
}

async function readJson<T extends { v: number }>(env: SecretsEnv, key: string, fields: (keyof T)[], versions = [1]): Promise<T | null> {
  const text = await env.SECRETS.get(key);
  if (text === null) return null;
  let value: T | undefined;
  try {
    value = JSON.parse(text) as T;
  } catch {}
  if (!value || !versions.includes(value.v) || fields.some((f) => typeof value[f] !== 'string'))
    throw new SecretStoreError(`The record at ${key} is malformed`);
  return value;
}

const readDek = (env: SecretsEnv, t: string) => readJson<DekRecord>(env, dekKv(t), ['kid', 'iv', 'wrapped']);

async function writeDek(env: SecretsEnv, t: string, raw: Uint8Array, master: MasterKey): Promise<DekRecord> {
  const { iv, ct } = await seal(master.key, raw, `dek:${t}`);
  const record: DekRecord = { v: 1, kid: master.kid, iv, wrapped: ct };
  // The kid in metadata lets rewrapAll skip current records without reading them.
  await env.SECRETS.put(dekKv(t), JSON.stringify(record), { metadata: { kid: master.kid } });
  return record;
}

async function unwrap(ring: Keyring, t: string, rec: DekRecord): Promise<Uint8Array> {
  const master = ring.byKid.get(rec.kid);
  if (!master) throw new KeyConfigError(`The data key of tenant ${t} is wrapped by master key "${rec.kid}", which is not configured: add it to MASTER_KEYS`);
  const raw = await open(master.key, rec.iv, rec.wrapped, `dek:${t}`);
  if (!raw)
    throw new KeyConfigError(`Master key "${rec.kid}" does not unwrap the data key of tenant ${t}: the configured key material for "${rec.kid}" is wrong`);
  return raw;
}

const cache = new Map<string, CryptoKey>();
const cacheKey = (t: string, m: MasterKey) => `${t}|${m.kid}|${m.fingerprint}`;

/** The tenant's data key: cached, else unwrapped from KV (re-wrapped if its kid is old), else created if `create`. */
async function dataKey(env: SecretsEnv, t: string, create: boolean, fresh = false): Promise<CryptoKey | null> {
  const ring = await keyring(env);
  const ck = cacheKey(t, ring.current);
  const hit = fresh ? undefined : cache.get(ck);
  if (hit) return hit;
  let rec = await readDek(env, t);
  let raw: Uint8Array;
  if (rec) {
    raw = await unwrap(ring, t, rec);
    // Best effort: KV allows ~1 write/s per key, and a busy rotation must not fail reads; the next miss retries.
    if (rec.kid !== ring.current.kid) await writeDek(env, t, raw, ring.current).catch(() => {});
  } else {
    if (!create) return null;
    raw = randomBytes(32);
    const mine = await writeDek(env, t, raw, ring.current);
    rec = await readDek(env, t);
    if (rec && rec.iv !== mine.iv) raw = await unwrap(ring, t, rec); // another creator won: adopt its key
  }
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  raw.fill(0);
  if (cache.size >= 5000) cache.delete(cache.keys().next().value!);
  cache.set(ck, key);
  return key;
}

/**
 * Encrypts and stores the secret of a connection, replacing any previous one. With `endpoint`, the endpoint is
 * sealed with it (version 2): the runtime then sends the secret only there.
 */
export async function sealSecret(env: SecretsEnv, tenantId: string, connectionId: string, plaintext: string, endpoint?: SecretEndpoint): Promise<void> {
  checkIds(tenantId, connectionId);
  const key = (await dataKey(env, tenantId, true))!;
  const payload = endpoint ? JSON.stringify({ secret: plaintext, endpoint }) : plaintext;
  const { iv, ct } = await seal(key, enc.encode(payload), `${tenantId}:${connectionId}`);
  await env.SECRETS.put(secretKv(tenantId, connectionId), JSON.stringify({ v: endpoint ? 2 : 1, iv, ct } satisfies SecretRecord));
}

/** The stored record of a connection's secret (one KV read, nothing decrypted), or null when none is stored. */
export async function readSealedSecret(env: SecretsEnv, tenantId: string, connectionId: string): Promise<SealedSecret | null> {
  checkIds(tenantId, connectionId);
  return readJson<SecretRecord>(env, secretKv(tenantId, connectionId), ['iv', 'ct'], [1, 2]);
}

/** Decrypts a record from readSealedSecret. Throws when it does not decrypt. */
export async function openSealedSecret(env: SecretsEnv, tenantId: string, connectionId: string, rec: SealedSecret): Promise<Credential> {
  const aad = `${tenantId}:${connectionId}`;
  // A miss with a cached key retries once with KV's current data key (it may have been replaced by a racing creator).
  for (const fresh of [false, true]) {
    const key = await dataKey(env, tenantId, false, fresh);
    if (!key) break;
    const plain = await open(key, rec.iv, rec.ct, aad);
    if (!plain) continue;
    const text = new TextDecoder().decode(plain);
    if (rec.v === 1) return { secret: text, endpoint: null };
    const parsed = JSON.parse(text) as Credential;
    return { secret: parsed.secret, endpoint: parsed.endpoint };
  }
  throw new SecretStoreError(
    `The stored secret of connection ${connectionId} does not decrypt (tampered, or copied from another tenant or connection); enter it again`,
  );
}

/** The decrypted credential with the endpoint sealed with it, or null when none is stored. */
export async function openCredential(env: SecretsEnv, tenantId: string, connectionId: string): Promise<Credential | null> {
  const rec = await readSealedSecret(env, tenantId, connectionId);
  return rec ? openSealedSecret(env, tenantId, connectionId, rec) : null;
}

/** The decrypted secret, or null when none is stored. Throws when it exists but does not decrypt. */
export async function openSecret(env: SecretsEnv, tenantId: string, connectionId: string): Promise<string | null> {
  return (await openCredential(env, tenantId, connectionId))?.secret ?? null;
}

export async function deleteSecret(env: SecretsEnv, tenantId: string, connectionId: string): Promise<void> {
  checkIds(tenantId, connectionId);
  await env.SECRETS.delete(secretKv(tenantId, connectionId));
}

/** Re-wraps the tenant's data key under the current MASTER_KEY; the data key itself, and so every secret, is kept. */
export async function rewrapTenantKey(env: SecretsEnv, tenantId: string): Promise<'rewrapped' | 'current' | 'missing'> {
  checkIds(tenantId);
  const ring = await keyring(env);
  const rec = await readDek(env, tenantId);
  if (!rec) return 'missing';
  if (rec.kid === ring.current.kid) return 'current';
  const raw = await unwrap(ring, tenantId, rec);
  await writeDek(env, tenantId, raw, ring.current);
  raw.fill(0);
  return 'rewrapped';
}

export type RewrapReport = { scanned: number; rewrapped: number; current: number; failed: { tenantId: string; error: string }[] };

/** Re-wraps every tenant's data key still under an older master key (for a scheduled or queue job). */
export async function rewrapAll(env: SecretsEnv, opts: { pageSize?: number } = {}): Promise<RewrapReport> {
  const ring = await keyring(env); // a bad configuration fails here, before any tenant
  const report: RewrapReport = { scanned: 0, rewrapped: 0, current: 0, failed: [] };
  let cursor: string | undefined;
  do {
    const page = await env.SECRETS.list<{ kid?: string }>({ prefix: 'tenant:', cursor, limit: opts.pageSize ?? 1000 });
    for (const { name, metadata } of page.keys) {
      const tenantId = /^tenant:([^:]+):dek$/.exec(name)?.[1];
      if (!tenantId) continue;
      report.scanned++;
      if (metadata?.kid === ring.current.kid) {
        report.current++;
        continue;
      }
      try {
        const r = await rewrapTenantKey(env, tenantId);
        if (r === 'rewrapped') report.rewrapped++;
        if (r === 'current') report.current++;
      } catch (e) {
        report.failed.push({ tenantId, error: e instanceof Error ? e.message : String(e) });
      }
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return report;
}

export { KeyConfigError };

/**
 * Seals a small secret that is stored in a D1 row rather than in KV (a webhook trigger's signing secret): the same
 * data key, AAD `<t>:<owner>` (owner ids carry their own prefix, so they never collide with a connection's).
 * Answers the stored form, `v1.<iv>.<ct>`.
 */
export async function sealValue(env: SecretsEnv, tenantId: string, ownerId: string, plaintext: string): Promise<string> {
  checkIds(tenantId, ownerId);
  const key = (await dataKey(env, tenantId, true))!;
  const { iv, ct } = await seal(key, enc.encode(plaintext), `${tenantId}:${ownerId}`);
  return `v1.${iv}.${ct}`;
}

/** Opens what sealValue stored for the same tenant and owner; throws when it does not decrypt. */
export async function openValue(env: SecretsEnv, tenantId: string, ownerId: string, stored: string): Promise<string> {
  checkIds(tenantId, ownerId);
  const [v, iv, ct] = stored.split('.');
  if (v === 'v1' && iv && ct) {
    for (const fresh of [false, true]) {
      const key = await dataKey(env, tenantId, false, fresh);
      if (!key) break;
      const plain = await open(key, iv, ct, `${tenantId}:${ownerId}`);
      if (plain) return new TextDecoder().decode(plain);
    }
  }
  throw new SecretStoreError(`The stored secret of ${ownerId} does not decrypt`);
}
