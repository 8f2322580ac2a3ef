// Tools a tenant defines (http, mcp, code); built-in tools live in code, not in this table.
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, tenantId, updatedAt } from './columns';
import { connections } from './connections';

export const tools = sqliteTable(
  'tools',
  {
    id: id(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    kind: text('kind', { enum: ['http', 'builtin', 'mcp', 'code'] }).notNull(),
    parameters: json<Record<string, unknown>>('parameters').notNull(),
    config: json<Record<string, unknown>>('config').notNull(),
    connectionId: text('connection_id').references(() => connections.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('tools_tenant_idx').on(t.tenantId, t.id),
    index('tools_connection_idx').on(t.tenantId, t.connectionId),
    // A tool's name is the function name the model calls: unique within a tenant.
    uniqueIndex('tools_tenant_name_idx').on(t.tenantId, t.name),
  ],
);
