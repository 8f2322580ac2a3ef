// The marketplace's pre-tenant lookups (issue 18): a published listing by its slug, with its creator, and the frozen
// snapshot of one of its versions. Narrow on purpose (like share-link-lookup.ts): public pages, installs and try-it
// find the listing's organization through it; it never hands out a general handle. Only `published` listings are
// found: an unpublished or removed listing disappears from every public path at once.
import { and, eq } from 'drizzle-orm';
import { database } from './client';
import { creatorProfiles, listings, listingVersions, type ListingSnapshot } from './schema';

export async function publishedListing(env: { DB: D1Database }, slug: string) {
  const row = await database(env)
    .select({ listing: listings, creator: { slug: creatorProfiles.slug, displayName: creatorProfiles.displayName } })
    .from(listings)
    .leftJoin(creatorProfiles, eq(creatorProfiles.tenantId, listings.tenantId))
    .where(and(eq(listings.slug, slug), eq(listings.status, 'published')))
    .get();
  return row && { ...row.listing, creator: row.creator?.slug ? row.creator : null };
}
export type PublishedListing = NonNullable<Awaited<ReturnType<typeof publishedListing>>>;

/** The frozen copy of version `version` of a listing, or undefined. */
export async function listingSnapshot(env: { DB: D1Database }, listingId: string, version: number): Promise<ListingSnapshot | undefined> {
  const row = await database(env)
    .select({ snapshot: listingVersions.snapshot })
    .from(listingVersions)
    .where(and(eq(listingVersions.listingId, listingId), eq(listingVersions.version, version)))
    .get();
  return row?.snapshot;
}
