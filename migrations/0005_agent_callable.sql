ALTER TABLE `agents` ADD `callable_agent_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `agent_versions` ADD `callable_agent_ids` text DEFAULT '[]' NOT NULL;