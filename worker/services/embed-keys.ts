// Embed keys (API.md, Widget): validation of allowed origins and widget settings, the public key, the API shape.
import type { Bindings } from '../env';
import { assertCountLimit } from './quota';
import { z } from 'zod';
import type { EmbedKeyRow, EmbedSettings, TenantDb } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import { diffFields } from '../lib/audit-diff';
import { randomBytes, toBase64Url } from '../crypto/encoding';
import { AppError, notFound } from '../errors';
import { getAgent } from './agents';
import { forgetEmbedKey } from './embed-key-cache';
import { iso } from '../lib/iso';
import type { EmbedKeyJson } from '../schemas/embed';

export const PUBLIC_KEY_PREFIX = 'pk_';
export const isPublicKey = (s: string) => /^pk_[A-Za-z0-9_-]{24}$/.test(s);
export const newPublicKey = () => PUBLIC_KEY_PREFIX + toBase64Url(randomBytes(18));

/**
 * `https://example.com`, `http://localhost:3000` or `https://*.example.com` (any subdomain, not the apex) to its
 * serialized form (lowercase, default port dropped), or null. Never `*` alone or a path: the point is the lock.
 */
export function normalizeOrigin(raw: string): string | null {
  const m = /^(https?:\/\/)(\*\.)?([^/?#@*]+)\/?$/i.exec(raw.trim());
  if (!m) return null;
  try {
    const url = new URL(`${m[1]}${m[2] ? 'wildcard.' : ''}${m[3]}`);
    if (url.username || url.password) return null;
    return m[2] ? url.origin.replace('://wildcard.', '://*.') : url.origin;
  } catch {
    return null;
  }
}

/** Whether the browser's `Origin` is one of `allowed` (exact, or under a `*.` wildcard with the same scheme and port). */
export function originAllowed(origin: string, allowed: string[]): boolean {
  for (const a of allowed) {
    if (a === origin) return true;
    const star = a.indexOf('://*.');
    if (star < 0) continue;
    const [scheme, rest] = [a.slice(0, star + 3), a.slice(star + 5)];
    if (!origin.startsWith(scheme)) continue;
    const host = origin.slice(scheme.length);
    if (host.endsWith(`.${rest}`) && !host.slice(0, -rest.length - 1).includes(':')) return true;
  }
  return false;
}

const MAX_ORIGINS = 20;
const origins = z
  .array(z.string().max(200))
  .min(1, 'List at least one origin, e.g. https://www.example.com')
  .max(MAX_ORIGINS, `At most ${MAX_ORIGINS} origins`)
  .transform((list, ctx) => {
    const out: string[] = [];
    list.forEach((raw, i) => {
      const o = normalizeOrigin(raw);
      if (!o) ctx.addIssue({ code: 'custom', path: [i], message: `"${raw}" is not an origin: write scheme and host, e.g. https://www.example.com` });
      else if (!out.includes(o)) out.push(o);
    });
    return out;
  });

const text = (max: number) => z.string().trim().max(max);
const theme = z.strictObject({
  title: text(60).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #4f46e5')
    .optional(),
  position: z.enum(['right', 'left']).optional(),
  mode: z.enum(['light', 'dark', 'auto']).optional(),
  avatar_url: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'Use an http(s) image URL' }).max(500)]).optional(),
});

const fields = {
  name: text(100).min(1, 'Name the key'),
  allowed_origins: origins,
  greeting: text(500),
  suggested_prompts: z.array(text(120).min(1)).max(4, 'At most 4 suggested prompts'),
  theme,
};

export const createEmbedKeySchema = z
  .strictObject({ ...fields, name: fields.name.default('Website') })
  .partial({ greeting: true, suggested_prompts: true, theme: true });
export const updateEmbedKeySchema = z.strictObject(fields).partial();

type SettingsInput = { greeting?: string; suggested_prompts?: string[]; theme?: z.infer<typeof theme> };

/** Settings as stored, `input` over `base`: empty strings and empty lists mean "not set" and are dropped. */
export function settingsOf(input: SettingsInput, base: EmbedSettings = {}): EmbedSettings {
  const merged = { ...base, ...input };
  // Theme fields merge one by one (PATCH {theme: {color}} keeps the title); "" clears one.
  const t = Object.fromEntries(Object.entries({ ...base.theme, ...input.theme }).filter(([, v]) => v !== '' && v !== undefined));
  return {
    ...(merged.greeting ? { greeting: merged.greeting } : {}),
    ...(merged.suggested_prompts?.length ? { suggested_prompts: merged.suggested_prompts } : {}),
    ...(Object.keys(t).length ? { theme: t } : {}),
  };
}

/** What the audit log compares (the public key is not configuration and stays out). */
const AUDITED: Record<string, (k: Pick<EmbedKeyRow, 'name' | 'allowedOrigins' | 'settings' | 'agentId'>) => unknown> = {
  agent_id: (k) => k.agentId,
  name: (k) => k.name,
  allowed_origins: (k) => k.allowedOrigins,
  settings: (k) => k.settings,
};

export async function createEmbedKey(db: TenantDb, agentId: string, input: z.infer<typeof createEmbedKeySchema>, actor: Actor, env?: Bindings) {
  const agent = await getAgent(db, agentId);
  if (env) await assertCountLimit(env, db, 'embed_keys');
  const values = { name: input.name, allowedOrigins: input.allowed_origins, settings: settingsOf(input) };
  const row = await db.embedKeys.create(agent.id, newPublicKey(), values, actor.type === 'user' ? actor.id : null);
  actor.audit({ action: 'embed_key.create', resource: { type: 'embed_key', id: row.id }, changes: diffFields(AUDITED, null, row) });
  return row;
}

export async function getEmbedKey(db: TenantDb, agentId: string, keyId: string) {
  const key = await db.embedKeys.get(agentId, keyId);
  if (!key) throw notFound('Embed key');
  return key;
}

/** Changes take effect at once in this isolate (the key cache forgets the key), within 5 s in others. */
export async function updateEmbedKey(db: TenantDb, agentId: string, keyId: string, input: z.infer<typeof updateEmbedKeySchema>, actor: Actor) {
  const current = await getEmbedKey(db, agentId, keyId);
  const { name, allowed_origins, ...settings } = input;
  const values = {
    ...(name ? { name } : {}),
    ...(allowed_origins ? { allowedOrigins: allowed_origins } : {}),
    settings: settingsOf(settings, current.settings),
  };
  const updated = await db.embedKeys.update(agentId, current.id, values);
  if (!updated) throw notFound('Embed key');
  forgetEmbedKey(updated.publicKey);
  const changes = diffFields(AUDITED, current, updated);
  if (changes) actor.audit({ action: 'embed_key.update', resource: { type: 'embed_key', id: current.id }, changes });
  return updated;
}

/** Adds an origin the guard refused to the key's allowed origins and takes it off the refused list. */
export async function allowRefusedOrigin(db: TenantDb, agentId: string, keyId: string, rawOrigin: string, actor: Actor) {
  // The key first: another tenant's key is a 404 whatever the origin says.
  const key = await getEmbedKey(db, agentId, keyId);
  const origin = normalizeOrigin(rawOrigin);
  if (!origin || origin.includes('*'))
    throw new AppError('validation_failed', 'Not an origin', [{ path: 'origin', message: 'must be like https://example.com' }]);
  if (!originAllowed(origin, key.allowedOrigins)) {
    if (key.allowedOrigins.length >= MAX_ORIGINS) {
      throw new AppError('validation_failed', `A key allows at most ${MAX_ORIGINS} origins; remove one first`, [
        { path: 'allowed_origins', message: `at most ${MAX_ORIGINS}` },
      ]);
    }
    await updateEmbedKey(db, agentId, key.id, { allowed_origins: [...key.allowedOrigins, origin] }, actor);
  }
  await db.embedKeys.forgetRefusedOrigin(key.id, origin);
  return origin;
}

/** The origins a key refused lately, for the Embed page. */
export async function refusedOrigins(db: TenantDb, agentId: string, keyId: string) {
  const key = await getEmbedKey(db, agentId, keyId);
  return (await db.embedKeys.refusedOrigins(key.id)).map((r) => ({ origin: r.origin, count: r.count, last_seen_at: iso(r.lastSeenAt) }));
}

/** A revoked key stops at once in this isolate and within 5 s everywhere else (embed-key-cache.ts). */
export async function revokeEmbedKey(db: TenantDb, agentId: string, keyId: string, actor: Actor) {
  const current = await db.embedKeys.get(agentId, keyId);
  const publicKey = current && (await db.embedKeys.revoke(agentId, current.id));
  if (!publicKey) throw notFound('Embed key');
  forgetEmbedKey(publicKey);
  actor.audit({
    action: 'embed_key.revoke',
    resource: { type: 'embed_key', id: current.id },
    changes: { agent_id: { before: agentId }, name: { before: current.name }, allowed_origins: { before: current.allowedOrigins } },
  });
}

export function embedKeyJson(k: EmbedKeyRow): EmbedKeyJson {
  return {
    id: k.id,
    agent_id: k.agentId,
    name: k.name,
    public_key: k.publicKey,
    allowed_origins: k.allowedOrigins,
    greeting: k.settings.greeting ?? null,
    suggested_prompts: k.settings.suggested_prompts ?? [],
    theme: k.settings.theme ?? {},
    created_at: iso(k.createdAt),
    updated_at: iso(k.updatedAt),
  };
}

/** The agent's active embed keys, newest first; 404 when the agent is not this tenant's. */
export async function listEmbedKeys(db: TenantDb, agentId: string): Promise<EmbedKeyRow[]> {
  const agent = await getAgent(db, agentId);
  return db.embedKeys.list(agent.id);
}
