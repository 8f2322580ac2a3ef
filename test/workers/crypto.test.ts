// Envelope encryption (crypto/envelope.ts, master-keys.ts, hint.ts): round trips, tamper and copy resistance,
// master key rotation (lazy and rewrapAll), and configuration errors that never echo key material.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../worker/crypto/encoding';
import { deleteSecret, openSecret, rewrapAll, rewrapTenantKey, sealSecret, type SecretsEnv } from '../../worker/crypto/envelope';
import { secretHint } from '../../worker/crypto/hint';

const b64 = (fill: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(fill)));
const K1 = env.MASTER_KEY; // k1:<32 bytes of 7>, from vitest.config.ts
const K2 = `k2:${b64(42)}`;
const rotated: SecretsEnv = { ...env, MASTER_KEY: K2, MASTER_KEYS: K1 };
const tenant = () => `ten_test${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
const conn = () => `con_test${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
const kvJson = async (key: string, kv = env.SECRETS) => JSON.parse((await kv.get(key))!);

/** A view of the real KV under its own prefix, so a bulk rewrap here never touches other suites' tenants. */
function scopedKv(prefix: string): KVNamespace {
  const kv = env.SECRETS;
  return {
    get: (k: string) => kv.get(prefix + k),
    put: (k: string, v: string, o?: KVNamespacePutOptions) => kv.put(prefix + k, v, o),
    delete: (k: string) => kv.delete(prefix + k),
    list: async (o: KVNamespaceListOptions) => {
      const r = await kv.list({ ...o, prefix: prefix + (o.prefix ?? '') });
      return { ...r, keys: r.keys.map((k) => ({ ...k, name: k.name.slice(prefix.length) })) };
    },
  } as unknown as KVNamespace;
}

async function unwrapsWith(rawKeyB64: string, tenantId: string, kv = env.SECRETS) {
  const rec = await kvJson(`tenant:${tenantId}:dek`, kv);
  const key = await crypto.subtle.importKey(
    'raw',
    Uint8Array.from(atob(rawKeyB64), (c) => c.charCodeAt(0)),
    'AES-GCM',
    false,
    ['decrypt'],
  );
  const aad = new TextEncoder().encode(`dek:${tenantId}`);
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(rec.iv), additionalData: aad }, key, fromBase64Url(rec.wrapped)).then(
    () => true,
    () => false,
  );
}

describe('envelope: sealing and opening', () => {
  it('round-trips a secret and stores only ciphertext and a wrapped data key', async () => {
    const [t, c] = [tenant(), conn()];
    const secret = 'sk-proj-Ünïcode-🔑-0123456789abcdef';
    await sealSecret(env, t, c, secret);
    expect(await openSecret(env, t, c)).toBe(secret);
    const stored = await env.SECRETS.get(`tenant:${t}:con:${c}`);
    expect(stored).not.toContain('0123456789abcdef');
    expect(Object.keys(JSON.parse(stored!)).sort()).toEqual(['ct', 'iv', 'v']);
    expect(await kvJson(`tenant:${t}:dek`)).toMatchObject({ v: 1, kid: 'k1', iv: expect.any(String), wrapped: expect.any(String) });
  });

  it('answers null when nothing is stored, and after deletion', async () => {
    const [t, c] = [tenant(), conn()];
    expect(await openSecret(env, t, c)).toBeNull();
    await sealSecret(env, t, c, 'token-1');
    await sealSecret(env, t, c, 'token-2');
    expect(await openSecret(env, t, c)).toBe('token-2');
    await deleteSecret(env, t, c);
    expect(await openSecret(env, t, c)).toBeNull();
  });

  it('refuses a tampered ciphertext', async () => {
    const [t, c] = [tenant(), conn()];
    await sealSecret(env, t, c, 'sk-tamper-me-please');
    const rec = await kvJson(`tenant:${t}:con:${c}`);
    const ct = fromBase64Url(rec.ct);
    ct[0]! ^= 1;
    await env.SECRETS.put(`tenant:${t}:con:${c}`, JSON.stringify({ ...rec, ct: btoa(String.fromCharCode(...ct)) }));
    await expect(openSecret(env, t, c)).rejects.toThrow(/does not decrypt/);
    await env.SECRETS.put(`tenant:${t}:con:${c}`, '{"v":1}');
    await expect(openSecret(env, t, c)).rejects.toThrow(/malformed/);
  });

  it('refuses a ciphertext copied to another connection or another tenant', async () => {
    const [a, b, c, d] = [tenant(), tenant(), conn(), conn()];
    await sealSecret(env, a, c, 'sk-tenant-a-secret');
    await sealSecret(env, b, c, 'sk-tenant-b-secret');
    const copied = (await env.SECRETS.get(`tenant:${a}:con:${c}`))!;
    await env.SECRETS.put(`tenant:${a}:con:${d}`, copied);
    await expect(openSecret(env, a, d)).rejects.toThrow(/does not decrypt/);
    await env.SECRETS.put(`tenant:${b}:con:${c}`, copied);
    await expect(openSecret(env, b, c)).rejects.toThrow(/does not decrypt/);
    // Even with A's wrapped data key copied along, the AAD binds it to A.
    const e = tenant();
    await env.SECRETS.put(`tenant:${e}:dek`, (await env.SECRETS.get(`tenant:${a}:dek`))!);
    await env.SECRETS.put(`tenant:${e}:con:${c}`, copied);
    await expect(openSecret(env, e, c)).rejects.toThrow(/does not unwrap/);
  });

  it('refuses ids that could make keys or AAD ambiguous', async () => {
    await expect(sealSecret(env, 'ten_a:con', 'x', 's')).rejects.toThrow(/ids must be/);
  });
});

describe('envelope: master key rotation', () => {
  it('keeps decrypting under a new MASTER_KEY with the old one in MASTER_KEYS, re-wrapping lazily', async () => {
    const [t, c] = [tenant(), conn()];
    await sealSecret(env, t, c, 'sk-sealed-under-k1');
    expect((await kvJson(`tenant:${t}:dek`)).kid).toBe('k1');
    expect(await openSecret(rotated, t, c)).toBe('sk-sealed-under-k1');
    expect((await kvJson(`tenant:${t}:dek`)).kid).toBe('k2');
    expect(await unwrapsWith(b64(42), t)).toBe(true);
    await sealSecret(rotated, t, conn(), 'sk-sealed-under-k2');
    expect(await rewrapTenantKey(rotated, t)).toBe('current');
    expect(await rewrapTenantKey(rotated, tenant())).toBe('missing');
  });

  it('re-wraps one tenant explicitly, keeping its data key', async () => {
    const [t, c] = [tenant(), conn()];
    await sealSecret(env, t, c, 'sk-explicit-rewrap');
    expect(await rewrapTenantKey(rotated, t)).toBe('rewrapped');
    expect((await kvJson(`tenant:${t}:dek`)).kid).toBe('k2');
    expect(await unwrapsWith(b64(42), t)).toBe(true);
    expect(await openSecret({ ...env, MASTER_KEY: K2, MASTER_KEYS: '' }, t, c)).toBe('sk-explicit-rewrap');
  });

  it('rewrapAll walks every page of tenants and reports those it cannot unwrap', async () => {
    const kv = scopedKv(`rewrap-${crypto.randomUUID()}/`);
    const tenants = [tenant(), tenant(), tenant(), tenant(), tenant()];
    for (const t of tenants.slice(0, 3)) await sealSecret({ ...env, SECRETS: kv }, t, conn(), 'sk-old');
    await sealSecret({ ...rotated, SECRETS: kv }, tenants[3]!, conn(), 'sk-new');
    await sealSecret({ ...env, MASTER_KEY: `k7:${b64(9)}`, SECRETS: kv }, tenants[4]!, conn(), 'sk-lost');
    const report = await rewrapAll({ ...rotated, SECRETS: kv }, { pageSize: 2 });
    expect(report).toEqual({
      scanned: 5,
      rewrapped: 3,
      current: 1,
      failed: [{ tenantId: tenants[4], error: expect.stringContaining('"k7", which is not configured') }],
    });
    for (const t of tenants.slice(0, 4)) expect((await kvJson(`tenant:${t}:dek`, kv)).kid).toBe('k2');
    expect(await rewrapAll({ ...rotated, SECRETS: kv, MASTER_KEYS: `${K1},k7:${b64(9)}` })).toMatchObject({ scanned: 5, rewrapped: 1, current: 4, failed: [] });
  });
});

describe('envelope: master key configuration', () => {
  it('fails clearly with the wrong key material or a missing key id, without echoing keys', async () => {
    const [t, c] = [tenant(), conn()];
    await sealSecret(env, t, c, 'sk-needs-the-right-key');
    const wrong = `k1:${b64(8)}`;
    const err = await openSecret({ ...env, MASTER_KEY: wrong }, t, c).catch((e: Error) => e);
    expect(String(err)).toMatch(/KeyConfigError: Master key "k1" does not unwrap/);
    for (const k of [b64(7), b64(8)]) expect(String(err)).not.toContain(k);
    await expect(openSecret({ ...env, MASTER_KEY: K2 }, t, c)).rejects.toThrow(/"k1", which is not configured: add it to MASTER_KEYS/);
  });

  it('refuses malformed MASTER_KEY and MASTER_KEYS values, naming the problem but not the key', async () => {
    const cases: [Partial<SecretsEnv>, RegExp][] = [
      [{ MASTER_KEY: '' }, /MASTER_KEY is not set/],
      [{ MASTER_KEY: 'k1:not base64!!' }, /MASTER_KEY \(key id "k1"\) is not valid base64/],
      [{ MASTER_KEY: `k1:${btoa('sixteen bytes!!!')}` }, /decodes to 16 bytes, not 32/],
      [{ MASTER_KEY: `bad kid:${b64(1)}` }, /invalid key id/],
      [{ MASTER_KEYS: b64(3) }, /MASTER_KEYS entry 1 has no key id/],
      [{ MASTER_KEYS: `k1:${b64(3)}` }, /Key id "k1" appears twice/],
    ];
    for (const [patch, message] of cases) {
      const err = await sealSecret({ ...env, ...patch }, tenant(), conn(), 'x').catch((e: Error) => e);
      expect(String(err)).toMatch(message);
      expect(String(err)).not.toMatch(/[A-Za-z0-9+/]{40,}/);
    }
  });

  it('accepts a bare base64 key as key id k0', async () => {
    const [t, c] = [tenant(), conn()];
    await sealSecret({ ...env, MASTER_KEY: b64(5) }, t, c, 'sk-bare');
    expect((await kvJson(`tenant:${t}:dek`)).kid).toBe('k0');
    expect(await openSecret({ ...env, MASTER_KEY: `k0:${b64(5)}` }, t, c)).toBe('sk-bare');
  });
});

describe('secretHint', () => {
  it('shows a prefix and suffix of long secrets and less or nothing of short ones', () => {
    expect(secretHint('sk-proj-abcdefghijklmnop9fQa')).toBe('sk-…9fQa');
    expect(secretHint('abcdefghijklmnopq')).toBe('…pq');
    expect(secretHint('hunter2')).toBe('…');
  });
});
