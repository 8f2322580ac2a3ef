// Marketplace (migration 0021; issue 18). A listing is an organization's public agent offered to everyone: it points
// at a frozen copy of one agent version (listing_versions.snapshot: instructions, tools, variables; never
// connections or secrets). Search runs on two FTS5 tables kept in step by triggers (raw SQL in the migration:
// drizzle cannot declare virtual tables or triggers): `listings_fts` (title, tags, tagline, description; rowid =
// listings.rowid, only published listings) and `listing_titles_trigram` (titles, trigram tokenizer: the typo
// fallback); matches are filtered and ordered on `listing_rank` (migration 0029: the columns filters and sorts read,
// one row per listing, also kept by triggers). Counters on listings (installs, conversations, ratings) are usage-verified, written by the platform.
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agents } from './agents';
import { createdAt, id, json, tenantId, updatedAt } from './columns';
import { tenants } from './tenants';

/** An organization's public face as a creator (its /creators/:slug page) and its Stripe Connect account. */
export const creatorProfiles = sqliteTable(
  'creator_profiles',
  {
    tenantId: text('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    displayName: text('display_name').notNull(),
    bio: text('bio'),
    website: text('website'),
    /** Stripe Connect (Express) account receiving paid listings' payments; connect_status mirrors its state. */
    stripeAccountId: text('stripe_account_id'),
    connectStatus: text('connect_status', { enum: ['none', 'pending', 'active', 'restricted'] })
      .notNull()
      .default('none'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('creator_profiles_slug_idx').on(t.slug), uniqueIndex('creator_profiles_stripe_account_idx').on(t.stripeAccountId)],
);

/** A screenshot (https URL and caption) or an example conversation shown on the detail page. */
export type ListingMedia = {
  screenshots?: { url: string; caption?: string }[];
  example?: { role: 'user' | 'assistant'; content: string }[];
};

export const listings = sqliteTable(
  'listings',
  {
    id: id(),
    tenantId: tenantId(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    tagline: text('tagline').notNull(),
    /** Markdown, rendered with views/lib/markdown.ts (escaped first). */
    description: text('description').notNull(),
    category: text('category').notNull(),
    tags: json<string[]>('tags').notNull().default([]),
    /** An emoji or an https URL. */
    icon: text('icon'),
    media: json<ListingMedia>('media').notNull().default({}),
    pricingType: text('pricing_type', { enum: ['free', 'subscription'] })
      .notNull()
      .default('free'),
    /** Monthly price in cents (subscription listings). */
    priceCents: integer('price_cents'),
    stripeProductId: text('stripe_product_id'),
    stripePriceId: text('stripe_price_id'),
    /** published: public; unpublished: its creator withdrew it; removed: an operator took it down (reason kept). */
    status: text('status', { enum: ['published', 'unpublished', 'removed'] })
      .notNull()
      .default('published'),
    removedReason: text('removed_reason'),
    /** The listing version now offered (listing_versions.version) and the agent version it froze. */
    version: integer('version').notNull().default(1),
    agentVersion: integer('agent_version').notNull(),
    installs: integer('installs').notNull().default(0),
    conversations: integer('conversations').notNull().default(0),
    popularity: real('popularity').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    publishedAt: integer('published_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('listings_slug_idx').on(t.slug),
    uniqueIndex('listings_agent_idx').on(t.tenantId, t.agentId),
    index('listings_status_popular_idx').on(t.status, t.popularity),
    index('listings_status_new_idx').on(t.status, t.publishedAt),
    index('listings_status_category_idx').on(t.status, t.category),
  ],
);

/**
 * What search filters and sorts on, one row per listing (migration 0029): written only by triggers on `listings`
 * (declared here so the schema test sees it; no code writes it), read by searchCatalog. listing_rowid = listings.rowid.
 */
export const listingRank = sqliteTable(
  'listing_rank',
  {
    listingRowid: integer('listing_rowid').primaryKey(),
    id: text('id').notNull(),
    tenantId: tenantId(),
    status: text('status').notNull(),
    category: text('category').notNull(),
    pricingType: text('pricing_type').notNull(),
    tags: text('tags').notNull(),
    popularity: real('popularity').notNull(),
    publishedAt: integer('published_at'),
    ratingSum: integer('rating_sum').notNull(),
    ratingCount: integer('rating_count').notNull(),
  },
  (t) => [index('listing_rank_tenant_idx').on(t.tenantId)],
);

/** What a listing version froze: the agent's configuration and its tools, without connections or secrets. */
export type ListingSnapshot = {
  name: string;
  description: string | null;
  instructions: string;
  model: string;
  temperature: number | null;
  max_steps: number;
  variables: Record<string, string>;
  runtime: 'edge' | 'container';
  /** Tools as definitions (kind, name, description, config without credentials) and what each reaches (hosts). */
  tools: {
    name: string;
    kind: string;
    description: string | null;
    config: Record<string, unknown>;
    /** The JSON Schema of the tool's arguments (absent in snapshots written before it was kept). */
    parameters?: Record<string, unknown>;
    reaches: string[];
    /** The connection the creator used, by name and kind only: the installer maps one of their own. */
    connection: { name: string; kind: string } | null;
  }[];
};

export const listingVersions = sqliteTable(
  'listing_versions',
  {
    id: id(),
    tenantId: tenantId(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    agentVersion: integer('agent_version').notNull(),
    snapshot: json<ListingSnapshot>('snapshot').notNull(),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('listing_versions_listing_version_idx').on(t.listingId, t.version), index('listing_versions_tenant_idx').on(t.tenantId, t.listingId)],
);

/**
 * An installed copy: the agent the installer's organization got. `status`
 * active / stopped (a paid listing's subscription ended: the copy refuses turns). Paid listings keep the
 * installer's Stripe subscription here.
 */
export const listingInstalls = sqliteTable(
  'listing_installs',
  {
    id: id(),
    tenantId: tenantId(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    agentId: text('agent_id').notNull(),
    listingVersion: integer('listing_version').notNull(),
    status: text('status', { enum: ['active', 'stopped'] })
      .notNull()
      .default('active'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    subscriptionStatus: text('subscription_status'),
    currentPeriodEnd: integer('current_period_end'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('listing_installs_listing_idx').on(t.listingId, t.tenantId),
    uniqueIndex('listing_installs_agent_idx').on(t.tenantId, t.agentId),
    uniqueIndex('listing_installs_subscription_idx').on(t.stripeSubscriptionId),
  ],
);

/** One review per organization and listing; the creator may reply once. */
export const listingReviews = sqliteTable(
  'listing_reviews',
  {
    id: id(),
    tenantId: tenantId(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    userId: text('user_id'),
    rating: integer('rating').notNull(),
    text: text('text').notNull().default(''),
    reply: text('reply'),
    repliedAt: integer('replied_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('listing_reviews_listing_tenant_idx').on(t.listingId, t.tenantId),
    index('listing_reviews_tenant_idx').on(t.tenantId, t.listingId),
    index('listing_reviews_listing_time_idx').on(t.listingId, t.createdAt),
  ],
);

/** Reports of a listing by anyone (signed in or not): global, read by operators. */
export const listingReports = sqliteTable(
  'listing_reports',
  {
    id: id(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    reporterTenantId: text('reporter_tenant_id'),
    reporterIp: text('reporter_ip'),
    reason: text('reason').notNull(),
    text: text('text').notNull().default(''),
    resolvedAt: integer('resolved_at'),
    resolution: text('resolution'),
    createdAt: createdAt(),
  },
  (t) => [index('listing_reports_open_idx').on(t.resolvedAt, t.createdAt)],
);

/** A paid listing's payment as Stripe reported it (invoice paid): amount, the platform's fee and the creator's net. */
export const listingPayments = sqliteTable(
  'listing_payments',
  {
    id: id(),
    /** The creator's organization. */
    tenantId: tenantId(),
    listingId: text('listing_id').notNull(),
    installerTenantId: text('installer_tenant_id').notNull(),
    stripeInvoiceId: text('stripe_invoice_id').notNull(),
    amountCents: integer('amount_cents').notNull(),
    feeCents: integer('fee_cents').notNull(),
    netCents: integer('net_cents').notNull(),
    currency: text('currency').notNull().default('usd'),
    paidAt: integer('paid_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('listing_payments_invoice_idx').on(t.stripeInvoiceId), index('listing_payments_tenant_time_idx').on(t.tenantId, t.paidAt)],
);
