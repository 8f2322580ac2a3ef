// The detail page's reviews (issue 18 §4, mkt-community): the average, the list (stars, texts, the creator's replies),
// the review form for a viewer whose organization may review, and the creator's reply forms. Everything a user wrote
// is JSX text (escaped). The forms post JSON to the API (/assets/marketplace-community.js, with the CSRF token);
// without JavaScript the section still reads, and says so where a form would be.
import type { ReviewJson } from '../../worker/schemas/marketplace';
import type { ReviewsPageData } from '../../worker/services/listing-reviews';

const api = (slug: string) => `/api/v1/marketplace/listings/${encodeURIComponent(slug)}/reviews`;

export function Stars(props: { rating: number }) {
  const n = Math.max(0, Math.min(5, Math.round(props.rating)));
  return (
    <span class="mkt-stars" role="img" aria-label={`${props.rating} out of 5 stars`}>
      {'★'.repeat(n)}
      {'☆'.repeat(5 - n)}
    </span>
  );
}

function Review(props: { slug: string; review: ReviewJson; canReply: boolean; csrf: string | null; mine: boolean }) {
  const r = props.review;
  return (
    <li class="mkt-review" id={`review-${r.id}`}>
      <header>
        <span>
          <Stars rating={r.rating} /> <span class="mkt-review-author">{r.author}</span>
          {props.mine ? <span class="muted"> (your organization)</span> : null}
        </span>
        <time class="muted" datetime={r.created_at}>
          {r.created_at.slice(0, 10)}
        </time>
      </header>
      {r.text ? <p class="mkt-review-text">{r.text}</p> : null}
      {r.reply ? (
        <div class="mkt-review-reply">
          <strong>Reply from the creator</strong>
          <p>{r.reply}</p>
        </div>
      ) : props.canReply && props.csrf ? (
        <form class="mkt-form" data-api-form={`${api(props.slug)}/${r.id}/reply`} data-csrf={props.csrf} method="post" action="#">
          <label for={`reply-${r.id}`}>Reply (once, public)</label>
          <textarea id={`reply-${r.id}`} name="text" required maxlength={4000}></textarea>
          <div>
            <button type="submit" class="btn">
              Post reply
            </button>
          </div>
          <p class="mkt-form-status muted" data-api-status aria-live="polite"></p>
        </form>
      ) : null}
    </li>
  );
}

export function ReviewsSection(props: {
  slug: string;
  rating: { average: number | null; count: number };
  data: ReviewsPageData;
  csrf: string | null;
  /** Whether someone is signed in (to say "Sign in to review" otherwise). Default: signed in when a CSRF token is given. */
  signedIn?: boolean;
}) {
  const { data } = props;
  const signedIn = props.signedIn ?? props.csrf !== null;
  const mineId = data.mine?.id ?? null;
  return (
    <section class="mkt-section mkt-reviews" id="reviews" aria-labelledby="reviews-title">
      <link rel="stylesheet" href="/assets/marketplace-community.css" />
      <h2 id="reviews-title">Reviews</h2>
      {props.rating.count > 0 && props.rating.average !== null ? (
        <p class="mkt-rating-summary">
          <Stars rating={props.rating.average} />
          <span>
            {props.rating.average.toFixed(1)} · {props.rating.count} {props.rating.count === 1 ? 'review' : 'reviews'}
          </span>
        </p>
      ) : null}
      {data.reviews.length === 0 ? <p class="muted">No reviews yet.</p> : null}
      {data.reviews.length ? (
        <ul class="mkt-review-list">
          {data.reviews.map((r) => (
            <Review slug={props.slug} review={r} canReply={data.isCreator} csrf={props.csrf} mine={r.id === mineId} />
          ))}
        </ul>
      ) : null}
      {data.next_cursor ? (
        <p>
          <a href={`${api(props.slug)}?cursor=${encodeURIComponent(data.next_cursor)}`}>More reviews (JSON)</a>
        </p>
      ) : null}
      {data.canReview && props.csrf ? (
        <form class="mkt-form" data-api-form={api(props.slug)} data-csrf={props.csrf} method="post" action="#" aria-labelledby="review-form-title">
          <h3 id="review-form-title">Review this agent</h3>
          <fieldset class="mkt-rating-input">
            <legend>Rating</legend>
            {[5, 4, 3, 2, 1].map((n) => (
              <label>
                <input type="radio" name="rating" value={String(n)} required checked={n === 5} /> {n} ★
              </label>
            ))}
          </fieldset>
          <label for="review-text">What did you use it for? (optional)</label>
          <textarea id="review-text" name="text" maxlength={4000}></textarea>
          <div>
            <button type="submit" class="btn btn-primary">
              Post review
            </button>
          </div>
          <p class="mkt-form-status muted" data-api-status aria-live="polite"></p>
          <noscript>
            <p class="muted">Posting a review needs JavaScript.</p>
          </noscript>
        </form>
      ) : !signedIn ? (
        <p class="muted">
          <a href={`/login?next=${encodeURIComponent(`/marketplace/${props.slug}#reviews`)}`}>Sign in to review</a> (after installing and chatting with it).
        </p>
      ) : data.whyNot ? (
        <p class="muted">{data.whyNot}.</p>
      ) : null}
      <script src="/assets/marketplace-community.js" defer></script>
    </section>
  );
}
