// Billing (migration 0020; issue 17): each organization's Stripe customer and subscription as the verified webhooks
// left them, and the Stripe events already processed (each event id once).
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Limits } from '../../billing/plans';
import { createdAt, updatedAt } from './columns';
import { tenants } from './tenants';

/**
 * One row per organization that ever went to Checkout. `plan` and `status` change only through verified webhooks
 * (the /webhooks/stripe handler). `state_at` is when Stripe made the state applied last (ms): an older state,
 * replayed or out of order, never overwrites a newer one. `grace_until`: a failed payment keeps the paid plan until
 * then, after which the organization has the Free limits (nothing is deleted).
 */
export const billingAccounts = sqliteTable(
  'billing_accounts',
  {
    tenantId: text('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    stripeCustomerId: text('stripe_customer_id'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    plan: text('plan').notNull().default('free'),
    status: text('status').notNull().default('none'),
    priceId: text('price_id'),
    currentPeriodStart: integer('current_period_start'),
    currentPeriodEnd: integer('current_period_end'),
    cancelAtPeriodEnd: integer('cancel_at_period_end', { mode: 'boolean' }).notNull().default(false),
    graceUntil: integer('grace_until'),
    /** An operator's limits for this organization over its plan's (JSON, Partial<Limits>; null: the plan's). */
    customLimits: text('custom_limits', { mode: 'json' }).$type<Partial<Limits>>(),
    stateAt: integer('state_at').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('billing_accounts_customer_idx').on(t.stripeCustomerId)],
);

/** Stripe events already processed, by event id (global: an event is stored before its organization is known). */
export const stripeEvents = sqliteTable(
  'stripe_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    /** Stripe's `created`, ms. */
    created: integer('created').notNull(),
    tenantId: text('tenant_id'),
    processedAt: integer('processed_at').notNull(),
  },
  (t) => [index('stripe_events_processed_idx').on(t.processedAt)],
);
