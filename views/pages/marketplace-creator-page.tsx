// GET /creators/:slug: a creator's public profile (display name, bio, website as a nofollow link) and their
// published listings.
import type { ListingSummaryJson } from '../../worker/schemas/marketplace';
import { MarketplaceLayout, ResultsList, type PageMeta } from '../marketplace/parts';

export function MarketplaceCreatorPage(props: {
  meta: PageMeta;
  creator: { slug: string; name: string; bio: string | null; website: string | null; listings: ListingSummaryJson[] };
}) {
  const c = props.creator;
  const initial = [...c.name.trim()][0]?.toUpperCase() ?? '?';
  return (
    <MarketplaceLayout meta={props.meta}>
      <nav class="mkt-crumbs" aria-label="Breadcrumb">
        <a href="/marketplace">Marketplace</a>
        <span aria-hidden="true">/</span>
        <span>Creators</span>
      </nav>
      <header class="mkt-creator">
        <span class="mkt-icon mkt-icon-lg" aria-hidden="true">
          {initial}
        </span>
        <div>
          <h1 class="mkt-detail-title">{c.name}</h1>
          {c.bio ? <p class="mkt-creator-bio">{c.bio}</p> : null}
          {c.website ? (
            <p>
              <a href={c.website} rel="nofollow noopener ugc" target="_blank">
                {c.website.replace(/^https?:\/\//i, '')}
              </a>
            </p>
          ) : null}
          <p class="muted">
            {c.listings.length} published {c.listings.length === 1 ? 'agent' : 'agents'}
          </p>
        </div>
      </header>
      <ResultsList listings={c.listings} nextHref={null} />
    </MarketplaceLayout>
  );
}
