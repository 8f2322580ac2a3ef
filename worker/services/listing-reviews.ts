// Reviews of a listing (issue 18 §4): one per organization, only from an organization that installed the listing and
// chatted with its installed copy, never from the creator's own; the creator replies once to each. Ratings
// (listings.rating_sum / rating_count) change in the same D1 batch as the review (db/repos/listing-reviews.ts).
// `reviewsForPage` feeds the detail page (views/marketplace/reviews-section.tsx).
import { newId } from '../db/ids';
import { publishedListing } from '../db/marketplace-lookup';
import { type PageParams, type Page, toPage } from '../db/page';
import { type ListingReviewRow, type PublicReviewRow, publicReview, publicReviews } from '../db/repos/listing-reviews';
import { type TenantDb, tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import type { Actor } from '../lib/actor';
import { iso } from '../lib/iso';
import type { ReviewJson } from '../schemas/marketplace';

export type ReviewsPageData = {
  reviews: ReviewJson[];
  next_cursor: string | null;
  /** Whether the signed-in viewer's organization may review now (installed and chatted, not yet reviewed). */
  canReview: boolean;
  /** Why not, in words, for a signed-in viewer (null when nobody is signed in or they can). */
  whyNot: string | null;
  /** Whether the viewer's organization is the listing's creator (may reply once to each review). */
  isCreator: boolean;
  /** The viewer's organization's own review, when it has one (shown first, marked). */
  mine?: ReviewJson | null;
};

export const reviewJson = (r: ListingReviewRow, author: string): ReviewJson => ({
  id: r.id,
  rating: r.rating,
  text: r.text,
  author,
  reply: r.reply,
  replied_at: iso(r.repliedAt),
  created_at: iso(r.createdAt),
});

const NOT_INSTALLED = 'Install this agent and chat with it before reviewing it';
const NOT_CHATTED = 'Chat with your installed copy of this agent before reviewing it';
const OWN_LISTING = 'You cannot review your own listing';
const ALREADY = 'Your organization has already reviewed this listing; change your review instead';

async function listingOr404(env: Bindings, slug: string) {
  const listing = await publishedListing(env, slug);
  if (!listing) throw notFound('Listing');
  return listing;
}

/** Why this organization may not review the listing now, or null when it may. */
async function refusal(db: TenantDb, listing: { id: string; tenantId: string }): Promise<{ code: 'forbidden' | 'conflict'; message: string } | null> {
  if (listing.tenantId === db.tenantId) return { code: 'forbidden', message: OWN_LISTING };
  const [mine, gate] = await Promise.all([db.listingReviews.mine(listing.id), db.listingReviews.eligibility(listing.id)]);
  if (mine) return { code: 'conflict', message: ALREADY };
  if (!gate.installed) return { code: 'forbidden', message: NOT_INSTALLED };
  if (!gate.chatted) return { code: 'forbidden', message: NOT_CHATTED };
  return null;
}

async function orgName(db: TenantDb): Promise<string> {
  return (await db.tenant.get())?.name ?? 'An organization';
}

export async function createReview(env: Bindings, db: TenantDb, slug: string, input: { rating: number; text: string }, actor: Actor): Promise<ReviewJson> {
  const listing = await listingOr404(env, slug);
  const no = await refusal(db, listing);
  if (no) throw new AppError(no.code, no.message);
  const id = newId('review');
  const now = Date.now();
  if (!(await db.listingReviews.create({ id, listingId: listing.id, userId: actor.userId ?? null, rating: input.rating, text: input.text, now }))) {
    throw new AppError('conflict', ALREADY);
  }
  actor.audit({ action: 'listing.reviewed', resource: { type: 'listing', id: listing.id }, changes: { rating: { after: input.rating } } });
  const row = await db.listingReviews.mine(listing.id);
  return reviewJson(row!, await orgName(db));
}

/** Changes the organization's own review (rating and text); the listing's rating follows in the same batch. */
export async function updateReview(env: Bindings, db: TenantDb, slug: string, input: { rating: number; text: string }, actor: Actor): Promise<ReviewJson> {
  const listing = await listingOr404(env, slug);
  const row = await db.listingReviews.update(listing.id, { rating: input.rating, text: input.text, now: Date.now() });
  if (!row) throw notFound('Review');
  actor.audit({ action: 'listing.review_changed', resource: { type: 'listing', id: listing.id }, changes: { rating: { after: input.rating } } });
  return reviewJson(row, await orgName(db));
}

export async function deleteReview(env: Bindings, db: TenantDb, slug: string, actor: Actor): Promise<void> {
  const listing = await listingOr404(env, slug);
  if (!(await db.listingReviews.remove(listing.id))) throw notFound('Review');
  actor.audit({ action: 'listing.review_deleted', resource: { type: 'listing', id: listing.id } });
}

export async function listReviews(env: Bindings, slug: string, page: PageParams): Promise<Page<ReviewJson>> {
  const listing = await listingOr404(env, slug);
  const rows = await publicReviews(env, listing.id, page);
  return toPage(
    rows,
    page.limit,
    (r) => r.id,
    (r: PublicReviewRow) => reviewJson(r, r.author),
  );
}

export async function replyToReview(env: Bindings, db: TenantDb, slug: string, reviewId: string, text: string, actor: Actor): Promise<ReviewJson> {
  const listing = await listingOr404(env, slug);
  if (listing.tenantId !== db.tenantId) throw new AppError('forbidden', "Only the listing's creator can reply to its reviews");
  const out = await db.listingReviews.reply(listing.id, reviewId, text, Date.now());
  if (out.result === 'missing') throw notFound('Review');
  if (out.result === 'exists') throw new AppError('conflict', 'This review already has a reply');
  actor.audit({ action: 'listing.review_replied', resource: { type: 'listing', id: listing.id } });
  const row = await publicReview(env, listing.id, reviewId);
  return reviewJson(row ?? out.row!, row?.author ?? 'An organization');
}

export async function reviewsForPage(
  env: Bindings,
  listing: { id: string; tenantId: string; slug: string },
  viewer: { tenantId: string; userId: string } | null,
): Promise<ReviewsPageData> {
  const rows = await publicReviews(env, listing.id, { limit: 20, cursor: null });
  const { data, next_cursor } = toPage(
    rows,
    20,
    (r) => r.id,
    (r: PublicReviewRow) => reviewJson(r, r.author),
  );
  if (!viewer) return { reviews: data, next_cursor, canReview: false, whyNot: null, isCreator: false, mine: null };
  const db = tenantDb(env, viewer.tenantId);
  const isCreator = listing.tenantId === viewer.tenantId;
  const no = isCreator ? null : await refusal(db, listing);
  const mine = rows.find((r) => r.tenantId === viewer.tenantId);
  return {
    reviews: data,
    next_cursor,
    canReview: !isCreator && !no,
    whyNot: isCreator ? null : (no?.message ?? null),
    isCreator,
    mine: mine ? reviewJson(mine, mine.author) : null,
  };
}
