// Index of conversations: the messages themselves live in each AgentSession Durable Object's own SQLite.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { agents } from './agents';
import { createdAt, id, json, tenantId } from './columns';

export const chatSessions = sqliteTable(
  'chat_sessions',
  {
    id: id(),
    tenantId: tenantId(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    agentVersion: integer('agent_version').notNull(),
    title: text('title'),
    metadata: json<Record<string, unknown>>('metadata').notNull(),
    status: text('status').notNull().default('active'),
    messageCount: integer('message_count').notNull().default(0),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    lastActivityAt: integer('last_activity_at').notNull(),
  },
  (t) => [index('chat_sessions_tenant_idx').on(t.tenantId, t.id), index('chat_sessions_tenant_agent_idx').on(t.tenantId, t.agentId, t.lastActivityAt)],
);
