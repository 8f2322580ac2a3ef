CREATE TABLE `usage_events` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`agent_version` integer NOT NULL,
	`session_id` text NOT NULL,
	`turn_id` text NOT NULL,
	`model` text NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`ttft_ms` integer,
	`steps` integer NOT NULL,
	`status` text NOT NULL,
	`error_code` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `usage_events_tenant_time_idx` ON `usage_events` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `usage_events_tenant_agent_idx` ON `usage_events` (`tenant_id`,`agent_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `usage_events_turn_idx` ON `usage_events` (`tenant_id`,`turn_id`);