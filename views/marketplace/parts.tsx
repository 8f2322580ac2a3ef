// The public marketplace pages' shared pieces (issue 18, mkt-discovery): the layout (title, meta description,
// OpenGraph, canonical link, the marketplace stylesheet), a listing card, rating stars and the results list that the
// directory's search-as-you-type swaps. Everything a creator wrote is JSX text (escaped); the one raw string is the
// search snippet, which marketplace-catalog.ts builds HTML-safe (escaped text, only <mark> tags).
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { Document } from '../components/ui/document';
import { LogoMark } from '../components/ui/logo';
import type { ListingSummaryJson } from '../../worker/schemas/marketplace';

export type PageMeta = { title: string; description: string; url: string; type?: 'website' | 'product' | 'profile'; image?: string | null };

/** An icon that is an https URL (shown as an image and as og:image); anything else is an emoji-like text icon. */
export const httpsIcon = (icon: string | null | undefined) => (icon && /^https:\/\/[^\s"'<>]+$/.test(icon) ? icon : null);

export function MarketplaceLayout(props: { meta: PageMeta; children?: Child }) {
  const m = props.meta;
  const description = m.description.length > 300 ? `${m.description.slice(0, 297)}…` : m.description;
  return (
    <Document
      title={m.title}
      bodyClass="mkt"
      head={
        <>
          <meta name="description" content={description} />
          <link rel="canonical" href={m.url} />
          <meta property="og:site_name" content="Edgent Marketplace" />
          <meta property="og:title" content={m.title} />
          <meta property="og:description" content={description} />
          <meta property="og:type" content={m.type === 'profile' ? 'profile' : m.type === 'product' ? 'product' : 'website'} />
          <meta property="og:url" content={m.url} />
          {m.image ? <meta property="og:image" content={m.image} /> : null}
          <meta name="twitter:card" content="summary" />
          <link rel="stylesheet" href="/assets/marketplace.css" />
        </>
      }
    >
      <header class="mkt-top">
        <div class="mkt-top-inner">
          <a class="mkt-brand" href="/marketplace" aria-label="Edgent Marketplace">
            <LogoMark size={26} />
            <span class="mkt-brand-name">Edgent</span>
            <span class="mkt-brand-sub">Marketplace</span>
          </a>
          <nav class="mkt-top-nav" aria-label="Site">
            <a href="/marketplace">Browse</a>
            <a href="/app">Open app</a>
          </nav>
        </div>
      </header>
      <main class="mkt-main" id="main">
        {props.children}
      </main>
      <footer class="mkt-footer">
        <p>
          Edgent · AI agents on the edge · <a href="/marketplace">Marketplace</a> · <a href="/sitemap.xml">Sitemap</a>
        </p>
      </footer>
    </Document>
  );
}

export function Stars(props: { average: number | null; count: number }) {
  if (!props.count || props.average == null) return <span class="mkt-stars mkt-stars-none">No ratings yet</span>;
  const full = Math.round(props.average);
  return (
    <span class="mkt-stars" aria-label={`Rated ${props.average.toFixed(1)} out of 5 by ${props.count} ${props.count === 1 ? 'organization' : 'organizations'}`}>
      <span class="mkt-stars-on" aria-hidden="true">
        {'★'.repeat(full)}
      </span>
      <span class="mkt-stars-off" aria-hidden="true">
        {'★'.repeat(5 - full)}
      </span>
      <span class="mkt-stars-num">
        {props.average.toFixed(1)} ({props.count})
      </span>
    </span>
  );
}

export const priceLabel = (p: ListingSummaryJson['pricing']) => (p.type === 'free' ? 'Free' : `$${p.monthly_usd.toFixed(2)}/mo`);

export function ListingIcon(props: { icon: string | null; title: string; size?: 'lg' }) {
  const url = httpsIcon(props.icon);
  const cls = `mkt-icon${props.size === 'lg' ? ' mkt-icon-lg' : ''}`;
  if (url)
    return (
      <img
        class={cls}
        src={url}
        alt=""
        width={props.size === 'lg' ? 72 : 44}
        height={props.size === 'lg' ? 72 : 44}
        loading="lazy"
        referrerpolicy="no-referrer"
      />
    );
  const text = props.icon && !/^https?:/i.test(props.icon) ? props.icon : ([...props.title.trim()][0]?.toUpperCase() ?? '?');
  return (
    <span class={cls} aria-hidden="true">
      {text}
    </span>
  );
}

export function ListingCard(props: { listing: ListingSummaryJson }) {
  const l = props.listing;
  return (
    <li class="mkt-card">
      <ListingIcon icon={l.icon} title={l.title} />
      <div class="mkt-card-body">
        <h3 class="mkt-card-title">
          <a href={`/marketplace/${encodeURIComponent(l.slug)}`}>{l.title}</a>
        </h3>
        <p class="mkt-card-tagline">{l.tagline}</p>
        {l.snippet ? <p class="mkt-card-snippet">{raw(l.snippet)}</p> : null}
        <p class="mkt-card-meta">
          {l.creator.slug ? <a href={`/creators/${encodeURIComponent(l.creator.slug)}`}>{l.creator.name}</a> : <span>{l.creator.name}</span>}
          <span aria-hidden="true">·</span>
          <Stars average={l.rating.average} count={l.rating.count} />
          <span aria-hidden="true">·</span>
          <span>
            {l.installs} {l.installs === 1 ? 'install' : 'installs'}
          </span>
        </p>
      </div>
      <span class={`mkt-price${l.pricing.type === 'free' ? ' mkt-price-free' : ''}`}>{priceLabel(l.pricing)}</span>
    </li>
  );
}

/** The results list (the htmx swap target of the directory's search form). */
export function ResultsList(props: { listings: ListingSummaryJson[]; nextHref: string | null; q?: string; total?: string }) {
  return (
    <section id="mkt-results" class="mkt-results" aria-live="polite" aria-label="Results">
      {props.listings.length === 0 ? (
        <div class="mkt-empty">
          <p>{props.q ? `No agents match “${props.q}”.` : 'No agents here yet.'}</p>
          <p class="muted">Try fewer words, another category, or browse everything.</p>
        </div>
      ) : (
        <ul class="mkt-cards" role="list">
          {props.listings.map((l) => (
            <ListingCard listing={l} />
          ))}
        </ul>
      )}
      {props.nextHref ? (
        <p class="mkt-next">
          <a class="btn btn-secondary" href={props.nextHref}>
            Next page →
          </a>
        </p>
      ) : null}
    </section>
  );
}
