-- Files in chat (issue 19 §2): whether an agent accepts a file on a person's message, which types, how large.
-- Part of the versioned configuration, so agents and their versions both carry it; off by default.
ALTER TABLE `agents` ADD `attachments` text DEFAULT '{"enabled":false,"types":["txt","md","html","pdf","docx","csv","json"],"max_bytes":10485760}' NOT NULL;--> statement-breakpoint
ALTER TABLE `agent_versions` ADD `attachments` text DEFAULT '{"enabled":false,"types":["txt","md","html","pdf","docx","csv","json"],"max_bytes":10485760}' NOT NULL;
