// API keys: create (the key is returned this once and stored only as a hash), revoke (effective at once), API shape.
import { z } from 'zod';
import type { KeyBounds } from '../db/repos/api-keys';
import type { ApiKeyRow, TenantDb } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import type { PageParams } from '../db/page';
import type { Auth } from '../env';
import { AppError, notFound } from '../errors';
import { forgetAuth } from '../middleware/auth-cache';
import { newApiKey } from './credentials';
import { ALL_SCOPES, SCOPES, coveredScopes, grantableScopes, rolesAbove } from './permissions';
import { PRESET_NAMES, SCOPE_PRESETS, type ScopePreset, accessLabel } from './scope-presets';
import { iso } from '../lib/iso';
import type { ApiKeyJson } from '../schemas/accounts';

/** `scopes` (explicit) or `preset` (full, read, chat: the same presets as the Developers page); neither is full access. */
export const createApiKeySchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Name the key').max(100),
    scopes: z
      .array(z.enum([ALL_SCOPES, ...SCOPES]))
      .min(1, 'Choose at least one scope')
      .max(SCOPES.length + 1)
      .optional(),
    preset: z.enum(PRESET_NAMES as [ScopePreset, ...ScopePreset[]], { error: `Use one of: ${PRESET_NAMES.join(', ')}` }).optional(),
    expires_in_days: z.number().int().min(1).max(3650).optional(),
  })
  .refine((v) => !(v.scopes && v.preset), { path: ['preset'], message: 'Send scopes or a preset, not both' })
  .transform(({ preset, scopes, ...rest }) => ({ ...rest, scopes: scopes ?? [...SCOPE_PRESETS[preset ?? 'full'].scopes] }));

/**
 * Creates a key for `auth`'s tenant; it never grants more scopes than its creator has. A key made with a key acts
 * as that key's user (so with that user's role), as the key that made it does.
 */
export async function createApiKey(
  db: TenantDb,
  auth: Auth,
  input: z.infer<typeof createApiKeySchema>,
  actor: Actor,
): Promise<{ row: ApiKeyRow; key: string }> {
  const scopes = grantableScopes(auth, [...new Set(input.scopes)]);
  if (!scopes) throw new AppError('insufficient_scope', 'A key cannot grant scopes its creator lacks', [{ path: 'scopes', message: 'exceed this key' }]);
  // The middleware only accepts keys bound to a user, so an api_key caller always has one.
  if (!auth.userId) throw new AppError('forbidden', 'This API key is not bound to a user and cannot create keys');
  const { key, prefix, hash } = await newApiKey();
  const expiresAt = input.expires_in_days ? Date.now() + input.expires_in_days * 86_400_000 : null;
  const row = await db.apiKeys.create({ name: input.name, prefix, keyHash: hash, scopes, expiresAt, createdBy: auth.userId });
  actor.audit({
    action: 'api_key.create',
    resource: { type: 'api_key', id: row.id },
    changes: { name: { after: row.name }, scopes: { after: row.scopes }, ...(expiresAt ? { expires_at: { after: iso(expiresAt) } } : {}) },
  });
  return { row, key };
}

/**
 * What a caller may see and manage. A key: only keys no broader than itself (scopes it covers, made by users of
 * a role no higher than its own), so an `api_keys:write` key cannot list or revoke the owner's `*` key. A person:
 * every key of the organization, as their role allows.
 */
export function keyBounds(auth: Auth): KeyBounds | undefined {
  return auth.kind === 'api_key' ? { scopes: coveredScopes(auth.scopes), higherRoles: rolesAbove(auth.role) } : undefined;
}

export const listApiKeys = (db: TenantDb, auth: Auth, page: PageParams) => db.apiKeys.list(page, keyBounds(auth));

/** Revokes the key (404 when it is not an active key of this tenant the caller may manage); every isolate stops accepting it within seconds. */
export async function revokeApiKey(db: TenantDb, auth: Auth, id: string, actor: Actor): Promise<void> {
  const revoked = await db.apiKeys.revoke(id, keyBounds(auth));
  if (!revoked) throw notFound('API key');
  forgetAuth({ keyId: id });
  actor.audit({ action: 'api_key.revoke', resource: { type: 'api_key', id }, changes: { name: { before: revoked.name }, scopes: { before: revoked.scopes } } });
}

/** How many active keys the tenant has (Settings links to the Developers page with it). */
export const activeApiKeyCount = (db: TenantDb) => db.apiKeys.countActive();

export const apiKeyJson = (k: ApiKeyRow): ApiKeyJson => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  access: accessLabel(k.scopes),
  created_at: iso(k.createdAt),
  last_used_at: iso(k.lastUsedAt),
  expires_at: iso(k.expiresAt),
});

/** The tenant's active keys, newest first (the settings and developer pages). */
export async function activeApiKeys(db: TenantDb): Promise<ApiKeyRow[]> {
  return db.apiKeys.active();
}
