// Marketplace (API.md "Marketplace"): what creators send to publish, and what everyone reads back. Shared by the
// publishing API, the public catalogue API, the pages and the SDK. Additions beyond API.md are marked.
import { z } from 'zod';
import { CATEGORY_SLUGS } from '../lib/marketplace-categories';

const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9 +#.-]*$/, 'Tags are letters, digits, spaces and + # . -');

export const pricingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('free') }),
  /** A monthly subscription in US dollars (at least 1, at most 1000; cents allowed). */
  z.object({ type: z.literal('subscription'), monthly_usd: z.number().min(1).max(1000).multipleOf(0.01) }),
]);
export type Pricing = z.infer<typeof pricingSchema>;

const httpsUrl = z
  .string()
  .url()
  .max(2000)
  .refine((u) => u.startsWith('https://'), 'Must be an https:// URL');

/** POST /api/v1/agents/:id/listing. */
export const listingInput = z.object({
  title: z.string().trim().min(3).max(80),
  tagline: z.string().trim().min(3).max(140),
  description: z.string().trim().min(1).max(20_000),
  category: z.enum(CATEGORY_SLUGS),
  tags: z.array(tag).max(10).default([]),
  pricing: pricingSchema.default({ type: 'free' }),
  /** Beyond API.md: an emoji (up to 8 characters) or an https URL of an image. */
  icon: z
    .union([z.string().trim().min(1).max(8), httpsUrl])
    .nullable()
    .optional(),
  /** Beyond API.md: screenshots (https URLs) and an example conversation shown on the detail page. */
  screenshots: z
    .array(z.object({ url: httpsUrl, caption: z.string().trim().max(200).optional() }))
    .max(6)
    .optional(),
  example_conversation: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content: z.string().trim().min(1).max(4000) }))
    .max(12)
    .optional(),
  /** Beyond API.md: the listing's URL name (default: from the title); unique across the marketplace. */
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, 'Lowercase letters, digits and dashes, 3–60 characters')
    .optional(),
});
/** PATCH: any field; `publish_version: true` freezes the agent's current version as the listing's next version. */
export const listingPatch = listingInput.partial().extend({
  publish_version: z.boolean().optional(),
  /** Release notes shown to installers with the update. */
  version_notes: z.string().trim().max(2000).optional(),
});

export const creatorRef = z.object({ name: z.string(), slug: z.string() });
export const ratingJson = z.object({ average: z.number().nullable(), count: z.number().int() });
export const pricingJson = z.union([z.object({ type: z.literal('free') }), z.object({ type: z.literal('subscription'), monthly_usd: z.number() })]);

/** One entry of GET /api/v1/marketplace/listings. */
export const listingSummaryJson = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  tagline: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  icon: z.string().nullable(),
  creator: creatorRef,
  rating: ratingJson,
  installs: z.number().int(),
  pricing: pricingJson,
  /** With `q`: the matching text, HTML-escaped, matches wrapped in `<mark>`. */
  snippet: z.string().optional(),
  published_at: z.string().nullable(),
});
export type ListingSummaryJson = z.infer<typeof listingSummaryJson>;

/** A tool as a listing shows it: what it is and what it reaches, never credentials. */
export const listingToolJson = z.object({
  name: z.string(),
  kind: z.string(),
  description: z.string().nullable(),
  reaches: z.array(z.string()),
  needs_connection: z.object({ name: z.string(), kind: z.string() }).nullable(),
});

/** GET /api/v1/marketplace/listings/:slug (and the 201 answer of publishing, with `status` and `agent_id`). */
export const listingDetailJson = listingSummaryJson.extend({
  description: z.string(),
  status: z.enum(['published', 'unpublished', 'removed']),
  version: z.number().int(),
  agent_version: z.number().int(),
  model: z.string(),
  /** Never present for a subscription listing (its instructions are the creator's product). */
  instructions: z.string().optional(),
  variables: z.array(z.string()),
  tools: z.array(listingToolJson),
  screenshots: z.array(z.object({ url: z.string(), caption: z.string().optional() })),
  example_conversation: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })),
  conversations: z.number().int(),
  versions: z.array(z.object({ version: z.number().int(), notes: z.string().nullable(), created_at: z.string() })),
  updated_at: z.string(),
});
export type ListingDetailJson = z.infer<typeof listingDetailJson>;

/** The creator's own view (POST/PATCH answers, GET /api/v1/agents/:id/listing): the detail plus what only they see. */
export const ownListingJson = listingDetailJson.extend({
  agent_id: z.string(),
  removed_reason: z.string().nullable(),
  url: z.string(),
});
export type OwnListingJson = z.infer<typeof ownListingJson>;

export const categoryJson = z.object({ slug: z.string(), name: z.string(), count: z.number().int() });

export const reviewInput = z.object({ rating: z.number().int().min(1).max(5), text: z.string().trim().max(4000).default('') });
export const reviewReplyInput = z.object({ text: z.string().trim().min(1).max(4000) });
export const reviewJson = z.object({
  id: z.string(),
  rating: z.number().int(),
  text: z.string(),
  /** The reviewing organization's name (never a person's email). */
  author: z.string(),
  reply: z.string().nullable(),
  replied_at: z.string().nullable(),
  created_at: z.string(),
});
export type ReviewJson = z.infer<typeof reviewJson>;

export const reportInput = z.object({
  reason: z.enum(['spam', 'malicious', 'misleading', 'offensive', 'copyright', 'other']),
  text: z.string().trim().max(2000).default(''),
});
