-- Knowledge bases (issue 19): an organization's document collections that agents search. D1 holds what the API
-- lists (bases, documents and their ingestion status); each base's chunks, embeddings and full-text index live in
-- its own KnowledgeBase Durable Object; originals in R2.
CREATE TABLE `knowledge_bases` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`connection_id` text,
	`embedding_model` text NOT NULL,
	`document_count` integer DEFAULT 0 NOT NULL,
	`chunk_count` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_bases_tenant_name_idx` ON `knowledge_bases` (`tenant_id`,`name`);
--> statement-breakpoint
CREATE TABLE `knowledge_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`knowledge_base_id` text NOT NULL,
	`title` text NOT NULL,
	`source` text NOT NULL,
	`url` text,
	`filename` text,
	`content_type` text,
	`bytes` integer DEFAULT 0 NOT NULL,
	`content_hash` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`error` text,
	`chunk_count` integer DEFAULT 0 NOT NULL,
	`refresh_hours` integer,
	`refreshed_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`knowledge_base_id`) REFERENCES `knowledge_bases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `knowledge_documents_base_idx` ON `knowledge_documents` (`tenant_id`,`knowledge_base_id`,`id`);
--> statement-breakpoint
CREATE INDEX `knowledge_documents_hash_idx` ON `knowledge_documents` (`knowledge_base_id`,`content_hash`);
