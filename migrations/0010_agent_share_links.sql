-- Share links of agents with visibility "link" (worker/services/share-links.ts): a random salt per link, from which
-- the token is derived with the server's secret (so the URL can be shown again), and the token's SHA-256 digest, the
-- only form a visitor's token is looked up by. Rotating replaces both; leaving "link" clears them.
ALTER TABLE `agents` ADD `share_salt` text;
--> statement-breakpoint
ALTER TABLE `agents` ADD `share_token_hash` text;
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_share_token_hash_idx` ON `agents` (`share_token_hash`);
--> statement-breakpoint
CREATE INDEX `agents_tenant_visibility_idx` ON `agents` (`tenant_id`,`visibility`,`created_by`);
