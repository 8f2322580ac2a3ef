-- Origins the widget's embed guard refused, per key (worker/db/schema/embed-refused-origins.ts).
CREATE TABLE `embed_refused_origins` (
	`tenant_id` text NOT NULL,
	`embed_key_id` text NOT NULL,
	`origin` text NOT NULL,
	`count` integer NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`embed_key_id`) REFERENCES `embed_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `embed_refused_origins_key_origin_idx` ON `embed_refused_origins` (`tenant_id`,`embed_key_id`,`origin`);
