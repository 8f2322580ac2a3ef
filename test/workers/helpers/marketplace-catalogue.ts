// A deterministic marketplace catalogue for search tests: NAMED listings (the expected answers of relevance tests)
// plus generated filler with varied, realistic titles, tags, taglines and descriptions whose vocabulary never
// contains the named listings' search words. Rows go straight into D1 in batches (agents, listings, versions,
// creator profiles); the migration's triggers index them like any insert.
import { env } from 'cloudflare:test';

export type CatalogueListing = {
  slug: string;
  title: string;
  tagline: string;
  description: string;
  category: string;
  tags: string[];
  pricing?: { type: 'free' } | { type: 'subscription'; monthly_usd: number };
  popularity?: number;
  installs?: number;
  rating?: { sum: number; count: number };
  publishedAt?: number;
  icon?: string;
};

/** Mulberry32: the same sequence on every run. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLER: Record<string, { nouns: string[]; tags: string[]; verbs: string[] }> = {
  'customer-support': {
    nouns: ['Helpdesk Triage', 'Refund Desk', 'Ticket Tagger', 'FAQ Answerer', 'Churn Rescuer'],
    tags: ['tickets', 'helpdesk', 'faq'],
    verbs: ['answers customers', 'routes tickets', 'drafts replies'],
  },
  sales: {
    nouns: ['Lead Finder', 'Deal Coach', 'Pipeline Tidier', 'Prospect Profiler', 'Quote Builder'],
    tags: ['crm', 'leads', 'pipeline'],
    verbs: ['qualifies leads', 'updates the crm', 'writes outreach'],
  },
  marketing: {
    nouns: ['Blog Drafter', 'Headline Lab', 'Social Poster', 'Newsletter Writer', 'Brand Voice'],
    tags: ['content', 'seo', 'social'],
    verbs: ['writes posts', 'plans campaigns', 'tunes headlines'],
  },
  engineering: {
    nouns: ['Code Reviewer', 'Log Reader', 'Release Notes', 'Test Writer', 'Incident Buddy'],
    tags: ['devops', 'github', 'ci'],
    verbs: ['reviews pull requests', 'reads logs', 'writes tests'],
  },
  data: {
    nouns: ['SQL Helper', 'Chart Maker', 'Data Cleaner', 'Metric Explainer', 'Dashboard Guide'],
    tags: ['sql', 'analytics', 'charts'],
    verbs: ['writes queries', 'explains metrics', 'cleans tables'],
  },
  productivity: {
    nouns: ['Inbox Zero', 'Note Taker', 'Task Sorter', 'Focus Coach', 'Doc Summarizer'],
    tags: ['email', 'notes', 'tasks'],
    verbs: ['sorts email', 'takes notes', 'summarizes documents'],
  },
  finance: {
    nouns: ['Expense Checker', 'Budget Buddy', 'Forecast Helper', 'Payroll Reviewer', 'Tax Prep'],
    tags: ['expenses', 'budget', 'accounting'],
    verbs: ['checks expenses', 'builds forecasts', 'reconciles ledgers'],
  },
  hr: {
    nouns: ['Onboarding Guide', 'Policy Answerer', 'Interview Kit', 'Job Post Writer', 'Benefits Helper'],
    tags: ['hiring', 'onboarding', 'people'],
    verbs: ['answers policy questions', 'writes job posts', 'plans interviews'],
  },
  legal: {
    nouns: ['NDA Drafter', 'Terms Explainer', 'Policy Redliner', 'Trademark Watch', 'Compliance Helper'],
    tags: ['nda', 'terms', 'compliance'],
    verbs: ['drafts agreements', 'explains terms', 'tracks obligations'],
  },
  education: {
    nouns: ['Quiz Maker', 'Lesson Planner', 'Essay Tutor', 'Flashcard Coach', 'Math Tutor'],
    tags: ['teaching', 'quiz', 'tutor'],
    verbs: ['makes quizzes', 'plans lessons', 'tutors students'],
  },
  research: {
    nouns: ['Paper Digest', 'Citation Finder', 'Survey Analyst', 'Patent Reader', 'Market Scanner'],
    tags: ['papers', 'citations', 'surveys'],
    verbs: ['reads papers', 'finds citations', 'analyzes surveys'],
  },
  other: {
    nouns: ['Recipe Planner', 'Travel Guide', 'Gift Picker', 'Garden Helper', 'Trivia Host'],
    tags: ['fun', 'travel', 'home'],
    verbs: ['plans trips', 'picks gifts', 'hosts trivia'],
  },
};
const ADJECTIVES = ['Smart', 'Quick', 'Friendly', 'Tiny', 'Bright', 'Steady', 'Clever', 'Handy', 'Nimble', 'Calm'];
const FOR = ['small teams', 'agencies', 'startups', 'freelancers', 'enterprises', 'nonprofits', 'schools', 'shops'];

/** `n` filler listings, the same every run. */
export function fillerListings(n: number, seed = 42, prefix = 'filler'): CatalogueListing[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const cats = Object.keys(FILLER);
  const out: CatalogueListing[] = [];
  for (let i = 0; i < n; i++) {
    const category = cats[i % cats.length]!;
    const f = FILLER[category]!;
    const noun = pick(f.nouns);
    const title = `${pick(ADJECTIVES)} ${noun} ${i}`;
    const verb = pick(f.verbs);
    out.push({
      slug: `${prefix}-${i}`,
      title,
      tagline: `${noun} that ${verb} for ${pick(FOR)}`,
      description: `## What it does\n\n${title} ${verb} and ${pick(f.verbs)}. Built for ${pick(FOR)}, it keeps a steady pace and explains each step.\n\n- ${pick(f.verbs)}\n- ${pick(f.verbs)}`,
      category,
      tags: [...new Set([pick(f.tags), pick(f.tags)])],
      pricing: r() < 0.2 ? { type: 'subscription', monthly_usd: 5 + Math.floor(r() * 45) } : { type: 'free' },
      popularity: Math.floor(r() * 50),
      installs: Math.floor(r() * 40),
      rating:
        r() < 0.6
          ? (() => {
              const count = 1 + Math.floor(r() * 30);
              return { count, sum: Math.round(count * (2 + r() * 3)) };
            })()
          : { sum: 0, count: 0 },
      publishedAt: Date.UTC(2026, 0, 1) + i * 3_600_000,
    });
  }
  return out;
}

/** Inserts `items` for creator `tenantId` (agents, listings, versions, the creator profile) in batches of 50. */
export async function insertCatalogue(tenantId: string, creator: { slug: string; name: string }, items: CatalogueListing[]) {
  const now = Date.now();
  await env.DB.prepare(
    `insert into creator_profiles (tenant_id, slug, display_name, created_at, updated_at) values (?1, ?2, ?3, ?4, ?4) on conflict (tenant_id) do nothing`,
  )
    .bind(tenantId, creator.slug, creator.name, now)
    .run();
  for (let start = 0; start < items.length; start += 50) {
    const stmts: D1PreparedStatement[] = [];
    for (const it of items.slice(start, start + 50)) {
      const agentId = `agt_cat_${it.slug}`;
      const listingId = `lst_cat_${it.slug}`;
      const pricing = it.pricing ?? { type: 'free' };
      const at = it.publishedAt ?? now;
      const snapshot = {
        name: it.title,
        description: null,
        instructions: `SECRET-INSTRUCTIONS of ${it.slug}`,
        model: 'gpt-4o-mini',
        temperature: null,
        max_steps: 5,
        variables: { company: 'Acme' },
        runtime: 'edge',
        tools: [],
      };
      stmts.push(
        env.DB.prepare(
          `insert into agents (id, tenant_id, slug, name, instructions, model, max_steps, tool_ids, variables, runtime, version, visibility, created_at, updated_at)
           values (?1, ?2, ?3, ?4, 'x', 'gpt-4o-mini', 5, '[]', '{}', 'edge', 1, 'public', ?5, ?5)`,
        ).bind(agentId, tenantId, `cat-${it.slug}`, it.title, at),
        env.DB.prepare(
          `insert into listings (id, tenant_id, agent_id, slug, title, tagline, description, category, tags, icon, pricing_type, price_cents,
             status, version, agent_version, installs, conversations, popularity, rating_sum, rating_count, published_at, created_at, updated_at)
           values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'published', 1, 1, ?13, 0, ?14, ?15, ?16, ?17, ?17, ?17)`,
        ).bind(
          listingId,
          tenantId,
          agentId,
          it.slug,
          it.title,
          it.tagline,
          it.description,
          it.category,
          JSON.stringify(it.tags),
          it.icon ?? null,
          pricing.type,
          pricing.type === 'subscription' ? Math.round(pricing.monthly_usd * 100) : null,
          it.installs ?? 0,
          it.popularity ?? 0,
          it.rating?.sum ?? 0,
          it.rating?.count ?? 0,
          at,
        ),
        env.DB.prepare(
          `insert into listing_versions (id, tenant_id, listing_id, version, agent_version, snapshot, created_at) values (?1, ?2, ?3, 1, 1, ?4, ?5)`,
        ).bind(`lsv_cat_${it.slug}`, tenantId, listingId, JSON.stringify(snapshot), at),
      );
    }
    await env.DB.batch(stmts);
  }
}
