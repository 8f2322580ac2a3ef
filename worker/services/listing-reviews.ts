// Reviews of a listing (issue 18 §4, mkt-community). CONTRACT STUB on main: the detail page (mkt-discovery) calls
// `reviewsForPage` and renders views/marketplace/reviews-section.tsx with it; mkt-community implements both.
import type { Bindings } from '../env';
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
};

export async function reviewsForPage(
  _env: Bindings,
  _listing: { id: string; tenantId: string; slug: string },
  _viewer: { tenantId: string; userId: string } | null,
): Promise<ReviewsPageData> {
  return { reviews: [], next_cursor: null, canReview: false, whyNot: null, isCreator: false };
}
