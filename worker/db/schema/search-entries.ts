// Conversation search (migration 0018): one row per indexed message. The text itself is in the FTS5 table
// `message_search` (raw SQL: drizzle cannot declare virtual tables), whose rowid is this row's id.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, tenantId } from './columns';

export const searchEntries = sqliteTable(
  'search_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: tenantId(),
    messageId: text('message_id').notNull(),
    sessionId: text('session_id').notNull(),
    agentId: text('agent_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('search_entries_message_idx').on(t.tenantId, t.messageId),
    index('search_entries_session_idx').on(t.tenantId, t.sessionId),
    index('search_entries_time_idx').on(t.createdAt),
  ],
);
