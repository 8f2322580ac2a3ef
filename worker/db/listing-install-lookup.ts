// The installer's narrow view of a listing it installed from (issue 18): the listing is another organization's, so
// an installed copy finds its listing's current version (and release notes) through this module, never through a
// general handle. Only what an update offer needs: id, slug, title, status, version, and the versions' notes.
import { and, desc, eq, gt } from 'drizzle-orm';
import { database } from './client';
import { listings, listingVersions } from './schema';

export async function listingForInstall(env: { DB: D1Database }, listingId: string) {
  return database(env)
    .select({ id: listings.id, slug: listings.slug, title: listings.title, status: listings.status, version: listings.version })
    .from(listings)
    .where(eq(listings.id, listingId))
    .get();
}
export type ListingForInstall = NonNullable<Awaited<ReturnType<typeof listingForInstall>>>;

/** Release notes of the versions after `after`, newest first. */
export async function listingNotesAfter(env: { DB: D1Database }, listingId: string, after: number) {
  return database(env)
    .select({ version: listingVersions.version, notes: listingVersions.notes })
    .from(listingVersions)
    .where(and(eq(listingVersions.listingId, listingId), gt(listingVersions.version, after)))
    .orderBy(desc(listingVersions.version));
}
