-- Workflows (worker/db/schema/workflows.ts): definitions versioned like agents, the runs list (rows written through
-- the EVENTS queue from each WorkflowRun object; the object holds the run's full state), and triggers (schedules and
-- signed webhooks; a webhook's secret is envelope-encrypted).
CREATE TABLE `workflows` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`definition` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workflows_tenant_slug_idx` ON `workflows` (`tenant_id`,`slug`);
--> statement-breakpoint
CREATE INDEX `workflows_tenant_idx` ON `workflows` (`tenant_id`,`id`);
--> statement-breakpoint
CREATE TABLE `workflow_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`definition` text NOT NULL,
	`restored_from` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workflow_versions_workflow_version_idx` ON `workflow_versions` (`tenant_id`,`workflow_id`,`version`);
--> statement-breakpoint
CREATE TABLE `workflow_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`workflow_version` integer NOT NULL,
	`status` text NOT NULL,
	`trigger_kind` text NOT NULL,
	`trigger_id` text,
	`parent_run_id` text,
	`error_code` text,
	`error_message` text,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`created_by` text,
	`seq` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `workflow_runs_tenant_created_idx` ON `workflow_runs` (`tenant_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `workflow_runs_tenant_workflow_idx` ON `workflow_runs` (`tenant_id`,`workflow_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `workflow_runs_tenant_status_idx` ON `workflow_runs` (`tenant_id`,`status`,`created_at`);
--> statement-breakpoint
CREATE TABLE `workflow_triggers` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`kind` text NOT NULL,
	`cron` text,
	`timezone` text,
	`inputs` text,
	`secret_ciphertext` text,
	`enabled` integer DEFAULT 1 NOT NULL,
	`next_run_at` integer,
	`last_run_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `workflow_triggers_tenant_workflow_idx` ON `workflow_triggers` (`tenant_id`,`workflow_id`);
