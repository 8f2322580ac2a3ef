// Usage events: one row per chat turn (tokens, latency, time to first token), written in batches by the queue consumer.
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, tenantId } from './columns';

export const usageEvents = sqliteTable(
  'usage_events',
  {
    id: id(),
    tenantId: tenantId(),
    agentId: text('agent_id').notNull(),
    agentVersion: integer('agent_version').notNull(),
    sessionId: text('session_id').notNull(),
    turnId: text('turn_id').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    ttftMs: integer('ttft_ms'),
    steps: integer('steps').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    /** Where the turn came from (worker/schemas/analytics.ts, USAGE_SOURCES), the API key and workflow if any. */
    source: text('source').notNull().default('api'),
    apiKeyId: text('api_key_id'),
    workflowId: text('workflow_id'),
    /** tokens × the model's price when the turn was written; null when the model has no price. */
    costUsd: real('cost_usd'),
    /** Whether this turn started its conversation (rollups count conversations from it). */
    newConversation: integer('new_conversation', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('usage_events_tenant_time_idx').on(t.tenantId, t.createdAt),
    index('usage_events_tenant_agent_idx').on(t.tenantId, t.agentId, t.createdAt),
    uniqueIndex('usage_events_turn_idx').on(t.tenantId, t.turnId),
  ],
);
