// Publishing (issue 18 §1): an organization lists one of its public agents in the marketplace. Publishing freezes the
// agent's current configuration and tools into a listing version (a snapshot without connections or credentials:
// listing-snapshot.ts); later versions are frozen on request, and installers are offered them as updates.
import type { z } from 'zod';
import type { AgentRow, CreatorProfileRow, ListingRow, ListingValues, ListingVersionRow, TenantDb } from '../db/tenant-db';
import type { ListingSnapshot } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import { AppError, notFound } from '../errors';
import { iso } from '../lib/iso';
import { slugify, uniqueSlug } from '../lib/slug';
import type { listingInput, listingPatch, OwnListingJson, Pricing } from '../schemas/marketplace';
import type { Bindings } from '../env';
import { getAgent } from './agents';
import { assertCanSell } from './creator-payouts';
import { ensureCreatorProfile } from './creator-profiles';
import { freezeAgent, sameSnapshot } from './listing-snapshot';

type Input = z.infer<typeof listingInput>;
type Patch = z.infer<typeof listingPatch>;

const isUniqueViolation = (e: unknown) => String(e).includes('UNIQUE constraint failed');
const slugTaken = () => new AppError('conflict', 'Another listing already uses this slug', [{ path: 'slug', message: 'is taken' }]);

/** The columns an input sets (only those given, for a patch). */
function valuesOf(input: Partial<Input>): Partial<ListingValues> {
  const v: Partial<ListingValues> = {};
  if (input.title !== undefined) v.title = input.title;
  if (input.tagline !== undefined) v.tagline = input.tagline;
  if (input.description !== undefined) v.description = input.description;
  if (input.category !== undefined) v.category = input.category;
  if (input.tags !== undefined) v.tags = [...new Set(input.tags)];
  if (input.icon !== undefined) v.icon = input.icon ?? null;
  if (input.pricing !== undefined) {
    v.pricingType = input.pricing.type;
    v.priceCents = input.pricing.type === 'subscription' ? Math.round(input.pricing.monthly_usd * 100) : null;
  }
  return v;
}

function mediaOf(current: ListingRow['media'] | undefined, input: Partial<Input>): ListingRow['media'] | undefined {
  if (input.screenshots === undefined && input.example_conversation === undefined) return undefined;
  return {
    ...(current ?? {}),
    ...(input.screenshots !== undefined ? { screenshots: input.screenshots } : {}),
    ...(input.example_conversation !== undefined ? { example: input.example_conversation } : {}),
  };
}

async function pickListingSlug(db: TenantDb, wanted: string | undefined, title: string, selfId?: string): Promise<string> {
  if (wanted) {
    if (await db.listings.slugTaken(wanted, selfId)) throw slugTaken();
    return wanted;
  }
  const base = slugify(title, 'agent');
  return uniqueSlug(base, await db.listings.slugsLike(base));
}

function assertPublic(agent: AgentRow) {
  if (agent.visibility !== 'public')
    throw new AppError('conflict', `Only public agents can be listed: "${agent.name}" is ${agent.visibility}. Set its visibility to "public" first.`, [
      { path: 'visibility', message: 'must be public' },
    ]);
}

export type OwnListing = { listing: ListingRow; versions: ListingVersionRow[]; creator: CreatorProfileRow | undefined };

async function ownListing(db: TenantDb, listing: ListingRow): Promise<OwnListing> {
  const [versions, creator] = await Promise.all([db.listings.versions(listing.id), db.creatorProfile.get()]);
  return { listing, versions, creator };
}

/**
 * POST /api/v1/agents/:id/listing. A first publish creates the listing and its version 1 (and the organization's
 * creator profile); publishing an unpublished listing again republishes it, with a new version when the agent
 * changed since. A published or removed listing → 409.
 */
export async function publishListing(env: Bindings, db: TenantDb, agentId: string, input: Input, actor: Actor): Promise<OwnListing> {
  const agent = await getAgent(db, agentId);
  assertPublic(agent);
  // Selling needs an active Stripe Connect account (payouts): 409 pointing to /app/earnings otherwise.
  if (input.pricing?.type === 'subscription') await assertCanSell(env, db);
  const existing = await db.listings.byAgent(agent.id);
  if (existing?.status === 'published')
    throw new AppError('conflict', 'This agent is already listed: change the listing with PATCH, or publish a new version with publish_version');
  if (existing?.status === 'removed')
    throw new AppError('conflict', `This listing was removed by the marketplace operators${existing.removedReason ? `: ${existing.removedReason}` : ''}`);
  const snapshot = await freezeAgent(db, agent);
  await ensureCreatorProfile(db);
  const values = valuesOf(input) as ListingValues;
  const media = mediaOf(existing?.media, input) ?? existing?.media ?? {};
  try {
    if (existing) {
      const slug = input.slug && input.slug !== existing.slug ? await pickListingSlug(db, input.slug, input.title, existing.id) : existing.slug;
      const current = await db.listings.version(existing.id, existing.version);
      const extra = { ...values, slug, media, status: 'published' as const, publishedAt: existing.publishedAt ?? Date.now() };
      const listing =
        current && sameSnapshot(current.snapshot, snapshot)
          ? (await db.listings.update(existing.id, extra))!
          : await db.listings.addVersion(existing, agent.version, snapshot, null, extra);
      actor.audit({
        action: 'listing.publish',
        resource: { type: 'listing', id: listing.id },
        changes: { status: { before: existing.status, after: 'published' }, version: { before: existing.version, after: listing.version } },
      });
      return ownListing(db, listing);
    }
    const slug = await pickListingSlug(db, input.slug, input.title);
    const listing = await db.listings.create(agent.id, { ...values, slug, media }, agent.version, snapshot);
    actor.audit({
      action: 'listing.publish',
      resource: { type: 'listing', id: listing.id },
      changes: { slug: { after: slug }, title: { after: listing.title }, agent_id: { after: agent.id }, version: { after: 1 } },
    });
    return ownListing(db, listing);
  } catch (e) {
    if (isUniqueViolation(e)) {
      if (String(e).includes('slug')) throw slugTaken();
      throw new AppError('conflict', 'This agent is already listed');
    }
    throw e;
  }
}

/** The agent's listing, whatever its status; 404 when the agent (or its listing) is not this organization's. */
export async function getOwnListing(db: TenantDb, agentId: string): Promise<OwnListing> {
  const agent = await getAgent(db, agentId);
  const listing = await db.listings.byAgent(agent.id);
  if (!listing) throw notFound('Listing');
  return ownListing(db, listing);
}

/** The agent's listing or null (pages). */
export async function findOwnListing(db: TenantDb, agentId: string): Promise<OwnListing | null> {
  const listing = await db.listings.byAgent(agentId);
  return listing ? ownListing(db, listing) : null;
}

/** PATCH: any field; `publish_version` freezes the agent's current version as the next listing version. */
export async function updateListing(env: Bindings, db: TenantDb, agentId: string, patch: Patch, actor: Actor): Promise<OwnListing> {
  const agent = await getAgent(db, agentId);
  const current = await db.listings.byAgent(agent.id);
  if (!current) throw notFound('Listing');
  if (patch.pricing?.type === 'subscription' && current.pricingType !== 'subscription') await assertCanSell(env, db);
  if (current.status === 'removed') throw new AppError('conflict', 'This listing was removed by the marketplace operators; it cannot be changed');
  const values = valuesOf(patch);
  const media = mediaOf(current.media, patch);
  if (media) values.media = media;
  if (patch.slug !== undefined && patch.slug !== current.slug) values.slug = await pickListingSlug(db, patch.slug, current.title, current.id);
  let listing = current;
  try {
    if (patch.publish_version) {
      assertPublic(agent);
      const snapshot = await freezeAgent(db, agent);
      const frozen = await db.listings.version(current.id, current.version);
      if (frozen && sameSnapshot(frozen.snapshot, snapshot))
        throw new AppError('conflict', `Nothing to publish: the agent has not changed since listing version ${current.version}`, [
          { path: 'publish_version', message: 'no changes since the last version' },
        ]);
      listing = await db.listings.addVersion(current, agent.version, snapshot, patch.version_notes ?? null, values);
    } else if (Object.keys(values).length) {
      listing = (await db.listings.update(current.id, values)) ?? current;
    }
  } catch (e) {
    if (isUniqueViolation(e)) throw String(e).includes('slug') ? slugTaken() : new AppError('conflict', 'The listing changed meanwhile; try again');
    throw e;
  }
  const changes: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const k of Object.keys(values) as (keyof ListingValues)[]) {
    if (JSON.stringify(current[k]) !== JSON.stringify(listing[k])) changes[k] = { before: current[k], after: listing[k] };
  }
  if (listing.version !== current.version) changes.version = { before: current.version, after: listing.version };
  if (Object.keys(changes).length) actor.audit({ action: 'listing.update', resource: { type: 'listing', id: listing.id }, changes });
  return ownListing(db, listing);
}

/** DELETE: the listing leaves the marketplace (status unpublished); its row and versions stay. Idempotent. */
export async function unpublishListing(db: TenantDb, agentId: string, actor: Actor): Promise<void> {
  const agent = await getAgent(db, agentId);
  const current = await db.listings.byAgent(agent.id);
  if (!current) throw notFound('Listing');
  if (current.status !== 'published') return;
  await db.listings.update(current.id, { status: 'unpublished' });
  actor.audit({
    action: 'listing.unpublish',
    resource: { type: 'listing', id: current.id },
    changes: { status: { before: 'published', after: 'unpublished' } },
  });
}

export function pricingOf(l: Pick<ListingRow, 'pricingType' | 'priceCents'>): Pricing {
  return l.pricingType === 'subscription' ? { type: 'subscription', monthly_usd: (l.priceCents ?? 0) / 100 } : { type: 'free' };
}

export function listingUrl(origin: string, slug: string): string {
  return `${origin}/marketplace/${slug}`;
}

/** The tools as a listing shows them: what each is and reaches, never its configuration. */
export function toolsJson(snapshot: ListingSnapshot) {
  return snapshot.tools.map((t) => ({ name: t.name, kind: t.kind, description: t.description, reaches: t.reaches, needs_connection: t.connection }));
}

/** The creator's own view of the listing (POST/GET/PATCH answers). */
export function ownListingJson(o: OwnListing, origin: string): OwnListingJson {
  const { listing: l, versions, creator } = o;
  const snapshot = (versions.find((v) => v.version === l.version) ?? versions[0])?.snapshot;
  return {
    id: l.id,
    slug: l.slug,
    title: l.title,
    tagline: l.tagline,
    category: l.category,
    tags: l.tags,
    icon: l.icon,
    creator: { name: creator?.displayName ?? '', slug: creator?.slug ?? '' },
    rating: { average: l.ratingCount ? Math.round((l.ratingSum / l.ratingCount) * 10) / 10 : null, count: l.ratingCount },
    installs: l.installs,
    pricing: pricingOf(l),
    published_at: iso(l.publishedAt),
    description: l.description,
    status: l.status,
    version: l.version,
    agent_version: l.agentVersion,
    model: snapshot?.model ?? '',
    instructions: snapshot?.instructions ?? '',
    variables: Object.keys(snapshot?.variables ?? {}),
    tools: snapshot ? toolsJson(snapshot) : [],
    screenshots: l.media.screenshots ?? [],
    example_conversation: l.media.example ?? [],
    conversations: l.conversations,
    versions: versions.map((v) => ({ version: v.version, notes: v.notes, created_at: iso(v.createdAt) })),
    updated_at: iso(l.updatedAt),
    agent_id: l.agentId,
    removed_reason: l.removedReason,
    url: listingUrl(origin, l.slug),
  };
}
