// Public marketplace pages (issue 18, mkt-discovery): /marketplace, /marketplace/:slug, /creators/:slug, /sitemap.xml,
// /robots.txt. Public by design (no auth, no permit): server-rendered, working without JavaScript, with title, meta
// description, OpenGraph and a canonical link. Mounted at `/`: NO path-less middleware here (it would run on every
// request of the app).
//
// Caching: every answer is `Cache-Control: public, no-cache` with a strong ETag of the rendered body (304 on a
// matching If-None-Match), so browsers and CDNs revalidate each time and an unpublished listing is gone at once;
// nothing is cached inside the Worker beyond one request. The detail page is the one page that varies by viewer
// (the install panel knows whether someone is signed in, the reviews know their organization): for a signed-in
// viewer it is `private, no-cache`, and every marketplace page says `Vary: Cookie` (and `HX-Request`: the directory
// answers htmx with its results list only).
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../env';
import { AppError, notFound } from '../../errors';
import { categoryName } from '../../lib/marketplace-categories';
import { resolveAuth } from '../../middleware/auth';
import { reviewsForPage } from '../../services/listing-reviews';
import {
  categoriesWithCounts,
  listingDetail,
  listingsQuery,
  publicCreator,
  publicListing,
  searchListings,
  sitemapEntries,
  type ListingsQuery,
} from '../../services/marketplace-search';
import { MarketplaceCreatorPage } from '../../../views/pages/marketplace-creator-page';
import { MarketplaceDirectoryPage, directoryHref, type DirectoryFilters } from '../../../views/pages/marketplace-directory-page';
import { MarketplaceListingPage } from '../../../views/pages/marketplace-listing-page';
import { ResultsList, httpsIcon } from '../../../views/marketplace/parts';

/** The app's CSP, plus https images: creators' icons and screenshots are https URLs (never scripts or styles). */
const MARKETPLACE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

async function strongEtag(body: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  return `"${[...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
}

/** Sends a rendered body with the marketplace's caching rules (see the file comment); 304 when the ETag matches. */
async function send(c: Context<AppEnv>, body: string, opts: { type?: string; personal?: boolean; status?: number } = {}) {
  const etag = await strongEtag(body);
  const headers = new Headers({
    'Content-Type': opts.type ?? 'text/html; charset=UTF-8',
    'Cache-Control': opts.personal ? 'private, no-cache' : 'public, no-cache',
    ETag: etag,
    Vary: 'Cookie, HX-Request',
  });
  if (!opts.type) {
    headers.set('Content-Security-Policy', MARKETPLACE_CSP);
    headers.set('X-Frame-Options', 'DENY');
  }
  const match = (c.req.header('if-none-match') ?? '')
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === etag || t === '*');
  if (match) {
    headers.delete('Content-Type');
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: opts.status ?? 200, headers });
}

const render = async (c: Context<AppEnv>, el: Parameters<Context<AppEnv>['html']>[0]) => (await c.html(el)).text();

/** The optional signed-in viewer (session cookie only; pages ignore API keys). Never required, never an error. */
async function viewer(c: Context<AppEnv>) {
  if (c.req.header('authorization')) return null;
  try {
    return await resolveAuth(c);
  } catch {
    return null;
  }
}

/** The directory's query, leniently: a page drops an invalid field (the API answers 400 for it). */
function pageQuery(raw: Record<string, string>): ListingsQuery {
  const clean: Record<string, string> = Object.fromEntries(Object.entries(raw).filter(([, v]) => v.trim() !== ''));
  for (let i = 0; i < 8; i++) {
    const r = listingsQuery.safeParse(clean);
    if (r.success) return r.data;
    for (const issue of r.error.issues) delete clean[String(issue.path[0])];
  }
  return listingsQuery.parse({});
}

async function directory(c: Context<AppEnv>) {
  const origin = new URL(c.req.url).origin;
  let query = pageQuery(c.req.query());
  query.limit = 24;
  const partial = c.req.header('hx-request') === 'true' && (c.req.header('hx-target') ?? '').includes('mkt-results');
  // The whole page also needs the category counts: asked for alongside the search, not after it.
  const counting = partial ? null : categoriesWithCounts(c.env);
  counting?.catch(() => {}); // awaited below; a search error must not leave it unhandled
  let page;
  try {
    page = await searchListings(c.env, query);
  } catch (e) {
    if (!(e instanceof AppError) || !query.cursor) throw e;
    query = { ...query, cursor: undefined };
    page = await searchListings(c.env, query);
  }
  const filters: DirectoryFilters = { q: query.q?.trim() || undefined, category: query.category, tag: query.tag, pricing: query.pricing, sort: query.sort };
  const nextHref = page.next_cursor ? directoryHref({ ...filters, cursor: page.next_cursor }) : null;
  if (!counting) return send(c, await render(c, <ResultsList listings={page.data} nextHref={nextHref} q={filters.q} />));
  const categories = await counting;
  const title = filters.q
    ? `“${filters.q}” in the Marketplace`
    : filters.category
      ? `${categoryName(filters.category)} agents · Marketplace`
      : 'Agent Marketplace';
  const description = filters.category
    ? `Ready-made ${categoryName(filters.category)} AI agents on Edgent: search, compare ratings and install one into your organization.`
    : 'Ready-made AI agents on Edgent: search by what you need, compare ratings and usage, and install one into your organization in a click.';
  // The canonical URL of the directory keeps only the category (search results are not separate pages).
  const canonical = `${origin}${directoryHref({ category: filters.category })}`;
  return send(
    c,
    await render(
      c,
      <MarketplaceDirectoryPage
        meta={{ title, description, url: canonical, type: 'website' }}
        filters={filters}
        categories={categories}
        listings={page.data}
        nextHref={nextHref}
      />,
    ),
  );
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export const marketplacePages = new Hono<AppEnv>()
  .get('/marketplace', directory)
  .get('/marketplace/', directory)
  .get('/marketplace/:slug', async (c) => {
    const found = await publicListing(c.env, c.req.param('slug'));
    if (!found) throw notFound('Listing');
    const listing = listingDetail(found);
    const auth = await viewer(c);
    const reviews = await reviewsForPage(
      c.env,
      { id: found.id, tenantId: found.tenant_id, slug: found.slug },
      auth?.userId ? { tenantId: auth.tenantId, userId: auth.userId } : null,
    );
    const url = `${new URL(c.req.url).origin}/marketplace/${encodeURIComponent(listing.slug)}`;
    const body = await render(
      c,
      <MarketplaceListingPage
        meta={{ title: `${listing.title} · Marketplace`, description: listing.tagline, url, type: 'product', image: httpsIcon(listing.icon) }}
        listing={listing}
        signedIn={!!auth}
        csrf={auth?.kind === 'session' ? auth.csrfToken : null}
        reviews={reviews}
      />,
    );
    return send(c, body, { personal: !!auth });
  })
  .get('/creators/:slug', async (c) => {
    const creator = await publicCreator(c.env, c.req.param('slug'));
    if (!creator) throw notFound('Creator');
    const url = `${new URL(c.req.url).origin}/creators/${encodeURIComponent(creator.slug)}`;
    const description = creator.bio?.trim() || `AI agents by ${creator.name} on the Edgent Marketplace.`;
    return send(
      c,
      await render(c, <MarketplaceCreatorPage meta={{ title: `${creator.name} · Marketplace`, description, url, type: 'profile' }} creator={creator} />),
    );
  })
  .get('/sitemap.xml', async (c) => {
    const origin = new URL(c.req.url).origin;
    const { listings, creators, categories } = await sitemapEntries(c.env);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const urls = [
      `<url><loc>${xml(`${origin}/marketplace`)}</loc></url>`,
      ...categories.map((slug) => `<url><loc>${xml(`${origin}/marketplace?category=${encodeURIComponent(slug)}`)}</loc></url>`),
      ...listings.map((l) => `<url><loc>${xml(`${origin}/marketplace/${encodeURIComponent(l.slug)}`)}</loc><lastmod>${day(l.updated_at)}</lastmod></url>`),
      ...creators.map((p) => `<url><loc>${xml(`${origin}/creators/${encodeURIComponent(p.slug)}`)}</loc><lastmod>${day(p.updated_at)}</lastmod></url>`),
    ];
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
    return send(c, body, { type: 'application/xml; charset=UTF-8' });
  })
  .get('/robots.txt', async (c) => {
    const origin = new URL(c.req.url).origin;
    const body = `User-agent: *\nAllow: /marketplace\nAllow: /creators/\nDisallow: /app\nDisallow: /api/\nDisallow: /s/\nDisallow: /embed\n\nSitemap: ${origin}/sitemap.xml\n`;
    return send(c, body, { type: 'text/plain; charset=UTF-8' });
  });
