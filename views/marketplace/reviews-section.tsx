// The detail page's reviews (issue 18 §4, mkt-community). STUB on main: mkt-community renders the list, the form
// (when the viewer may review) and the creator's replies. Everything a user wrote is escaped (JSX text).
import type { ReviewsPageData } from '../../worker/services/listing-reviews';

export function ReviewsSection(props: { slug: string; rating: { average: number | null; count: number }; data: ReviewsPageData; csrf: string | null }) {
  return (
    <section class="mkt-reviews" id="reviews" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      {props.data.reviews.length === 0 ? <p class="muted">No reviews yet.</p> : null}
    </section>
  );
}
