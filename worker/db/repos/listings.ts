// The creator's side of the marketplace (issue 18): an organization's own listings and their frozen versions. Every
// statement carries the tenant condition, except `slugsLike`: listing slugs are unique across the marketplace, so
// picking one reads (only) the taken slugs of every organization.
import { and, desc, eq, like } from 'drizzle-orm';
import type { Database } from '../client';
import { newId } from '../ids';
import { listings, listingVersions, type ListingSnapshot } from '../schema';

export type ListingRow = typeof listings.$inferSelect;
export type ListingVersionRow = typeof listingVersions.$inferSelect;
/** What the publishing service sets; ids, counters and timestamps are the repo's. */
export type ListingValues = Pick<
  ListingRow,
  'slug' | 'title' | 'tagline' | 'description' | 'category' | 'tags' | 'icon' | 'media' | 'pricingType' | 'priceCents'
>;

export function listingsRepo(db: Database, tenantId: string) {
  const own = (id: string) => and(eq(listings.tenantId, tenantId), eq(listings.id, id));
  return {
    async get(id: string) {
      return db.select().from(listings).where(own(id)).get();
    },
    async byAgent(agentId: string) {
      return db
        .select()
        .from(listings)
        .where(and(eq(listings.tenantId, tenantId), eq(listings.agentId, agentId)))
        .get();
    },
    /** Listing slugs starting with `base`, across the marketplace (slugs are globally unique). */
    async slugsLike(base: string) {
      const rows = await db
        .select({ slug: listings.slug })
        .from(listings)
        .where(like(listings.slug, `${base}%`));
      return new Set(rows.map((r) => r.slug));
    },
    /** Whether another listing (any organization) holds `slug`. */
    async slugTaken(slug: string, exceptId?: string) {
      const row = await db.select({ id: listings.id }).from(listings).where(eq(listings.slug, slug)).get();
      return !!row && row.id !== exceptId;
    },
    /** Creates the listing and its version 1 in one batch. */
    async create(agentId: string, values: ListingValues, agentVersion: number, snapshot: ListingSnapshot) {
      const now = Date.now();
      const id = newId('listing', now);
      await db.batch([
        db.insert(listings).values({
          id,
          tenantId,
          agentId,
          ...values,
          status: 'published',
          version: 1,
          agentVersion,
          publishedAt: now,
          createdAt: now,
          updatedAt: now,
        }),
        db.insert(listingVersions).values({ id: newId('listingVersion', now), tenantId, listingId: id, version: 1, agentVersion, snapshot, createdAt: now }),
      ]);
      return (await this.get(id))!;
    },
    async update(id: string, values: Partial<ListingValues> & Partial<Pick<ListingRow, 'status' | 'publishedAt'>>) {
      const rows = await db
        .update(listings)
        .set({ ...values, updatedAt: Date.now() })
        .where(own(id))
        .returning();
      return rows[0];
    },
    /**
     * Adds version `current.version + 1` (the unique (listing, version) index refuses a concurrent one) and points
     * the listing at it; `extra` changes other columns in the same batch (republishing sets the status).
     */
    async addVersion(
      current: ListingRow,
      agentVersion: number,
      snapshot: ListingSnapshot,
      notes: string | null,
      extra: Partial<ListingValues> & Partial<Pick<ListingRow, 'status' | 'publishedAt'>> = {},
    ) {
      const now = Date.now();
      const version = current.version + 1;
      await db.batch([
        db
          .insert(listingVersions)
          .values({ id: newId('listingVersion', now), tenantId, listingId: current.id, version, agentVersion, snapshot, notes, createdAt: now }),
        db
          .update(listings)
          .set({ ...extra, version, agentVersion, updatedAt: now })
          .where(and(own(current.id), eq(listings.version, current.version))),
      ]);
      return (await this.get(current.id))!;
    },
    /** Unpublishes the agent's published listing (its agent left `public`); answers its id, or undefined. */
    async unpublishByAgent(agentId: string) {
      const rows = await db
        .update(listings)
        .set({ status: 'unpublished', updatedAt: Date.now() })
        .where(and(eq(listings.tenantId, tenantId), eq(listings.agentId, agentId), eq(listings.status, 'published')))
        .returning({ id: listings.id });
      return rows[0]?.id;
    },
    async versions(listingId: string) {
      return db
        .select()
        .from(listingVersions)
        .where(and(eq(listingVersions.tenantId, tenantId), eq(listingVersions.listingId, listingId)))
        .orderBy(desc(listingVersions.version));
    },
    async version(listingId: string, version: number) {
      return db
        .select()
        .from(listingVersions)
        .where(and(eq(listingVersions.tenantId, tenantId), eq(listingVersions.listingId, listingId), eq(listingVersions.version, version)))
        .get();
    },
  };
}
