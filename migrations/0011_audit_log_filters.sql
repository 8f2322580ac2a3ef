-- Audit log filters (GET /api/v1/audit-log): by actor, by action (exact or prefix) and by resource type, each
-- newest first. Ids are time-sortable (their first 10 characters are created_at), so (tenant_id, id) is also the
-- tenant + time index the date range and the default listing use, and the retention trim deletes by id range.
CREATE INDEX `audit_log_tenant_actor_idx` ON `audit_log` (`tenant_id`,`actor_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_tenant_action_idx` ON `audit_log` (`tenant_id`,`action`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_tenant_type_idx` ON `audit_log` (`tenant_id`,`target_type`,`id`);
