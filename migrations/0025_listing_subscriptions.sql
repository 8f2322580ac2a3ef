-- Paid listings (issue 18 §5): an organization's Stripe subscription to a paid listing, recorded by the webhook
-- before (or without) an install, so the next install passes the gate and the installed copy follows its state.
CREATE TABLE `listing_subscriptions` (
	`stripe_subscription_id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`listing_id` text NOT NULL,
	`creator_tenant_id` text NOT NULL,
	`status` text NOT NULL,
	`current_period_end` integer,
	`cancel_at_period_end` integer DEFAULT 0 NOT NULL,
	`state_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `listing_subscriptions_tenant_listing_idx` ON `listing_subscriptions` (`tenant_id`,`listing_id`);
