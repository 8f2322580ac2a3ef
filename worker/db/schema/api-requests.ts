// API requests made with API keys (the developer portal's request log): written in batches by the EVENTS queue
// consumer, never on the request's own path; kept for API_REQUEST_RETENTION_MS.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, tenantId } from './columns';

export const apiRequests = sqliteTable(
  'api_requests',
  {
    id: id(),
    tenantId: tenantId(),
    keyId: text('key_id').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    requestId: text('request_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('api_requests_tenant_time_idx').on(t.tenantId, t.createdAt)],
);
