// Dev tool: renders the marketplace community views (reviews, try-it, report form, operator pages) with sample data
// (hostile strings included) to static HTML for screenshots (scripts/screenshot-community.mjs).
// Usage: node_modules/.bin/esbuild scripts/render-community.tsx --bundle --platform=node --format=esm \
//          --outfile=/tmp/render-community.mjs && node /tmp/render-community.mjs [/tmp/edgent-community]
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublicLayout } from '../views/layouts/public-layout';
import { ReportForm } from '../views/marketplace/report-form';
import { ReviewsSection } from '../views/marketplace/reviews-section';
import { TryItSection } from '../views/marketplace/try-it-section';
import { OperatorLoginPage, OperatorPage } from '../views/pages/operator-page';

const out = process.argv[2] ?? '/tmp/edgent-community';
const evil = '<img src=x onerror=alert(1)>';
const reviews = [
  {
    id: 'rev_1',
    rating: 5,
    text: 'Saved our support team hours every week. It drafts replies that only need a quick check.',
    author: 'Northwind Traders',
    reply: 'Thank you! Version 3 adds refunds.',
    replied_at: '2026-11-29T10:00:00.000Z',
    created_at: '2026-11-28T10:00:00.000Z',
  },
  {
    id: 'rev_2',
    rating: 2,
    text: `Slow on long tickets ${evil}`,
    author: `Evil ${evil} Org`,
    reply: null,
    replied_at: null,
    created_at: '2026-11-27T10:00:00.000Z',
  },
];
const detail = (
  <PublicLayout title="Support triage — Marketplace">
    <section class="card">
      <h1>Support triage</h1>
      <p class="muted">(The detail page itself is mkt-discovery's; this harness shows the community components.)</p>
      <TryItSection slug="support-triage" title="Support triage" />
      <ReviewsSection
        slug="support-triage"
        rating={{ average: 3.5, count: 2 }}
        data={{ reviews, next_cursor: null, canReview: true, whyNot: null, isCreator: false }}
        csrf="csrf-token"
      />
      <ReportForm slug="support-triage" />
    </section>
  </PublicLayout>
);
const reports = [
  {
    id: 'rpt_1',
    listingId: 'lst_1',
    reporterTenantId: null,
    reporterIp: '203.0.113.9',
    reason: 'malicious',
    text: `Asks for bank passwords ${evil}`,
    resolvedAt: null,
    resolution: null,
    createdAt: Date.parse('2026-11-30T08:00:00Z'),
    listing: { slug: 'free-money', title: `Free money ${evil}`, status: 'published' },
  },
];
const listings = [
  {
    id: 'lst_1',
    tenantId: 't1',
    slug: 'free-money',
    title: `Free money ${evil}`,
    status: 'published' as const,
    removedReason: null,
    creator: 'Shady LLC',
    openReports: 1,
  },
  {
    id: 'lst_2',
    tenantId: 't2',
    slug: 'support-triage',
    title: 'Support triage',
    status: 'published' as const,
    removedReason: null,
    creator: 'Northwind',
    openReports: 0,
  },
  {
    id: 'lst_3',
    tenantId: 't3',
    slug: 'spam-bot',
    title: 'Spam bot',
    status: 'removed' as const,
    removedReason: 'Spam',
    creator: 'Spammer Inc',
    openReports: 0,
  },
];
const pages = {
  'community-detail': detail,
  'operator-login': <OperatorLoginPage error="That is not the operator token." />,
  operator: <OperatorPage reports={reports} listings={listings} q="" notice="Removed spam-bot." />,
};
mkdirSync(out, { recursive: true });
cpSync('views/static', out, { recursive: true });
for (const [name, node] of Object.entries(pages)) {
  writeFileSync(join(out, `${name}.html`), String(await (node as { toString(): string | Promise<string> }).toString()));
  console.log(join(out, `${name}.html`));
}
