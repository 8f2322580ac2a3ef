// Marketplace reviews (issue 18 §4): a listing's reviews (public, newest first) and your organization's review of a
// listing it installed and chatted with (`reviews:write`; once per organization).
import type { Transport } from '../client.js';
import type { Page, PageParams } from '../types.js';

export type ListingReview = {
  id: string;
  rating: number;
  text: string;
  /** The reviewing organization's name. */
  author: string;
  reply: string | null;
  replied_at: string | null;
  created_at: string;
};
export type ListingReviewInput = { rating: number; text?: string };

const path = (slug: string) => `/api/v1/marketplace/listings/${encodeURIComponent(slug)}/reviews`;

export class MarketplaceReviews {
  constructor(private readonly t: Transport) {}

  /** One page of a listing's reviews, newest first. */
  list(slug: string, params: PageParams = {}): Promise<Page<ListingReview>> {
    return this.t.json('GET', path(slug), { query: params });
  }
  /** Reviews the listing: 403 until the organization installed it and chatted with its copy; 409 the second time. */
  create(slug: string, input: ListingReviewInput): Promise<ListingReview> {
    return this.t.json('POST', path(slug), { body: input });
  }
  /** The creator's one reply to a review of its listing (`listings:write`). */
  reply(slug: string, reviewId: string, text: string): Promise<ListingReview> {
    return this.t.json('POST', `${path(slug)}/${encodeURIComponent(reviewId)}/reply`, { body: { text } });
  }
}
