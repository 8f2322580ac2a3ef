// GET /marketplace/:slug: a published listing's public page. Title, icon, tagline, creator, category and tags, price,
// usage, rating, the description (safe markdown), screenshots (https only), the example conversation, the tools and
// the hosts they reach, model, variable names, instructions (free listings only), version history; then the install
// panel (mkt-publish), the try-it chat and reviews (mkt-community).
import { raw } from 'hono/html';
import { categoryName } from '../../worker/lib/marketplace-categories';
import type { ListingDetailJson } from '../../worker/schemas/marketplace';
import type { ReviewsPageData } from '../../worker/services/listing-reviews';
import { renderMarkdown } from '../lib/markdown';
import { InstallPanel } from '../marketplace/install-panel';
import { ListingIcon, MarketplaceLayout, Stars, priceLabel, type PageMeta } from '../marketplace/parts';
import { ReportForm } from '../marketplace/report-form';
import { ReviewsSection } from '../marketplace/reviews-section';
import { TryItSection } from '../marketplace/try-it-section';

const date = (iso: string) => new Date(iso).toISOString().slice(0, 10);

export function MarketplaceListingPage(props: {
  meta: PageMeta;
  listing: ListingDetailJson;
  signedIn: boolean;
  csrf: string | null;
  reviews: ReviewsPageData;
}) {
  const l = props.listing;
  return (
    <MarketplaceLayout meta={props.meta}>
      <nav class="mkt-crumbs" aria-label="Breadcrumb">
        <a href="/marketplace">Marketplace</a>
        <span aria-hidden="true">/</span>
        <a href={`/marketplace?category=${encodeURIComponent(l.category)}`}>{categoryName(l.category)}</a>
      </nav>
      <div class="mkt-detail">
        <header class="mkt-detail-head">
          <ListingIcon icon={l.icon} title={l.title} size="lg" />
          <div>
            <h1 class="mkt-detail-title">{l.title}</h1>
            <p class="mkt-detail-tagline">{l.tagline}</p>
            <p class="mkt-card-meta">
              <span>
                by {l.creator.slug ? <a href={`/creators/${encodeURIComponent(l.creator.slug)}`}>{l.creator.name}</a> : <span>{l.creator.name}</span>}
              </span>
              <span aria-hidden="true">·</span>
              <a href="#reviews">
                <Stars average={l.rating.average} count={l.rating.count} />
              </a>
            </p>
          </div>
        </header>
        <div class="mkt-detail-main">
          <ul class="mkt-stats" role="list">
            <li>
              <strong>{l.installs}</strong> {l.installs === 1 ? 'organization uses it' : 'organizations use it'}
            </li>
            <li>
              <strong>{l.conversations}</strong> {l.conversations === 1 ? 'conversation' : 'conversations'}
            </li>
            <li>
              <strong>{priceLabel(l.pricing)}</strong>
            </li>
            <li>
              Version <strong>{l.version}</strong>
            </li>
          </ul>
          {l.tags.length ? (
            <ul class="mkt-tags" role="list" aria-label="Tags">
              {l.tags.map((t) => (
                <li>
                  <a class="mkt-tag" href={`/marketplace?tag=${encodeURIComponent(t)}`}>
                    {t}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          <section class="mkt-section prose" aria-label="Description">
            {raw(renderMarkdown(l.description))}
          </section>
          {l.screenshots.length ? (
            <section class="mkt-section" aria-labelledby="shots">
              <h2 id="shots">Screenshots</h2>
              <div class="mkt-shots">
                {l.screenshots.map((s) => (
                  <figure class="mkt-shot">
                    <img src={s.url} alt={s.caption ?? `Screenshot of ${l.title}`} loading="lazy" referrerpolicy="no-referrer" />
                    {s.caption ? <figcaption>{s.caption}</figcaption> : null}
                  </figure>
                ))}
              </div>
            </section>
          ) : null}
          {l.example_conversation.length ? (
            <section class="mkt-section" aria-labelledby="example">
              <h2 id="example">Example conversation</h2>
              <ol class="mkt-example" role="list">
                {l.example_conversation.map((m) => (
                  <li class={`mkt-msg mkt-msg-${m.role}`}>
                    <span class="mkt-msg-who">{m.role === 'user' ? 'You' : l.title}</span>
                    <div class="mkt-msg-text">{raw(renderMarkdown(m.content))}</div>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <TryItSection slug={l.slug} title={l.title} />
          <section class="mkt-section" aria-labelledby="inside">
            <h2 id="inside">What’s inside</h2>
            <dl class="mkt-facts">
              <dt>Model</dt>
              <dd>
                <code>{l.model || 'the installer’s default'}</code>
              </dd>
              <dt>Variables</dt>
              <dd>
                {l.variables.length
                  ? l.variables.map((v, i) => (
                      <>
                        {i ? ', ' : ''}
                        <code>{v}</code>
                      </>
                    ))
                  : 'None'}
              </dd>
              <dt>Tools</dt>
              <dd>
                {l.tools.length ? (
                  <ul class="mkt-tools" role="list">
                    {l.tools.map((t) => (
                      <li>
                        <strong>{t.name}</strong> <span class="badge">{t.kind}</span>
                        {t.description ? <span class="muted"> — {t.description}</span> : null}
                        {t.reaches.length ? (
                          <div class="mkt-reaches">
                            Reaches:{' '}
                            {t.reaches.map((h, i) => (
                              <>
                                {i ? ', ' : ''}
                                <code>{h}</code>
                              </>
                            ))}
                          </div>
                        ) : null}
                        {t.needs_connection ? (
                          <div class="mkt-reaches">
                            Needs your own {t.needs_connection.kind} connection (“{t.needs_connection.name}”)
                          </div>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  'None: it only talks.'
                )}
              </dd>
            </dl>
            {l.instructions !== undefined ? (
              <details class="mkt-instructions">
                <summary>Instructions</summary>
                <pre>{l.instructions}</pre>
              </details>
            ) : (
              <p class="muted">The instructions of a paid agent are its creator’s work: you get the agent, not its prompt.</p>
            )}
          </section>
          <section class="mkt-section" aria-labelledby="versions">
            <h2 id="versions">Version history</h2>
            <ol class="mkt-versions" role="list">
              {l.versions.map((v) => (
                <li>
                  <strong>Version {v.version}</strong> <span class="muted">{date(v.created_at)}</span>
                  {v.notes ? <p>{v.notes}</p> : null}
                </li>
              ))}
            </ol>
          </section>
          <ReviewsSection slug={l.slug} rating={l.rating} data={props.reviews} csrf={props.csrf} signedIn={props.signedIn} />
          <ReportForm slug={l.slug} csrf={props.csrf} />
        </div>
        <aside class="mkt-detail-side">
          <div class="card card-pad mkt-side-card">
            <InstallPanel slug={l.slug} pricing={l.pricing} signedIn={props.signedIn} csrf={props.csrf} />
            <dl class="mkt-side-facts">
              <dt>Category</dt>
              <dd>
                <a href={`/marketplace?category=${encodeURIComponent(l.category)}`}>{categoryName(l.category)}</a>
              </dd>
              <dt>Updated</dt>
              <dd>{date(l.updated_at)}</dd>
              {l.published_at ? (
                <>
                  <dt>Published</dt>
                  <dd>{date(l.published_at)}</dd>
                </>
              ) : null}
            </dl>
          </div>
        </aside>
      </div>
    </MarketplaceLayout>
  );
}
