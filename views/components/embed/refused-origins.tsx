// The Embed page's "Refused recently" card: sites that tried to load this key's widget but are not allowed, each
// with an Allow button (adds the origin to the key's allowed origins).
import { When } from '../ui/when';

export type RefusedOrigin = { origin: string; count: number; last_seen_at: string };

export function RefusedOrigins(props: { action: string; csrfToken: string; origins: RefusedOrigin[] }) {
  if (!props.origins.length) return null;
  return (
    <section class="card embed-card" aria-labelledby="embed-refused-title" id="refused-origins">
      <h2 class="section-title" id="embed-refused-title">
        Refused recently
      </h2>
      <p class="muted">These sites tried to show this widget but are not among its allowed origins. Allow one if it is yours.</p>
      <ul class="refused-list">
        {props.origins.map((o) => (
          <li class="refused-item">
            <span>
              <code>{o.origin}</code>
              <span class="field-hint">
                {' '}
                {o.count === 1 ? 'once' : `${o.count} times`}, last <When ms={Date.parse(o.last_seen_at)} ago />
              </span>
            </span>
            <form method="post" action={props.action}>
              <input type="hidden" name="_csrf" value={props.csrfToken} />
              <input type="hidden" name="origin" value={o.origin} />
              <button type="submit" class="btn btn-secondary btn-sm">
                Allow<span class="sr-only"> {o.origin}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
