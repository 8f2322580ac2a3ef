// Reviews of marketplace listings (issue 18 §4). Two sides, one table: the REVIEWER's organization (this repo's
// tenant) writes its one review of a listing; the CREATOR's organization (also this repo's tenant, on another call)
// replies once to reviews of its own listings. A review and the listing's rating (rating_sum, rating_count) change in
// ONE D1 batch (a transaction), so the average is always exact. Public reads of a listing's reviews are global by
// nature and live in `publicReviews` (only a published listing's id reaches it: db/marketplace-lookup.ts).
import { and, desc, eq, gt, lt, sql } from 'drizzle-orm';
import { type Database, database } from '../client';
import { chatSessions, listingInstalls, listingReviews, listings, tenants } from '../schema';

export type ListingReviewRow = typeof listingReviews.$inferSelect;
export type PublicReviewRow = ListingReviewRow & { author: string };

export function listingReviewsRepo(db: Database, tenantId: string) {
  return {
    /** This organization's review of the listing, if any. */
    async mine(listingId: string): Promise<ListingReviewRow | undefined> {
      return db
        .select()
        .from(listingReviews)
        .where(and(eq(listingReviews.tenantId, tenantId), eq(listingReviews.listingId, listingId)))
        .get();
    },

    /** Whether this organization installed the listing, and whether any installed copy has had a conversation with a message. */
    async eligibility(listingId: string): Promise<{ installed: boolean; chatted: boolean }> {
      const installs = await db
        .select({ agentId: listingInstalls.agentId })
        .from(listingInstalls)
        .where(and(eq(listingInstalls.tenantId, tenantId), eq(listingInstalls.listingId, listingId)))
        .all();
      if (!installs.length) return { installed: false, chatted: false };
      const chatted = await db
        .select({ id: chatSessions.id })
        .from(chatSessions)
        .innerJoin(listingInstalls, and(eq(listingInstalls.tenantId, tenantId), eq(listingInstalls.agentId, chatSessions.agentId)))
        .where(and(eq(chatSessions.tenantId, tenantId), eq(listingInstalls.listingId, listingId), gt(chatSessions.messageCount, 0)))
        .limit(1)
        .get();
      return { installed: true, chatted: !!chatted };
    },

    /** Inserts the review and adds it to the listing's rating in one batch; false when the organization already reviewed it. */
    async create(v: { id: string; listingId: string; userId: string | null; rating: number; text: string; now: number }): Promise<boolean> {
      const [inserted] = await db.batch([
        db
          .insert(listingReviews)
          .values({ id: v.id, tenantId, listingId: v.listingId, userId: v.userId, rating: v.rating, text: v.text, createdAt: v.now, updatedAt: v.now })
          .onConflictDoNothing()
          .returning({ id: listingReviews.id }),
        // Counted only when the insert above happened (the row with this id exists now).
        db
          .update(listings)
          .set({ ratingSum: sql`${listings.ratingSum} + ${v.rating}`, ratingCount: sql`${listings.ratingCount} + 1` })
          .where(and(eq(listings.id, v.listingId), sql`exists (select 1 from listing_reviews r where r.id = ${v.id})`)),
      ]);
      return inserted.length > 0;
    },

    /** Changes this organization's review (rating and text); the listing's sum moves by the difference, in the same batch. */
    async update(listingId: string, v: { rating: number; text: string; now: number }): Promise<ListingReviewRow | undefined> {
      const mine = and(eq(listingReviews.tenantId, tenantId), eq(listingReviews.listingId, listingId));
      const [, rows] = await db.batch([
        db
          .update(listings)
          .set({
            ratingSum: sql`${listings.ratingSum} - (select r.rating from listing_reviews r where r.tenant_id = ${tenantId} and r.listing_id = ${listingId}) + ${v.rating}`,
          })
          .where(
            and(eq(listings.id, listingId), sql`exists (select 1 from listing_reviews r where r.tenant_id = ${tenantId} and r.listing_id = ${listingId})`),
          ),
        db.update(listingReviews).set({ rating: v.rating, text: v.text, updatedAt: v.now }).where(mine).returning(),
      ]);
      return rows[0];
    },

    /** Deletes this organization's review and takes it out of the listing's rating, in one batch. */
    async remove(listingId: string): Promise<boolean> {
      const [, rows] = await db.batch([
        db
          .update(listings)
          .set({
            ratingSum: sql`${listings.ratingSum} - (select r.rating from listing_reviews r where r.tenant_id = ${tenantId} and r.listing_id = ${listingId})`,
            ratingCount: sql`${listings.ratingCount} - 1`,
          })
          .where(
            and(eq(listings.id, listingId), sql`exists (select 1 from listing_reviews r where r.tenant_id = ${tenantId} and r.listing_id = ${listingId})`),
          ),
        db
          .delete(listingReviews)
          .where(and(eq(listingReviews.tenantId, tenantId), eq(listingReviews.listingId, listingId)))
          .returning({ id: listingReviews.id }),
      ]);
      return rows.length > 0;
    },

    /**
     * The creator's one reply to a review of ITS OWN listing (this tenant owns the listing): 'replied', 'exists' (already
     * replied) or 'missing' (no such review of this listing, or the listing is not this organization's).
     */
    async reply(listingId: string, reviewId: string, text: string, now: number): Promise<{ result: 'replied' | 'exists' | 'missing'; row?: ListingReviewRow }> {
      const own = sql`exists (select 1 from listings l where l.id = ${listingId} and l.tenant_id = ${tenantId})`;
      const target = and(eq(listingReviews.id, reviewId), eq(listingReviews.listingId, listingId), own);
      const [row] = await db
        .update(listingReviews)
        .set({ reply: text, repliedAt: now })
        .where(and(target, sql`${listingReviews.reply} is null`))
        .returning();
      if (row) return { result: 'replied', row };
      const exists = await db.select({ id: listingReviews.id }).from(listingReviews).where(target).get();
      return { result: exists ? 'exists' : 'missing' };
    },
  };
}

/** A listing's reviews, newest first (limit + 1 rows), with the reviewing organization's name. Global by nature. */
export async function publicReviews(env: { DB: D1Database }, listingId: string, page: { limit: number; cursor: string | null }): Promise<PublicReviewRow[]> {
  const rows = await database(env)
    .select({ review: listingReviews, author: tenants.name })
    .from(listingReviews)
    .innerJoin(tenants, eq(tenants.id, listingReviews.tenantId))
    .where(and(eq(listingReviews.listingId, listingId), page.cursor ? lt(listingReviews.id, page.cursor) : undefined))
    .orderBy(desc(listingReviews.id))
    .limit(page.limit + 1)
    .all();
  return rows.map((r) => ({ ...r.review, author: r.author }));
}

/** One review of a listing with its author's name. */
export async function publicReview(env: { DB: D1Database }, listingId: string, reviewId: string): Promise<PublicReviewRow | undefined> {
  const r = await database(env)
    .select({ review: listingReviews, author: tenants.name })
    .from(listingReviews)
    .innerJoin(tenants, eq(tenants.id, listingReviews.tenantId))
    .where(and(eq(listingReviews.listingId, listingId), eq(listingReviews.id, reviewId)))
    .get();
  return r && { ...r.review, author: r.author };
}
