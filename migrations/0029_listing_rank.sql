-- Marketplace search ranks on a narrow copy of listings (issue 18 §2). A broad query ("cal") matches over a thousand
-- listings; ranking joined each match to its whole `listings` row (descriptions, media) to read its popularity and
-- filters. `listing_rank` holds only what filters and sorts read, one row per listing (rowid = listings.rowid), kept in
-- step by triggers like listings_fts; the page's whole rows are read for the page only. The table is declared in the
-- drizzle schema (listingRank), but drizzle does not declare triggers, and no code writes this table. It carries its
-- listing's tenant_id like every tenant-owned table (the schema test's rule).
CREATE TABLE `listing_rank` (
	`listing_rowid` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`status` text NOT NULL,
	`category` text NOT NULL,
	`pricing_type` text NOT NULL,
	`tags` text NOT NULL,
	`popularity` real NOT NULL,
	`published_at` integer,
	`rating_sum` integer NOT NULL,
	`rating_count` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `listing_rank_tenant_idx` ON `listing_rank` (`tenant_id`);
--> statement-breakpoint
INSERT INTO listing_rank (listing_rowid, id, tenant_id, status, category, pricing_type, tags, popularity, published_at, rating_sum, rating_count)
	SELECT rowid, id, tenant_id, status, category, pricing_type, tags, popularity, published_at, rating_sum, rating_count FROM listings;
--> statement-breakpoint
CREATE TRIGGER `listing_rank_insert` AFTER INSERT ON `listings` BEGIN
	INSERT OR REPLACE INTO listing_rank (listing_rowid, id, tenant_id, status, category, pricing_type, tags, popularity, published_at, rating_sum, rating_count)
	VALUES (new.rowid, new.id, new.tenant_id, new.status, new.category, new.pricing_type, new.tags, new.popularity, new.published_at, new.rating_sum, new.rating_count);
END;
--> statement-breakpoint
CREATE TRIGGER `listing_rank_update` AFTER UPDATE OF `id`, `tenant_id`, `status`, `category`, `pricing_type`, `tags`, `popularity`, `published_at`, `rating_sum`, `rating_count` ON `listings` BEGIN
	UPDATE listing_rank SET id = new.id, tenant_id = new.tenant_id, status = new.status, category = new.category, pricing_type = new.pricing_type, tags = new.tags,
		popularity = new.popularity, published_at = new.published_at, rating_sum = new.rating_sum, rating_count = new.rating_count
	WHERE listing_rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `listing_rank_delete` AFTER DELETE ON `listings` BEGIN
	DELETE FROM listing_rank WHERE listing_rowid = old.rowid;
END;
