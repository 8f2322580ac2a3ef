-- Marketplace (issue 18; worker/db/schema/marketplace.ts). Listings of public agents, their frozen versions,
-- installs, reviews, reports, creators' profiles and paid listings' payments. Search: `listings_fts` (FTS5, bm25
-- over title, tags, tagline, description; unicode61 without stemming, which would break prefix queries; prefix indexes) and `listing_titles_trigram` (FTS5
-- trigram tokenizer over titles: the fallback for typos), both holding only published listings, kept in step by
-- the triggers at the end (rowid = listings.rowid).
CREATE TABLE `creator_profiles` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`display_name` text NOT NULL,
	`bio` text,
	`website` text,
	`stripe_account_id` text,
	`connect_status` text DEFAULT 'none' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `creator_profiles_slug_idx` ON `creator_profiles` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `creator_profiles_stripe_account_idx` ON `creator_profiles` (`stripe_account_id`);--> statement-breakpoint
CREATE TABLE `listings` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`tagline` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`icon` text,
	`media` text DEFAULT '{}' NOT NULL,
	`pricing_type` text DEFAULT 'free' NOT NULL,
	`price_cents` integer,
	`stripe_product_id` text,
	`stripe_price_id` text,
	`status` text DEFAULT 'published' NOT NULL,
	`removed_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`agent_version` integer NOT NULL,
	`installs` integer DEFAULT 0 NOT NULL,
	`conversations` integer DEFAULT 0 NOT NULL,
	`popularity` real DEFAULT 0 NOT NULL,
	`rating_sum` integer DEFAULT 0 NOT NULL,
	`rating_count` integer DEFAULT 0 NOT NULL,
	`published_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listings_slug_idx` ON `listings` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `listings_agent_idx` ON `listings` (`tenant_id`,`agent_id`);--> statement-breakpoint
CREATE INDEX `listings_status_popular_idx` ON `listings` (`status`,`popularity`);--> statement-breakpoint
CREATE INDEX `listings_status_new_idx` ON `listings` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `listings_status_category_idx` ON `listings` (`status`,`category`);--> statement-breakpoint
CREATE TABLE `listing_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`listing_id` text NOT NULL,
	`version` integer NOT NULL,
	`agent_version` integer NOT NULL,
	`snapshot` text NOT NULL,
	`notes` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listing_versions_listing_version_idx` ON `listing_versions` (`listing_id`,`version`);--> statement-breakpoint
CREATE INDEX `listing_versions_tenant_idx` ON `listing_versions` (`tenant_id`,`listing_id`);--> statement-breakpoint
CREATE TABLE `listing_installs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`listing_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`listing_version` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`stripe_subscription_id` text,
	`subscription_status` text,
	`current_period_end` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `listing_installs_listing_idx` ON `listing_installs` (`listing_id`,`tenant_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `listing_installs_agent_idx` ON `listing_installs` (`tenant_id`,`agent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `listing_installs_subscription_idx` ON `listing_installs` (`stripe_subscription_id`);--> statement-breakpoint
CREATE TABLE `listing_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`listing_id` text NOT NULL,
	`user_id` text,
	`rating` integer NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`reply` text,
	`replied_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listing_reviews_listing_tenant_idx` ON `listing_reviews` (`listing_id`,`tenant_id`);--> statement-breakpoint
CREATE INDEX `listing_reviews_tenant_idx` ON `listing_reviews` (`tenant_id`,`listing_id`);--> statement-breakpoint
CREATE INDEX `listing_reviews_listing_time_idx` ON `listing_reviews` (`listing_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `listing_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`listing_id` text NOT NULL,
	`reporter_tenant_id` text,
	`reporter_ip` text,
	`reason` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`resolved_at` integer,
	`resolution` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `listing_reports_open_idx` ON `listing_reports` (`resolved_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `listing_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`listing_id` text NOT NULL,
	`installer_tenant_id` text NOT NULL,
	`stripe_invoice_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`fee_cents` integer NOT NULL,
	`net_cents` integer NOT NULL,
	`currency` text DEFAULT 'usd' NOT NULL,
	`paid_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listing_payments_invoice_idx` ON `listing_payments` (`stripe_invoice_id`);--> statement-breakpoint
CREATE INDEX `listing_payments_tenant_time_idx` ON `listing_payments` (`tenant_id`,`paid_at`);--> statement-breakpoint
CREATE VIRTUAL TABLE `listings_fts` USING fts5(
	title, tags, tagline, description,
	tenant_id UNINDEXED, category UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `listing_titles_trigram` USING fts5(title, tenant_id UNINDEXED, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `listings_search_insert` AFTER INSERT ON `listings` WHEN new.status = 'published' BEGIN
	INSERT INTO listings_fts (rowid, title, tags, tagline, description, tenant_id, category)
	VALUES (new.rowid, new.title, (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)), new.tagline, new.description, new.tenant_id, new.category);
	INSERT INTO listing_titles_trigram (rowid, title, tenant_id) VALUES (new.rowid, new.title, new.tenant_id);
END;
--> statement-breakpoint
CREATE TRIGGER `listings_search_update` AFTER UPDATE OF `title`, `tags`, `tagline`, `description`, `category`, `status` ON `listings` BEGIN
	DELETE FROM listings_fts WHERE rowid = old.rowid;
	DELETE FROM listing_titles_trigram WHERE rowid = old.rowid;
	INSERT INTO listings_fts (rowid, title, tags, tagline, description, tenant_id, category)
	SELECT new.rowid, new.title, (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)), new.tagline, new.description, new.tenant_id, new.category
	WHERE new.status = 'published';
	INSERT INTO listing_titles_trigram (rowid, title, tenant_id) SELECT new.rowid, new.title, new.tenant_id WHERE new.status = 'published';
END;
--> statement-breakpoint
CREATE TRIGGER `listings_search_delete` AFTER DELETE ON `listings` BEGIN
	DELETE FROM listings_fts WHERE rowid = old.rowid;
	DELETE FROM listing_titles_trigram WHERE rowid = old.rowid;
END;
