-- Feedback and conversation search (issue 16 §4).
-- message_feedback remembers the usage rollup row its count went into (the answered turn's bucket and keys, or the
-- feedback's own hour when the turn's row was not written yet), so a changed or cleared rating moves exactly that count.
ALTER TABLE `message_feedback` ADD `turn_id` text;--> statement-breakpoint
ALTER TABLE `message_feedback` ADD `rollup_bucket` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `message_feedback` ADD `rollup_model` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `message_feedback` ADD `rollup_api_key_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `message_feedback` ADD `rollup_source` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `message_feedback` ADD `rollup_workflow_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Full-text search over stored conversations' messages (user messages and answers), filled by the EVENTS consumer.
-- Only `text` is indexed; the rest says whose message it is. Its rowid is the id of the message's search_entries row.
CREATE VIRTUAL TABLE `message_search` USING fts5(
	`text`,
	`tenant_id` UNINDEXED,
	`session_id` UNINDEXED,
	`message_id` UNINDEXED,
	`agent_id` UNINDEXED,
	`role` UNINDEXED,
	`created_at` UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- One row per indexed message: its rowid is the message's rowid in message_search; indexed by conversation (deleted
-- with it) and by time (kept 30 days), and unique per message so a redelivered event indexes nothing twice.
CREATE TABLE `search_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`message_id` text NOT NULL,
	`session_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_entries_message_idx` ON `search_entries` (`tenant_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `search_entries_session_idx` ON `search_entries` (`tenant_id`,`session_id`);--> statement-breakpoint
CREATE INDEX `search_entries_time_idx` ON `search_entries` (`created_at`);
