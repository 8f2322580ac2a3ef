// The public catalogue (issue 18 §2): query parsing, the opaque cursor, and the API's answer shapes over
// db/marketplace-catalog.ts. Used by GET /api/v1/marketplace/* and the public pages alike, so both agree.
import { z } from 'zod';
import {
  categoryCounts,
  catalogDetail,
  creatorPage,
  parseMedia,
  parseTags,
  searchCatalog,
  sitemapRows,
  SORTS,
  type CatalogDetail,
  type CatalogRow,
  type SummaryRow,
} from '../db/marketplace-catalog';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { CATEGORIES, CATEGORY_SLUGS } from '../lib/marketplace-categories';
import { validate } from '../lib/validate';
import type { ListingDetailJson, ListingSummaryJson } from '../schemas/marketplace';

export { refreshListingStats, refreshAllListingStats } from '../db/marketplace-catalog';

/** GET /api/v1/marketplace/listings (and /marketplace's form): every field optional; empty strings mean "not set". */
export const listingsQuery = z.object({
  q: z.string().max(200).optional(),
  category: z.enum(CATEGORY_SLUGS).optional(),
  tag: z.string().trim().toLowerCase().max(32).optional(),
  pricing: z.enum(['free', 'paid']).optional(),
  sort: z.enum(SORTS).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListingsQuery = z.infer<typeof listingsQuery>;

/** Reads the query string: blank values are dropped (an HTML form sends `category=`), then validated (400 with details). */
export function parseListingsQuery(raw: Record<string, string>): ListingsQuery {
  const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v.trim() !== ''));
  return validate(listingsQuery, clean);
}

// The cursor: an offset under the query it was made for (base64url JSON), so a cursor from another query is refused.
const encodeCursor = (o: number) => btoa(JSON.stringify({ o })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const v = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))) as { o?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && v.o <= 10_000) return v.o;
  } catch {
    // falls through
  }
  throw new AppError('validation_failed', 'The request is not valid', [{ path: 'cursor', message: 'Not a cursor from a previous answer' }]);
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
const pricingOf = (r: Pick<CatalogRow, 'pricing_type' | 'price_cents'>) =>
  r.pricing_type === 'subscription' ? { type: 'subscription' as const, monthly_usd: (r.price_cents ?? 0) / 100 } : { type: 'free' as const };
export const ratingOf = (r: Pick<CatalogRow, 'rating_sum' | 'rating_count'>) => ({
  average: r.rating_count ? Math.round((r.rating_sum / r.rating_count) * 10) / 10 : null,
  count: r.rating_count,
});

export function listingSummary(r: SummaryRow): ListingSummaryJson {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    tagline: r.tagline,
    category: r.category,
    tags: parseTags(r.tags),
    icon: r.icon,
    creator: { name: r.creator_name ?? 'Unknown creator', slug: r.creator_slug ?? '' },
    rating: ratingOf(r),
    installs: r.installs,
    pricing: pricingOf(r),
    ...(r.snip != null ? { snippet: r.snip } : {}),
    published_at: iso(r.published_at),
  };
}

export async function searchListings(env: Bindings, query: ListingsQuery) {
  const offset = decodeCursor(query.cursor);
  const { rows, more } = await searchCatalog(env, {
    q: query.q?.trim() || undefined,
    category: query.category,
    tag: query.tag || undefined,
    pricing: query.pricing,
    sort: query.sort,
    offset,
    limit: query.limit,
  });
  return { data: rows.map(listingSummary), next_cursor: more ? encodeCursor(offset + query.limit) : null };
}

/** The public detail: never a subscription listing's instructions, never tool credentials (snapshots hold none). */
export function listingDetail(d: CatalogDetail): ListingDetailJson {
  const media = parseMedia(d.media);
  const snap = d.snapshot;
  return {
    ...listingSummary(d),
    description: d.description,
    status: d.status,
    version: d.version,
    agent_version: d.agent_version,
    model: snap?.model ?? '',
    ...(d.pricing_type === 'free' && snap ? { instructions: snap.instructions } : {}),
    variables: Object.keys(snap?.variables ?? {}),
    tools: (snap?.tools ?? []).map((t) => ({
      name: t.name,
      kind: t.kind,
      description: t.description,
      reaches: t.reaches ?? [],
      needs_connection: t.connection ? { name: t.connection.name, kind: t.connection.kind } : null,
    })),
    screenshots: (media.screenshots ?? [])
      .filter((s) => typeof s.url === 'string' && s.url.startsWith('https://'))
      .map((s) => ({ url: s.url, ...(s.caption ? { caption: s.caption } : {}) })),
    example_conversation: (media.example ?? []).map((m) => ({ role: m.role, content: m.content })),
    conversations: d.conversations,
    versions: d.versions.map((v) => ({ version: v.version, notes: v.notes, created_at: iso(v.created_at)! })),
    updated_at: iso(d.updated_at)!,
  };
}

export async function publicListing(env: Bindings, slug: string) {
  return catalogDetail(env, slug);
}

export async function categoriesWithCounts(env: Bindings) {
  const counts = await categoryCounts(env);
  return CATEGORIES.map((c) => ({ slug: c.slug, name: c.name, count: counts.get(c.slug) ?? 0 }));
}

export async function publicCreator(env: Bindings, slug: string) {
  const page = await creatorPage(env, slug);
  if (!page) return null;
  return {
    slug: page.creator.slug,
    name: page.creator.display_name,
    bio: page.creator.bio,
    website: page.creator.website && /^https?:\/\//i.test(page.creator.website) ? page.creator.website : null,
    listings: page.listings.map(listingSummary),
  };
}

/** The sitemap: every published listing and creator with one (slug, last change) and every category. */
export async function sitemapEntries(env: Bindings) {
  const rows = await sitemapRows(env);
  return { ...rows, categories: CATEGORIES.map((c) => c.slug) };
}
