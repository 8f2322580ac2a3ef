// GET /marketplace: the directory. A GET form (works without JavaScript) with search as you type through htmx
// (the form swaps #mkt-results after a short pause), category chips with counts, filters, sort, result cards and a
// next-page link.
import type { ListingSummaryJson } from '../../worker/schemas/marketplace';
import { MarketplaceLayout, ResultsList, type PageMeta } from '../marketplace/parts';

export type DirectoryFilters = { q?: string; category?: string; tag?: string; pricing?: 'free' | 'paid'; sort?: string };
type Category = { slug: string; name: string; count: number };

/** /marketplace?… with these filters (blank ones left out). */
export function directoryHref(f: DirectoryFilters & { cursor?: string }) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `/marketplace?${qs}` : '/marketplace';
}

export function MarketplaceDirectoryPage(props: {
  meta: PageMeta;
  filters: DirectoryFilters;
  categories: Category[];
  listings: ListingSummaryJson[];
  nextHref: string | null;
}) {
  const f = props.filters;
  const total = props.categories.reduce((n, c) => n + c.count, 0);
  const current = props.categories.find((c) => c.slug === f.category);
  return (
    <MarketplaceLayout meta={props.meta}>
      <section class="mkt-hero">
        <h1>{current ? current.name : 'Find an agent for the job'}</h1>
        <p class="mkt-lede">
          {current
            ? `${current.count} ${current.count === 1 ? 'agent' : 'agents'} in ${current.name}.`
            : `${total} ready-made ${total === 1 ? 'agent' : 'agents'} from creators on Edgent. Install one into your organization in a click.`}
        </p>
        <form
          class="mkt-search"
          method="get"
          action="/marketplace"
          role="search"
          aria-label="Search the marketplace"
          hx-get="/marketplace"
          hx-trigger="submit, change, input delay:250ms"
          hx-target="#mkt-results"
          hx-swap="outerHTML"
          hx-push-url="true"
          hx-sync="this:replace"
        >
          <div class="mkt-search-row">
            <label class="sr-only" for="mkt-q">
              Search agents
            </label>
            <input
              class="input mkt-q"
              id="mkt-q"
              type="search"
              name="q"
              value={f.q ?? ''}
              maxlength={200}
              placeholder="Search agents: “calendar”, “support”, “SQL”…"
              autocomplete="off"
            />
            <button class="btn btn-primary" type="submit">
              Search
            </button>
          </div>
          <div class="mkt-filters">
            <label>
              <span>Category</span>
              <select class="input" name="category">
                <option value="">All categories</option>
                {props.categories.map((c) => (
                  <option value={c.slug} selected={f.category === c.slug}>
                    {`${c.name} (${c.count})`}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>Price</span>
              <select class="input" name="pricing">
                <option value="">Free and paid</option>
                <option value="free" selected={f.pricing === 'free'}>
                  Free
                </option>
                <option value="paid" selected={f.pricing === 'paid'}>
                  Paid
                </option>
              </select>
            </label>
            <label>
              <span>Sort</span>
              <select class="input" name="sort">
                <option value="">{f.q ? 'Best match' : 'Most popular'}</option>
                <option value="popular" selected={f.sort === 'popular'}>
                  Most popular
                </option>
                <option value="new" selected={f.sort === 'new'}>
                  Newest
                </option>
                <option value="rating" selected={f.sort === 'rating'}>
                  Top rated
                </option>
              </select>
            </label>
            {f.tag ? (
              <label>
                <span>Tag</span>
                <select class="input" name="tag">
                  <option value={f.tag} selected>
                    {f.tag}
                  </option>
                  <option value="">Any tag</option>
                </select>
              </label>
            ) : null}
          </div>
        </form>
      </section>
      <nav class="mkt-chips" aria-label="Categories">
        <a class="mkt-chip" href={directoryHref({ ...f, category: undefined })} aria-current={!f.category ? 'page' : undefined}>
          All <span class="mkt-chip-count">{total}</span>
        </a>
        {props.categories.map((c) => (
          <a class="mkt-chip" href={directoryHref({ ...f, category: c.slug })} aria-current={f.category === c.slug ? 'page' : undefined}>
            {c.name} <span class="mkt-chip-count">{c.count}</span>
          </a>
        ))}
      </nav>
      <ResultsList listings={props.listings} nextHref={props.nextHref} q={f.q} />
    </MarketplaceLayout>
  );
}
