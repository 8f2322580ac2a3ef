// The marketplace's public catalogue (issue 18 §2): search, filters, sorts, categories with counts, a listing's detail
// with its versions, a creator's page, the sitemap's rows and the usage-verified popularity counters. Global reads by
// nature (published listings are everyone's to see), so this is a narrow module over D1 like marketplace-lookup.ts:
// every read is of `status = 'published'` rows only, it never hands out a general handle, and it writes nothing but
// the platform's own counters (installs, conversations, popularity).
//
// Search: `listings_fts` (migration 0021) ranked by bm25 with column weights title 10, tags 5, tagline 3,
// description 1; each term of the person's text is a quoted prefix phrase (`"term"*`), so FTS5 syntax in the input
// (quotes, `*`, `:`, parentheses, NEAR, AND, OR, NOT, `-`) is plain text and never an error. When the index finds
// fewer than TYPO_FALLBACK_BELOW listings, titles are looked up by trigrams in `listing_titles_trigram` (a typo:
// "calender" finds "Calendar …"), ranked by how many of the query's trigrams the title holds, in the same statement.
import type { ListingMedia, ListingSnapshot } from './schema';

type Env = { DB: D1Database };

export const SORTS = ['relevance', 'popular', 'new', 'rating'] as const;
export type Sort = (typeof SORTS)[number];

/** Below this many full-text matches on a first page, the trigram typo fallback adds title look-alikes. */
export const TYPO_FALLBACK_BELOW = 5;
/**
 * How many titles sharing pieces with the query the fallback scores (best trigram matches first): four times the
 * page, at least 100, at most 200. Each comes back as a whole card; on 10,000 listings 200 of them for a page of 20
 * cost 1.3 ms more than 100 at the median (npm run bench:marketplace, "calender").
 */
const typoCandidates = (limit: number) => Math.min(200, Math.max(100, 4 * limit));
/** Bayesian average for the `rating` sort: C pseudo-reviews of M stars (a listing with one 5-star review ranks below many 4.8s). */
export const RATING_PRIOR_COUNT = 5;
export const RATING_PRIOR_MEAN = 3.5;
/**
 * Relevance blends in a little popularity: bm25 (negative: lower is better) times 1 + min(popularity, 100) / 1000,
 * at most a 10 % lift, enough to order near-equal matches by use, never enough to lift a description match above a
 * title match (weights 10 vs 1).
 */
const RELEVANCE = `f.rank_score * (1.0 + min(l.popularity, 100) / 1000.0)`;

export type CatalogRow = {
  rowid: number;
  id: string;
  tenant_id: string;
  agent_id: string;
  slug: string;
  title: string;
  tagline: string;
  description: string;
  category: string;
  tags: string;
  icon: string | null;
  media: string;
  pricing_type: 'free' | 'subscription';
  price_cents: number | null;
  status: 'published' | 'unpublished' | 'removed';
  version: number;
  agent_version: number;
  installs: number;
  conversations: number;
  popularity: number;
  rating_sum: number;
  rating_count: number;
  published_at: number | null;
  updated_at: number;
  creator_slug: string | null;
  creator_name: string | null;
  snip?: string | null;
};

const COLUMNS = `l.rowid as rowid, l.id, l.tenant_id, l.agent_id, l.slug, l.title, l.tagline, l.description, l.category, l.tags, l.icon,
  l.media, l.pricing_type, l.price_cents, l.status, l.version, l.agent_version, l.installs, l.conversations, l.popularity,
  l.rating_sum, l.rating_count, l.published_at, l.updated_at, cp.slug as creator_slug, cp.display_name as creator_name`;

/** A result list's row: what a listing card shows (no description, no media: they are most of a row's bytes). */
export type SummaryRow = Omit<CatalogRow, 'description' | 'media'>;
const SUMMARY_COLUMNS = `l.rowid as rowid, l.id, l.tenant_id, l.agent_id, l.slug, l.title, l.tagline, l.category, l.tags, l.icon,
  l.pricing_type, l.price_cents, l.status, l.version, l.agent_version, l.installs, l.conversations, l.popularity,
  l.rating_sum, l.rating_count, l.published_at, l.updated_at, cp.slug as creator_slug, cp.display_name as creator_name`;

// Private snippet markers: control characters that never reach a page (snippetHtml turns them into <mark> tags).
const OPEN = '\u0001';
const CLOSE = '\u0002';

/** The person's text as FTS5 prefix phrases: each run of letters/digits-bearing text becomes `"term"*`; null when nothing searchable. */
export function ftsQuery(q: string): string | null {
  const terms = q
    .normalize('NFKC')
    .split(/\s+/)
    .map((t) => t.replace(/[\u0000-\u001f"]/g, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, 8)
    .map((t) => t.slice(0, 64));
  if (!terms.length) return null;
  return terms.map((t) => `"${t}"*`).join(' ');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * A snippet() result made HTML-safe: the text is escaped, and only the private markers become <mark>…</mark>,
 * balanced (a marker character a creator typed can at most open or close one mark, never inject markup).
 */
export function snippetHtml(raw: string): string {
  let out = '';
  let open = false;
  for (const part of raw.split(/([\u0001\u0002])/)) {
    if (part === OPEN) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === CLOSE) {
      if (open) out += '</mark>';
      open = false;
    } else out += escapeHtml(part.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));
  }
  return open ? out + '</mark>' : out;
}

export type SearchParams = {
  q?: string;
  category?: string;
  tag?: string;
  pricing?: 'free' | 'paid';
  sort?: Sort;
  offset?: number;
  limit: number;
};

function filters(p: SearchParams, binds: unknown[]): string {
  let sql = ` and l.status = 'published'`;
  if (p.category) {
    binds.push(p.category);
    sql += ` and l.category = ?${binds.length}`;
  }
  if (p.pricing) sql += p.pricing === 'free' ? ` and l.pricing_type = 'free'` : ` and l.pricing_type = 'subscription'`;
  if (p.tag) {
    binds.push(p.tag.toLowerCase());
    sql += ` and exists (select 1 from json_each(l.tags) where json_each.value = ?${binds.length})`;
  }
  return sql;
}

const BAYES = `((${RATING_PRIOR_COUNT} * ${RATING_PRIOR_MEAN} + l.rating_sum) * 1.0 / (${RATING_PRIOR_COUNT} + l.rating_count))`;
const ORDER: Record<Exclude<Sort, 'relevance'>, string> = {
  popular: `l.popularity desc, l.published_at desc, l.id`,
  new: `l.published_at desc, l.id desc`,
  rating: `${BAYES} desc, l.rating_count desc, l.id`,
};

/**
 * One page of the catalogue. With `q`: full-text matches (sort relevance by default) with an HTML-safe snippet,
 * plus trigram title look-alikes on a first page with few matches; without: every published listing. Returns one
 * row more than `limit` when there is a next page.
 *
 * One statement, one round trip, typos included: the look-alike candidates are a UNION ALL branch whose LIMIT is 0
 * unless the full-text index matches fewer than TYPO_FALLBACK_BELOW listings (a count without ranking that stops at
 * that many: "cal" matches 1,491 listings, and counting them all cost 0.3 ms in sqlite3); SQLite computes a LIMIT before its loop, so at 0 the trigram search never runs. (Measured on 10,000
 * listings: a WHERE condition or a materialized page CTE instead left the trigram search running or doubled the time.)
 * The count is of matches before filters: a word found often, but not under the chosen filters, is no typo.
 * The branch joins its candidates to listings with CROSS JOIN, which fixes the loop order in SQLite: left to itself,
 * workerd's SQLite walked every published listing by a status index and probed the (empty) candidates for each, which
 * with a pricing filter read all 10,000 rows: 15 ms instead of 3 (marketplace-search test 5c).
 */
export async function searchCatalog(env: Env, p: SearchParams): Promise<{ rows: SummaryRow[]; more: boolean }> {
  const offset = p.offset ?? 0;
  const match = p.q ? ftsQuery(p.q) : null;
  if (p.q && !match) return { rows: [], more: false };
  const binds: unknown[] = [];
  let sql: string;
  let typo: TypoSearch | null = null;
  if (match) {
    binds.push(match);
    const sort = p.sort ?? 'relevance';
    const where = filters(p, binds);
    binds.push(p.limit + 1, offset);
    // The FTS subquery ranks and snips (bm25 and snippet need the FTS cursor). Every match is filtered and ordered
    // on `listing_rank` (migration 0029: only the columns filters and sorts read, under the same names, so `l` there
    // is that table), and only the page's rows are joined to their whole listings row, then put back in the same
    // order (the same expressions over the same values). Measured on 10,000 listings, "cal" (1,491 matches): 3.1 →
    // 1.9 ms in sqlite3; joining every match to listings was most of it. (Also measured: making snippets afterwards
    // for the page's rows only, by a second MATCH, was slower; numbering rows with a window function, 4× slower.)
    const order = sort === 'relevance' ? `${RELEVANCE}, l.id` : ORDER[sort];
    const page = `select ${SUMMARY_COLUMNS}, f.snip, 0 as typo from (
        select l.listing_rowid as rowid, f.rank_score, f.snip from (
          select rowid, bm25(listings_fts, 10.0, 5.0, 3.0, 1.0) as rank_score,
            snippet(listings_fts, -1, '${OPEN}', '${CLOSE}', '…', 16) as snip
          from listings_fts where listings_fts match ?1) f
        join listing_rank l on l.listing_rowid = f.rowid
        where 1 = 1 ${where}
        order by ${order}
        limit ?${binds.length - 1} offset ?${binds.length}) f
      cross join listings l on l.rowid = f.rowid
      left join creator_profiles cp on cp.tenant_id = l.tenant_id
      order by ${order}`;
    typo = offset === 0 ? typoSearch(p.q ?? '') : null;
    if (typo) {
      binds.push(typo.match, Math.min(TYPO_FALLBACK_BELOW, p.limit), typoCandidates(p.limit));
      const [g, below, many] = [binds.length - 2, binds.length - 1, binds.length];
      // Card columns only: 200 whole listings (descriptions, media) were most of the fallback's time.
      sql = `select * from (${page})
        union all
        select ${SUMMARY_COLUMNS}, null as snip, 1 as typo
          from (select rowid from listing_titles_trigram where listing_titles_trigram match ?${g} order by rank
            limit (case when (select count(*) from (select 1 from listings_fts where listings_fts match ?1 limit ?${below})) < ?${below} then ?${many} else 0 end)) t
          cross join listings l on l.rowid = t.rowid left join creator_profiles cp on cp.tenant_id = l.tenant_id
          where 1 = 1 ${filters(p, binds)}`;
    } else sql = page;
  } else {
    const where = filters(p, binds);
    const sort = p.sort && p.sort !== 'relevance' ? p.sort : 'popular';
    binds.push(p.limit + 1, offset);
    sql = `select ${SUMMARY_COLUMNS} from listings l left join creator_profiles cp on cp.tenant_id = l.tenant_id
      where 1 = 1 ${where} order by ${ORDER[sort]} limit ?${binds.length - 1} offset ?${binds.length}`;
  }
  const all = (
    await env.DB.prepare(sql)
      .bind(...binds)
      .all<SummaryRow & { typo?: number }>()
  ).results;
  const rows: SummaryRow[] = [];
  const candidates: SummaryRow[] = [];
  // (The `typo` column stays on the rows: copying 200 candidates without it cost more than it is worth.)
  for (const r of all) (r.typo ? candidates : rows).push(r);
  const more = rows.length > p.limit;
  if (more) rows.length = p.limit;
  for (const r of rows) if (r.snip != null) r.snip = snippetHtml(r.snip);
  if (typo && candidates.length) rows.push(...lookAlikes(typo, candidates, new Set(rows.map((r) => r.id)), p.limit - rows.length));
  return { rows, more };
}

/**
 * Substrings that find candidate titles in the trigram table: 4-character pieces of words of 5+ characters (a typo
 * breaks only the pieces it touches, and 4-grams are far more selective than trigrams at catalogue scale), trigrams
 * of shorter words.
 */
function candidateGrams(q: string): string[] {
  const out = new Set<string>();
  for (const w of words(q).slice(0, 8)) {
    const chars = [...w];
    const n = chars.length >= 5 ? 4 : 3;
    for (let i = 0; i + n <= chars.length && out.size < 32; i++) out.add(chars.slice(i, i + n).join(''));
  }
  return [...out];
}

/** A word's lowercase trigrams, and its first one (see dice). */
type Grams = { set: Set<string>; first: string | undefined };
const gramsOf = (word: string): Grams => {
  const chars = Array.from(word);
  const set = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) set.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  return { set, first: chars.length >= 3 ? chars[0]! + chars[1]! + chars[2]! : undefined };
};
/** Dice similarity of two words' trigram sets. */
const dice = (a: Grams, b: Grams) => {
  let both = 0;
  for (const g of a.set) if (b.set.has(g)) both += 1;
  const d = a.set.size + b.set.size ? (2 * both) / (a.set.size + b.set.size) : 0;
  // People rarely mistype a word's first letters: words starting differently must be near-identical.
  return a.first === b.first || d >= 0.8 ? d : 0;
};
const WORD_BREAK = /[^\p{L}\p{N}]+/u;
/** Words of 3+ characters (code points: 6+ UTF-16 units always are). */
const words = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKC')
    .split(WORD_BREAK)
    .filter((w) => w.length >= 6 || (w.length >= 3 && Array.from(w).length >= 3));

/** The trigram search for title look-alikes of `q`, and the trigrams of its words; null when it has no word of 3+ characters. */
type TypoSearch = { match: string; terms: Grams[] };
function typoSearch(q: string): TypoSearch | null {
  const grams = candidateGrams(q);
  const terms = words(q).slice(0, 8).map(gramsOf);
  if (!grams.length || !terms.length) return null;
  return { match: grams.map((g) => `"${g.replace(/"/g, '""')}"`).join(' OR '), terms };
}

/**
 * Title look-alikes among the candidates (they hold a piece of a query word: listing_titles_trigram, best matches
 * first): EVERY query word of 3+ characters must be close to some title word (Dice similarity of trigrams >= 0.5:
 * "calender" ~ "calendar" 0.67; a word starting with other letters needs >= 0.8: "invoice" is not "voice"), ranked
 * by the summed similarity, then popularity.
 */
function lookAlikes(typo: TypoSearch, candidates: SummaryRow[], seen: Set<string>, room: number): SummaryRow[] {
  if (room <= 0) return [];
  const scored: { r: SummaryRow; score: number }[] = [];
  for (const r of candidates) {
    if (seen.has(r.id)) continue;
    const titleWords = words(r.title).map(gramsOf);
    let score = 0;
    let all = true;
    for (const t of typo.terms) {
      let best = 0;
      for (const w of titleWords) best = Math.max(best, dice(t, w));
      if (best < 0.5) {
        all = false;
        break;
      }
      score += best;
    }
    if (all) scored.push({ r, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || b.r.popularity - a.r.popularity || (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0))
    .slice(0, room)
    .map(({ r }) => ({ ...r, snip: escapeHtml(r.title) }));
}

/** Every category's count of published listings (zero included by the caller). */
export async function categoryCounts(env: Env): Promise<Map<string, number>> {
  const rows = (
    await env.DB.prepare(`select category, count(*) as n from listings where status = 'published' group by category`).all<{
      category: string;
      n: number;
    }>()
  ).results;
  return new Map(rows.map((r) => [r.category, r.n]));
}

export type CatalogDetail = CatalogRow & {
  snapshot: ListingSnapshot | null;
  versions: { version: number; notes: string | null; created_at: number }[];
};

/** A published listing by slug with its current version's snapshot and its version history (newest first). */
export async function catalogDetail(env: Env, slug: string): Promise<CatalogDetail | null> {
  // One round trip: the listing and its versions (only the offered version's snapshot: older ones are not shown).
  const [one, many] = await env.DB.batch<Record<string, unknown>>([
    env.DB.prepare(
      `select ${COLUMNS} from listings l left join creator_profiles cp on cp.tenant_id = l.tenant_id
       where l.slug = ?1 and l.status = 'published'`,
    ).bind(slug),
    env.DB.prepare(
      `select v.version, v.notes, v.created_at, case when v.version = l.version then v.snapshot end as snapshot
       from listings l join listing_versions v on v.listing_id = l.id
       where l.slug = ?1 and l.status = 'published' order by v.version desc limit 50`,
    ).bind(slug),
  ]);
  const row = one!.results[0] as CatalogRow | undefined;
  if (!row) return null;
  const versions = many!.results as { version: number; notes: string | null; created_at: number; snapshot: string | null }[];
  const current = versions.find((v) => v.version === row.version);
  let snapshot: ListingSnapshot | null = null;
  if (current?.snapshot) snapshot = JSON.parse(current.snapshot) as ListingSnapshot;
  else {
    const s = await env.DB.prepare(`select snapshot from listing_versions where listing_id = ?1 and version = ?2`)
      .bind(row.id, row.version)
      .first<{ snapshot: string }>();
    snapshot = s ? (JSON.parse(s.snapshot) as ListingSnapshot) : null;
  }
  return { ...row, snapshot, versions: versions.map(({ version, notes, created_at }) => ({ version, notes, created_at })) };
}

export type CreatorProfileRow = { tenant_id: string; slug: string; display_name: string; bio: string | null; website: string | null };

/** A creator by slug with their published listings (popular first); null when unknown or with nothing published. */
export async function creatorPage(env: Env, slug: string): Promise<{ creator: CreatorProfileRow; listings: SummaryRow[] } | null> {
  const creator = await env.DB.prepare(`select tenant_id, slug, display_name, bio, website from creator_profiles where slug = ?1`)
    .bind(slug)
    .first<CreatorProfileRow>();
  if (!creator) return null;
  const listings = (
    await env.DB.prepare(
      `select ${SUMMARY_COLUMNS} from listings l left join creator_profiles cp on cp.tenant_id = l.tenant_id
       where l.tenant_id = ?1 and l.status = 'published' order by ${ORDER.popular} limit 200`,
    )
      .bind(creator.tenant_id)
      .all<SummaryRow>()
  ).results;
  if (!listings.length) return null;
  return { creator, listings };
}

/** The sitemap's rows: every published listing and every creator with one (slugs and last change). */
export async function sitemapRows(env: Env) {
  const [listings, creators] = await env.DB.batch<{ slug: string; updated_at: number }>([
    env.DB.prepare(`select slug, updated_at from listings where status = 'published' order by published_at desc limit 45000`),
    env.DB.prepare(
      `select cp.slug as slug, max(l.updated_at) as updated_at from creator_profiles cp join listings l on l.tenant_id = cp.tenant_id
       where l.status = 'published' group by cp.slug order by cp.slug limit 4000`,
    ),
  ]);
  return { listings: listings!.results, creators: creators!.results };
}

/**
 * Popularity, from usage only (never a number a creator sent): installs = distinct OTHER organizations with an
 * install of the listing; conversations = chat sessions of those installed copies (agents in listing_installs) in
 * those organizations; popularity = installs + ln(1 + conversations) × 2, so an install weighs most and heavy use
 * counts with diminishing returns. Computed in one statement per call.
 */
const STATS = `
  installs = (select count(distinct i.tenant_id) from listing_installs i where i.listing_id = listings.id and i.tenant_id <> listings.tenant_id),
  conversations = (select count(*) from listing_installs i join chat_sessions s on s.tenant_id = i.tenant_id and s.agent_id = i.agent_id
    where i.listing_id = listings.id and i.tenant_id <> listings.tenant_id)`;

async function applyPopularity(env: Env, where: string, binds: unknown[]) {
  await env.DB.prepare(`update listings set ${STATS} where ${where}`)
    .bind(...binds)
    .run();
  await env.DB.prepare(`update listings set popularity = installs + 2.0 * ln(1.0 + conversations) where ${where}`)
    .bind(...binds)
    .run();
}

/** Recomputes one listing's counters (call after an install, an uninstall or a review; waitUntil is fine). */
export async function refreshListingStats(env: Env, listingId: string): Promise<void> {
  await applyPopularity(env, `id = ?1`, [listingId]);
}

/** The scheduled recompute: every published listing's counters. */
export async function refreshAllListingStats(env: Env): Promise<number> {
  await applyPopularity(env, `status = 'published'`, []);
  const n = await env.DB.prepare(`select count(*) as n from listings where status = 'published'`).first<{ n: number }>();
  return n?.n ?? 0;
}

export const parseTags = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
};
export const parseMedia = (json: string): ListingMedia => {
  try {
    const v = JSON.parse(json) as ListingMedia;
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
};
