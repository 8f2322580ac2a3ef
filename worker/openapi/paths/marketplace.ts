// OpenAPI entries of worker/routes/api/marketplace.ts: the public catalogue (no auth).
import { z } from 'zod';
import { CATEGORY_SLUGS } from '../../lib/marketplace-categories';
import { SORTS } from '../../db/marketplace-catalog';
import { routeDocs } from '../registry';

const PUBLIC =
  'Public: no credentials; the same answer for everyone (`Access-Control-Allow-Origin: *`, `Cache-Control: public, no-cache`). Only published listings exist here: an unpublished or removed listing is gone at once.';

export const docs = routeDocs([
  {
    method: 'get',
    path: '/api/v1/marketplace/listings',
    operationId: 'listMarketplaceListings',
    tag: 'Marketplace',
    auth: 'none',
    summary: 'Search and browse published listings',
    description:
      `${PUBLIC} ` +
      'With `q`: full-text search over title, tags, tagline and description (bm25 weights 10, 5, 3, 1: a title match ranks above a tag, a tagline and a description match), each word a prefix (`calen` finds Calendar), every word required; the text is plain text (quotes, `*`, `:`, parentheses, NEAR/AND/OR/NOT are not operators). ' +
      'When fewer than 5 listings match, titles close to the words are added (trigram similarity: `calender` finds Calendar). Each result then has `snippet`: the matching text, HTML-escaped, matches wrapped in `<mark>`. ' +
      'Sorts: `relevance` (default with `q`; bm25 with at most a 10 % lift for popularity), `popular` (default without `q`; installs by other organizations and their conversations, recomputed hourly), `new` (publication, newest first), `rating` (Bayesian average (5 × 3.5 + sum of stars) / (5 + reviews)). ' +
      'Pages: `next_cursor` (opaque) until null.',
    query: {
      q: { schema: z.string().max(200), description: 'Search text (up to 200 characters)' },
      category: { schema: z.enum(CATEGORY_SLUGS), description: 'Only this category' },
      tag: { schema: z.string().max(32), description: 'Only listings with this tag' },
      pricing: { schema: z.enum(['free', 'paid']), description: 'Only free listings, or only subscription listings' },
      sort: { schema: z.enum(SORTS), description: 'Order (default relevance with q, popular without)' },
      cursor: { schema: z.string(), description: 'next_cursor of the previous page' },
      limit: { schema: z.number().int().min(1).max(100), description: 'Page size, 1–100 (default 20)' },
    },
    responses: { 200: { description: 'One page of listings', schema: 'ListingList' } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/marketplace/listings/{slug}',
    operationId: 'getMarketplaceListing',
    tag: 'Marketplace',
    auth: 'none',
    params: { slug: 'The listing’s URL name' },
    summary: 'A published listing in full',
    description:
      `${PUBLIC} ` +
      'The description (markdown), the current version’s model, variable names and tools (with the hosts each reaches and the kind of connection it needs, never credentials), screenshots, the example conversation, usage counters and the version history. `instructions` only for free listings: a subscription listing’s instructions are the creator’s product. Unknown, unpublished or removed → 404.',
    responses: { 200: { description: 'The listing', schema: 'ListingDetail' } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/marketplace/categories',
    operationId: 'listMarketplaceCategories',
    tag: 'Marketplace',
    auth: 'none',
    summary: 'Every category with its count of published listings',
    description: `${PUBLIC} All categories, in a fixed order, zero counts included.`,
    responses: { 200: { description: 'The categories', schema: 'MarketplaceCategoryList' } },
  },
]);
