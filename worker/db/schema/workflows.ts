// Workflows: the current definition (mirrors the newest version row) plus identity, slug and version counter; the
// immutable versions; the runs list (D1 rows the EVENTS queue writes from each WorkflowRun object, which holds the
// run itself); triggers (schedules and signed webhooks).
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { WorkflowDefinition } from '../../schemas/workflows';
import { createdAt, id, json, tenantId, updatedAt } from './columns';

export const workflows = sqliteTable(
  'workflows',
  {
    id: id(),
    tenantId: tenantId(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    definition: json<WorkflowDefinition>('definition').notNull(),
    version: integer('version').notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('workflows_tenant_slug_idx').on(t.tenantId, t.slug), index('workflows_tenant_idx').on(t.tenantId, t.id)],
);

export const workflowVersions = sqliteTable(
  'workflow_versions',
  {
    id: id(),
    tenantId: tenantId(),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    definition: json<WorkflowDefinition>('definition').notNull(),
    restoredFrom: integer('restored_from'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('workflow_versions_workflow_version_idx').on(t.tenantId, t.workflowId, t.version)],
);

/** No foreign key to workflows: a run's row outlives a deleted workflow (its history stays in the runs list). */
export const workflowRuns = sqliteTable(
  'workflow_runs',
  {
    id: id(),
    tenantId: tenantId(),
    workflowId: text('workflow_id').notNull(),
    workflowVersion: integer('workflow_version').notNull(),
    status: text('status', { enum: ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] }).notNull(),
    triggerKind: text('trigger_kind').notNull(),
    triggerId: text('trigger_id'),
    parentRunId: text('parent_run_id'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
    createdBy: text('created_by'),
    /** The run object's event sequence when this row was written: a late, older update never overwrites a newer one. */
    seq: integer('seq').notNull().default(0),
    createdAt: createdAt(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    index('workflow_runs_tenant_created_idx').on(t.tenantId, t.createdAt),
    index('workflow_runs_tenant_workflow_idx').on(t.tenantId, t.workflowId, t.createdAt),
    index('workflow_runs_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
  ],
);

export const workflowTriggers = sqliteTable(
  'workflow_triggers',
  {
    id: id(),
    tenantId: tenantId(),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['schedule', 'webhook'] }).notNull(),
    cron: text('cron'),
    timezone: text('timezone'),
    inputs: json<Record<string, unknown>>('inputs'),
    /** Webhook triggers: the HMAC secret, envelope-encrypted under the tenant's data key. */
    secretCiphertext: text('secret_ciphertext'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    nextRunAt: integer('next_run_at'),
    lastRunAt: integer('last_run_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('workflow_triggers_tenant_workflow_idx').on(t.tenantId, t.workflowId)],
);
