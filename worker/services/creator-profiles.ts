// The organization as a marketplace creator (issue 18 §1): its profile (slug, display name, bio, website) is made on
// its first publish from the organization's name, and edited through GET/PATCH /api/v1/creator/profile.
import { z } from 'zod';
import type { CreatorProfileRow, TenantDb } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import { AppError } from '../errors';
import { iso } from '../lib/iso';
import { slugify, uniqueSlug } from '../lib/slug';

export const creatorProfilePatch = z.strictObject({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, 'Lowercase letters, digits and dashes, 3–60 characters')
    .optional(),
  display_name: z.string().trim().min(1).max(80).optional(),
  bio: z.string().trim().max(2000).nullable().optional(),
  website: z
    .string()
    .trim()
    .url()
    .max(2000)
    .refine((u) => u.startsWith('https://'), 'Must be an https:// URL')
    .nullable()
    .optional()
    .or(z.literal('').transform(() => null)),
});
export type CreatorProfilePatch = z.infer<typeof creatorProfilePatch>;

export type CreatorProfileJson = {
  slug: string;
  display_name: string;
  bio: string | null;
  website: string | null;
  url: string;
  created_at: string;
  updated_at: string;
};

/** The organization's profile, made from its name on first use (slug unique across the marketplace). */
export async function ensureCreatorProfile(db: TenantDb): Promise<CreatorProfileRow> {
  const existing = await db.creatorProfile.get();
  if (existing) return existing;
  const org = await db.tenant.get();
  const name = org?.name ?? 'Creator';
  const base = slugify(name, 'creator');
  for (let attempt = 0; attempt < 3; attempt++) {
    const slug = uniqueSlug(base, await db.creatorProfile.slugsLike(base));
    try {
      return await db.creatorProfile.ensure({ slug, displayName: name, bio: null, website: null });
    } catch (e) {
      if (!String(e).includes('UNIQUE constraint failed')) throw e;
    }
  }
  throw new AppError('conflict', 'Could not pick a creator slug; try again');
}

export async function getCreatorProfile(db: TenantDb): Promise<CreatorProfileRow> {
  return ensureCreatorProfile(db);
}

export async function updateCreatorProfile(db: TenantDb, patch: CreatorProfilePatch, actor: Actor): Promise<CreatorProfileRow> {
  const current = await ensureCreatorProfile(db);
  if (patch.slug && patch.slug !== current.slug) {
    const holder = await db.creatorProfile.slugHolder(patch.slug);
    if (holder && holder !== db.tenantId) throw new AppError('conflict', 'Another creator already uses this slug', [{ path: 'slug', message: 'is taken' }]);
  }
  const values: Partial<Pick<CreatorProfileRow, 'slug' | 'displayName' | 'bio' | 'website'>> = {};
  if (patch.slug !== undefined) values.slug = patch.slug;
  if (patch.display_name !== undefined) values.displayName = patch.display_name;
  if (patch.bio !== undefined) values.bio = patch.bio || null;
  if (patch.website !== undefined) values.website = patch.website || null;
  if (!Object.keys(values).length) return current;
  let row: CreatorProfileRow | undefined;
  try {
    row = await db.creatorProfile.update(values);
  } catch (e) {
    if (String(e).includes('UNIQUE constraint failed'))
      throw new AppError('conflict', 'Another creator already uses this slug', [{ path: 'slug', message: 'is taken' }]);
    throw e;
  }
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const [k, col] of [
    ['slug', 'slug'],
    ['display_name', 'displayName'],
    ['bio', 'bio'],
    ['website', 'website'],
  ] as const)
    if (current[col] !== row![col]) changes[k] = { before: current[col], after: row![col] };
  if (Object.keys(changes).length) actor.audit({ action: 'creator.profile_update', resource: { type: 'creator_profile', id: db.tenantId }, changes });
  return row!;
}

export function creatorProfileJson(p: CreatorProfileRow, origin: string): CreatorProfileJson {
  return {
    slug: p.slug,
    display_name: p.displayName,
    bio: p.bio,
    website: p.website,
    url: `${origin}/creators/${p.slug}`,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  };
}
