CREATE TABLE `embed_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`name` text NOT NULL,
	`public_key` text NOT NULL,
	`allowed_origins` text NOT NULL,
	`settings` text NOT NULL,
	`created_by` text,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `embed_keys_public_key_idx` ON `embed_keys` (`public_key`);--> statement-breakpoint
CREATE INDEX `embed_keys_tenant_agent_idx` ON `embed_keys` (`tenant_id`,`agent_id`,`id`);