// The marketplace's public catalogue: search and browse published listings, one listing in full, the categories.
// Public endpoints: the key (if any) is sent but not needed.
import type { Transport } from '../client.js';
import { MarketplaceReviews } from './marketplace-reviews.js';
import type { InstallAnswer, ListingDetail, ListingListParams, ListingSummary, MarketplaceCategory } from '../types.js';

export class Marketplace {
  /** Listings' reviews: list, create, the creator's reply. */
  readonly reviews: MarketplaceReviews;

  constructor(private readonly t: Transport) {
    this.reviews = new MarketplaceReviews(t);
  }

  /** Search (`q`: words, each a prefix; typos tolerated) and filter published listings; page with `next_cursor`. */
  list(params: ListingListParams = {}): Promise<{ data: ListingSummary[]; next_cursor: string | null }> {
    return this.t.json('GET', '/api/v1/marketplace/listings', { query: params });
  }
  /** A published listing by slug: description, tools, model, versions (never a paid listing's instructions). */
  get(slug: string): Promise<ListingDetail> {
    return this.t.json('GET', `/api/v1/marketplace/listings/${encodeURIComponent(slug)}`);
  }
  /** Every category with its count of published listings. */
  categories(): Promise<{ data: MarketplaceCategory[] }> {
    return this.t.json('GET', '/api/v1/marketplace/categories');
  }

  /**
   * Installs a listing into your organization as a new agent; `needs_connections` lists the tools to map to your
   * own connections (PATCH the tool's `connection_id`). A paid listing without a subscription → EdgentError 402
   * `subscription_required` (its body has the checkout `url`).
   */
  install(slug: string, input: { name?: string } = {}): Promise<InstallAnswer> {
    return this.t.json('POST', `/api/v1/marketplace/listings/${encodeURIComponent(slug)}/install`, { body: input });
  }
}
