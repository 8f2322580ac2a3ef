ALTER TABLE `connections` ADD `checked_at` integer;--> statement-breakpoint
ALTER TABLE `connections` ADD `check_ok` integer;--> statement-breakpoint
ALTER TABLE `connections` ADD `check_message` text;