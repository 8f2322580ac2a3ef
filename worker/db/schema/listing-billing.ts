import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, tenantId, updatedAt } from './columns';
import { listings } from './marketplace';

/**
 * An organization's (tenant_id = the installer) Stripe subscription to a paid listing (issue 18 §5; migration 0025):
 * written only by verified webhooks from the subscription as Stripe holds it (state_at = when that read began; an older
 * read never overwrites a newer one). The install gate passes while it is active or trialing.
 */
export const listingSubscriptions = sqliteTable(
  'listing_subscriptions',
  {
    stripeSubscriptionId: text('stripe_subscription_id').primaryKey(),
    tenantId: tenantId(),
    listingId: text('listing_id')
      .notNull()
      .references(() => listings.id, { onDelete: 'cascade' }),
    /** The listing's creator organization (the Connect account paid). */
    creatorTenantId: text('creator_tenant_id').notNull(),
    status: text('status').notNull(),
    currentPeriodEnd: integer('current_period_end'),
    cancelAtPeriodEnd: integer('cancel_at_period_end', { mode: 'boolean' }).notNull().default(false),
    stateAt: integer('state_at').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('listing_subscriptions_tenant_listing_idx').on(t.tenantId, t.listingId)],
);
