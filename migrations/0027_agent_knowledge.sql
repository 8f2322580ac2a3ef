-- Agents that cite (issue 19 §2): the knowledge bases an agent searches (ids of its organization's bases) and when it
-- retrieves: 'tool' (the model calls search_knowledge) or 'always' (before every turn, with the user's message).
ALTER TABLE `agents` ADD `knowledge_base_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `knowledge_retrieval` text DEFAULT 'tool' NOT NULL;--> statement-breakpoint
ALTER TABLE `agent_versions` ADD `knowledge_base_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `agent_versions` ADD `knowledge_retrieval` text DEFAULT 'tool' NOT NULL;
