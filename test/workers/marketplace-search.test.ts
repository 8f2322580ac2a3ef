// Marketplace search (worker/services/marketplace-search.ts over worker/db/marketplace-catalog.ts) through
// GET /api/v1/marketplace/listings (worker/routes/api/marketplace.ts): relevance on a seeded catalogue of 520
// listings with NAMED expected answers (title > tags > tagline > description, prefixes, the trigram typo fallback,
// multi-word, filters, every sort, the cursor), snippets that are HTML-safe, and FTS5 syntax in `q` that never errors.
import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BASE, signup } from './helpers';
import { fillerListings, insertCatalogue, type CatalogueListing } from './helpers/marketplace-catalogue';

const DAY = 86_400_000;
const NAMED: CatalogueListing[] = [
  {
    slug: 'calendar-concierge',
    title: 'Calendar Concierge',
    tagline: 'Books meetings without the back and forth',
    description: 'Reads availability and proposes slots.',
    category: 'productivity',
    tags: ['scheduling'],
    popularity: 5,
  },
  {
    slug: 'meeting-scheduler',
    title: 'Meeting Scheduler',
    tagline: 'Finds a time on everyone’s calendar',
    description: 'Sends invites.',
    category: 'productivity',
    tags: ['meetings'],
    popularity: 40,
  },
  {
    slug: 'offsite-organiser',
    title: 'Offsite Organiser',
    tagline: 'Plans the team retreat',
    description: 'Puts every session in a shared calendar and books rooms.',
    category: 'productivity',
    tags: ['events'],
    popularity: 45,
  },
  {
    slug: 'support-sidekick',
    title: 'Support Sidekick',
    tagline: 'First-line answers for your helpdesk',
    description: 'Escalates when unsure.',
    category: 'customer-support',
    tags: ['tickets'],
    popularity: 10,
  },
  {
    slug: 'supplier-scout',
    title: 'Supplier Scout',
    tagline: 'Compares vendors for procurement',
    description: 'Reads quotes.',
    category: 'finance',
    tags: ['procurement'],
    popularity: 3,
  },
  {
    slug: 'cluster-doctor',
    title: 'Cluster Doctor',
    tagline: 'Diagnoses sick pods',
    description: 'Reads events and suggests fixes.',
    category: 'engineering',
    tags: ['kubernetes', 'devops'],
    popularity: 1,
  },
  {
    slug: 'deploy-buddy',
    title: 'Deploy Buddy',
    tagline: 'Ships releases safely',
    description: 'Rolls out to kubernetes and watches error rates.',
    category: 'engineering',
    tags: ['ci'],
    popularity: 49,
  },
  {
    slug: 'contract-reviewer',
    title: 'Contract Reviewer',
    tagline: 'Flags risky clauses',
    description: 'Compares to your playbook.',
    category: 'legal',
    tags: ['legal'],
    popularity: 2,
  },
  {
    slug: 'clause-checker',
    title: 'Clause Checker',
    tagline: 'Helps review every contract before signing',
    description: 'Highlights changes.',
    category: 'legal',
    tags: ['legal'],
    popularity: 30,
  },
  { slug: 'legal-assistant', title: 'Legal Assistant', tagline: 'Answers legal questions', description: 'Cites sources.', category: 'legal', tags: ['legal'] },
  { slug: 'sales-assistant', title: 'Sales Assistant', tagline: 'Drafts follow-ups', description: 'Uses your CRM.', category: 'sales', tags: ['crm'] },
  {
    slug: 'invoice-chaser',
    title: 'Invoice Chaser',
    tagline: 'Politely chases late payments',
    description: 'Free edition.',
    category: 'finance',
    tags: ['billing'],
  },
  {
    slug: 'invoice-chaser-pro',
    title: 'Invoice Chaser Pro',
    tagline: 'Chases late payments with escalation',
    description: 'Paid edition.',
    category: 'finance',
    tags: ['billing'],
    pricing: { type: 'subscription', monthly_usd: 19 },
  },
  {
    slug: 'privacy-pal',
    title: 'Privacy Pal',
    tagline: 'Answers data protection questions',
    description: 'Knows the regulation.',
    category: 'legal',
    tags: ['gdpr', 'privacy'],
  },
  { slug: 'resume-polisher', title: 'Résumé Polisher', tagline: 'Tightens CVs', description: 'Rewrites bullet points.', category: 'hr', tags: ['hiring'] },
  {
    slug: 'goal-tracker',
    title: 'Goal Tracker',
    tagline: 'Keeps quarterly objectives honest',
    description: 'Weekly check-ins.',
    category: 'hr',
    tags: ['okr'],
  },
  { slug: 'okr-coach', title: 'Objectives Coach', tagline: 'Writes measurable key results', description: 'Scores them.', category: 'hr', tags: ['okr'] },
  {
    slug: 'one-star-wonder',
    title: 'Rating Probe Alpha',
    tagline: 'One perfect review',
    description: 'x',
    category: 'research',
    tags: ['ratingprobe'],
    rating: { sum: 5, count: 1 },
  },
  {
    slug: 'many-stars',
    title: 'Rating Probe Beta',
    tagline: 'Many great reviews',
    description: 'x',
    category: 'research',
    tags: ['ratingprobe'],
    rating: { sum: 240, count: 50 },
  },
  { slug: 'no-stars', title: 'Rating Probe Gamma', tagline: 'No reviews yet', description: 'x', category: 'research', tags: ['ratingprobe'] },
  {
    slug: 'newest-probe',
    title: 'Newness Probe Late',
    tagline: 'newprobe',
    description: 'x',
    category: 'research',
    tags: ['newprobe'],
    publishedAt: Date.UTC(2026, 5, 3),
  },
  {
    slug: 'oldest-probe',
    title: 'Newness Probe Early',
    tagline: 'newprobe',
    description: 'x',
    category: 'research',
    tags: ['newprobe'],
    publishedAt: Date.UTC(2025, 1, 1),
    popularity: 99,
  },
];

type Summary = {
  slug: string;
  title: string;
  snippet?: string;
  pricing: { type: string };
  category: string;
  tags: string[];
  rating: { average: number | null; count: number };
};
async function search(params: Record<string, string>) {
  const res = await SELF.fetch(`${BASE}/api/v1/marketplace/listings?${new URLSearchParams(params)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { data: Summary[]; next_cursor: string | null };
}
const slugs = async (params: Record<string, string>) => (await search(params)).data.map((d) => d.slug);

type Statement = { sql: string; binds: unknown[] };
/** The statements matching `pattern` that D1 ran (with their bound values) while `run` ran. */
async function statementsWhile(pattern: RegExp, run: () => Promise<void>): Promise<{ seen: Statement[] }> {
  const proto = Object.getPrototypeOf(env.DB) as { prepare: (q: string) => { bind: (...v: unknown[]) => unknown } };
  const real = proto.prepare;
  const seen: Statement[] = [];
  const prepare = vi.spyOn(proto, 'prepare').mockImplementation(function (this: unknown, sql: string) {
    const stmt = real.call(this, sql);
    const bind = stmt.bind;
    if (pattern.test(sql)) stmt.bind = (...v: unknown[]) => (seen.push({ sql, binds: v }), bind.apply(stmt, v));
    return stmt;
  });
  try {
    await run();
  } finally {
    prepare.mockRestore();
  }
  return { seen };
}
/** SQLite's plan of a statement, one line per step. */
const planOf = async ({ sql, binds }: Statement) =>
  (
    await env.DB.prepare(`explain query plan ${sql}`)
      .bind(...binds)
      .all<{ detail: string }>()
  ).results.map((r) => r.detail);

beforeAll(async () => {
  const owner = await signup('Catalogue Co');
  const filler = fillerListings(498);
  await insertCatalogue(owner.tenant.id, { slug: 'catalogue-co', name: 'Catalogue Co' }, [...NAMED, ...filler]);
});

describe('marketplace search relevance (520 listings)', () => {
  it('1. an exact title comes first', async () => {
    expect((await slugs({ q: 'Calendar Concierge' }))[0]).toBe('calendar-concierge');
  });
  it('2. a title match ranks above a tagline match, which ranks above a description match (popularity aside)', async () => {
    expect(await slugs({ q: 'calendar' })).toEqual(['calendar-concierge', 'meeting-scheduler', 'offsite-organiser']);
  });
  it('3. a prefix: "calen"', async () => {
    expect(await slugs({ q: 'calen' })).toEqual(['calendar-concierge', 'meeting-scheduler', 'offsite-organiser']);
  });
  it('4. a short prefix: "sup"', async () => {
    expect((await slugs({ q: 'sup' })).slice(0, 2).sort()).toEqual(['supplier-scout', 'support-sidekick']);
  });
  it('5. a typo: "calender" finds "Calendar Concierge" through the trigram fallback', async () => {
    const { data } = await search({ q: 'calender' });
    expect(data[0]!.slug).toBe('calendar-concierge');
    expect(data[0]!.snippet).toBe('Calendar Concierge');
  });
  it('5b. a typo costs no second round trip: the look-alikes come with the full-text page, in one statement', async () => {
    const proto = Object.getPrototypeOf(env.DB) as { prepare: (q: string) => unknown };
    const prepare = vi.spyOn(proto, 'prepare');
    try {
      const searches = () => prepare.mock.calls.map(([q]) => q).filter((q) => /listings_fts/.test(q));
      expect((await search({ q: 'calender' })).data[0]!.slug).toBe('calendar-concierge');
      expect(searches()).toHaveLength(1);
      expect(searches()[0]).toContain('listing_titles_trigram');
      // A word the index knows: the look-alike branch runs with LIMIT 0, and only full-text matches come back.
      expect(await slugs({ q: 'calen' })).toEqual(['calendar-concierge', 'meeting-scheduler', 'offsite-organiser']);
      expect(searches()).toHaveLength(2);
    } finally {
      prepare.mockRestore();
    }
  });
  it('5c. the look-alike branch starts from its (usually empty) candidates, never from a scan of the catalogue', async () => {
    // SQLite may plan `t join listings l` the other way round: every published listing through a status index,
    // each probed against t. With a filter on a column outside that index (pricing), each listing's row is read:
    // 15 ms of a search on 10,000 listings (npm run bench:marketplace). CROSS JOIN fixes the order.
    const queries: Record<string, string>[] = [{ q: 'invoice', pricing: 'paid' }, { q: 'calender' }, { q: 'assistant', category: 'legal', sort: 'rating' }];
    const { seen } = await statementsWhile(/listing_titles_trigram/, async () => {
      for (const query of queries) await search(query);
    });
    expect(seen).toHaveLength(3);
    for (const statement of seen) {
      const plan = await planOf(statement);
      const branch = plan.slice(plan.indexOf('UNION ALL'));
      expect(branch).toContain('SCAN t');
      expect(branch.filter((d) => /^(SCAN|SEARCH) l\b/.test(d))).toEqual(['SEARCH l USING INTEGER PRIMARY KEY (rowid=?)']);
    }
  });
  it('5d. matches are filtered and ordered on listing_rank; only the page’s rows read their whole listings row', async () => {
    // A broad word matches most of a catalogue: joining each match to its listings row (descriptions, media) was most
    // of the time of "cal" on 10,000 listings (npm run bench:marketplace).
    const queries: Record<string, string>[] = [{ q: 'assistant' }, { q: 'invoice', pricing: 'paid', sort: 'rating' }, { q: 'calendar', sort: 'new' }];
    const answers: string[][] = [];
    const { seen } = await statementsWhile(/listings_fts/, async () => {
      for (const query of queries) answers.push(await slugs(query));
    });
    expect(answers.map((a) => [...a].sort())).toEqual([
      ['legal-assistant', 'sales-assistant'],
      ['invoice-chaser-pro'],
      ['calendar-concierge', 'meeting-scheduler', 'offsite-organiser'],
    ]);
    expect(seen).toHaveLength(3);
    for (const { sql, binds } of seen) {
      const plan = await planOf({ sql, binds });
      const page = plan.slice(0, plan.includes('UNION ALL') ? plan.indexOf('UNION ALL') : plan.length);
      // Inside: each match looked up in listing_rank by rowid. Outside: the page (a subquery with its LIMIT) joined
      // to listings by rowid, never listings scanned or searched for the matches.
      expect(page).toContain('SEARCH l USING INTEGER PRIMARY KEY (rowid=?)');
      expect(page.filter((d) => /^(SCAN|SEARCH) l\b/.test(d))).toHaveLength(2);
      expect(sql).toMatch(
        /join listing_rank l on l\.listing_rowid = f\.rowid[\s\S]*limit \?\d+ offset \?\d+\) f\s+cross join listings l on l\.rowid = f\.rowid/,
      );
    }
  });
  it('6. a tag ranks above a description mention', async () => {
    expect(await slugs({ q: 'kubernetes' })).toEqual(['cluster-doctor', 'deploy-buddy']);
  });
  it('7. several words: every word must match, title first', async () => {
    expect(await slugs({ q: 'contract review' })).toEqual(['contract-reviewer', 'clause-checker']);
  });
  it('8. a category filter', async () => {
    expect(await slugs({ q: 'assistant', category: 'legal' })).toEqual(['legal-assistant']);
    expect((await slugs({ q: 'assistant' })).sort()).toEqual(['legal-assistant', 'sales-assistant']);
  });
  it('9. the paid filter and the free filter', async () => {
    expect(await slugs({ q: 'invoice', pricing: 'paid' })).toEqual(['invoice-chaser-pro']);
    expect(await slugs({ q: 'invoice', pricing: 'free' })).toEqual(['invoice-chaser']);
  });
  it('10. a tag filter, without q, popular first', async () => {
    expect((await slugs({ tag: 'okr' })).sort()).toEqual(['goal-tracker', 'okr-coach']);
    expect(await slugs({ tag: 'kubernetes' })).toEqual(['cluster-doctor']);
  });
  it('11. a tag word as a query ("gdpr") finds the tagged listing', async () => {
    expect(await slugs({ q: 'gdpr' })).toEqual(['privacy-pal']);
  });
  it('12. diacritics do not matter: "resume" finds "Résumé Polisher"', async () => {
    expect(await slugs({ q: 'resume' })).toEqual(['resume-polisher']);
  });
  it('13. case does not matter', async () => {
    expect((await slugs({ q: 'CALENDAR CONCIERGE' }))[0]).toBe('calendar-concierge');
  });
  it('14. sort=popular with q orders by popularity', async () => {
    expect(await slugs({ q: 'calendar', sort: 'popular' })).toEqual(['offsite-organiser', 'meeting-scheduler', 'calendar-concierge']);
  });
  it('15. sort=new orders by publication, newest first', async () => {
    expect(await slugs({ tag: 'newprobe', sort: 'new' })).toEqual(['newest-probe', 'oldest-probe']);
    expect(await slugs({ tag: 'newprobe', sort: 'popular' })).toEqual(['oldest-probe', 'newest-probe']);
  });
  it('16. sort=rating is a Bayesian average: 50 reviews at 4.8 beat one 5-star review, which beats none', async () => {
    expect(await slugs({ tag: 'ratingprobe', sort: 'rating' })).toEqual(['many-stars', 'one-star-wonder', 'no-stars']);
    const { data } = await search({ tag: 'ratingprobe', sort: 'rating' });
    expect(data[0]!.rating).toEqual({ average: 4.8, count: 50 });
    expect(data[2]!.rating).toEqual({ average: null, count: 0 });
  });
  it('17. nothing matches: an empty list (and no fallback noise)', async () => {
    expect(await search({ q: 'zzqxvw' })).toEqual({ data: [], next_cursor: null });
  });
  it('18. a category without q lists only that category', async () => {
    const { data } = await search({ category: 'legal', limit: '100' });
    expect(data.length).toBeGreaterThan(10);
    expect(data.every((d) => d.category === 'legal')).toBe(true);
  });
  it('19. the cursor pages through without repeats, to the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search({ category: 'research', limit: '15', ...(cursor ? { cursor } : {}) });
      seen.push(...page.data.map((d) => d.slug));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(cursor).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    const all = await search({ category: 'research', limit: '100' });
    expect(seen.sort()).toEqual(all.data.map((d) => d.slug).sort());
  });
  it('20. snippets mark the matches and are HTML-safe', async () => {
    const { data } = await search({ q: 'calendar' });
    expect(data[0]!.snippet).toBe('<mark>Calendar</mark> Concierge');
    expect(data[1]!.snippet).toContain('<mark>calendar</mark>');
  });
  it('limits: default 20, at most 100; bad values are 400 in the error shape', async () => {
    expect((await search({})).data).toHaveLength(20);
    expect((await search({ limit: '100' })).data).toHaveLength(100);
    for (const bad of <Record<string, string>[]>[
      { limit: '0' },
      { limit: '101' },
      { sort: 'random' },
      { pricing: 'cheap' },
      { category: 'nope' },
      { cursor: 'garbage!' },
    ]) {
      const res = await SELF.fetch(`${BASE}/api/v1/marketplace/listings?${new URLSearchParams(bad)}`);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
  });
});

describe('marketplace search input safety', () => {
  it('FTS5 syntax in q is plain text: never an error, for every nasty input', async () => {
    const nasty = [
      '"',
      '""',
      '"unclosed',
      '*',
      'cal*',
      '*cal',
      ':',
      'title:calendar',
      'tags:',
      '(',
      ')',
      '(calendar',
      'NEAR',
      'NEAR(calendar meeting)',
      'calendar NEAR/2 meeting',
      'AND',
      'OR',
      'NOT',
      'calendar AND',
      'OR calendar',
      'NOT calendar',
      '-calendar',
      '-',
      '+',
      '^calendar',
      '{title}: calendar',
      "'; drop table listings; --",
      '\\',
      '\u0000',
      '\u0001calendar\u0002',
      '\ud800',
      '😀',
      'カレンダー',
      'a'.repeat(200),
      '" OR 1=1 --',
      'calendar"*',
      '%',
      '_',
      '[',
      ']',
      '.',
      ',',
      '#',
      '&',
      '<script>alert(1)</script>',
    ];
    // Plus generated combinations of FTS5 operators and punctuation.
    const parts = ['"', '*', ':', '(', ')', 'NEAR', 'AND', 'OR', 'NOT', '-', '^', '+', 'cal', '{', '}', ',', ' '];
    let seed = 7;
    for (let i = 0; i < 60; i++) {
      let s = '';
      for (let j = 0; j < 6; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += parts[seed % parts.length];
      }
      nasty.push(s);
    }
    for (const raw of ['%FF', '%', '%E0%A4%A', '%22%2A%3A']) {
      const res = await SELF.fetch(`${BASE}/api/v1/marketplace/listings?q=${raw}`);
      expect(res.status, raw).toBeLessThan(500);
    }
    for (const q of nasty) {
      const encoded = q === '\ud800' ? '%ED%A0%80' : encodeURIComponent(q);
      const res = await SELF.fetch(`${BASE}/api/v1/marketplace/listings?q=${encoded}`);
      expect(res.status, JSON.stringify(q)).toBe(200);
      const body = (await res.json()) as { data: Summary[] };
      for (const d of body.data) if (d.snippet) expect(d.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    }
  });

  it('a title with markup comes back escaped in the snippet, only <mark> tags', async () => {
    const owner = await signup('Markup Co');
    await insertCatalogue(owner.tenant.id, { slug: 'markup-co', name: 'Markup Co' }, [
      {
        slug: 'xss-title',
        title: '<script>alert(1)</script> Xylophone <img src=x onerror=alert(2)>',
        tagline: 'Xylophone "quotes" & \'apostrophes\'',
        description: 'Xylophone \u0001 stray \u0002 markers',
        category: 'other',
        tags: [],
      },
    ]);
    const { data } = await search({ q: 'xylophone' });
    expect(data.map((d) => d.slug)).toEqual(['xss-title']);
    const snippet = data[0]!.snippet!;
    expect(snippet).toContain('&lt;script&gt;');
    expect(snippet).toContain('<mark>Xylophone</mark>');
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    // The title field itself is JSON text (the client escapes it), unchanged.
    expect(data[0]!.title).toBe('<script>alert(1)</script> Xylophone <img src=x onerror=alert(2)>');
    // Marker characters a creator typed never produce anything but balanced <mark> tags.
    const desc = await search({ q: 'stray markers' });
    const s = desc.data[0]!.snippet!;
    expect(s.replace(/<\/?mark>/g, '')).not.toMatch(/[<>\u0001\u0002]/);
    expect(s.split('<mark>').length).toBe(s.split('</mark>').length);
  });
});
