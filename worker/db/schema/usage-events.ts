// Usage events: one row per chat turn (tokens, latency, time to first token), written in batches by the queue consumer.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
    createdAt: createdAt(),
  },
  (t) => [
    index('usage_events_tenant_time_idx').on(t.tenantId, t.createdAt),
    index('usage_events_tenant_agent_idx').on(t.tenantId, t.agentId, t.createdAt),
    uniqueIndex('usage_events_turn_idx').on(t.tenantId, t.turnId),
  ],
);
