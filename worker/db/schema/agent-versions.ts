// Agent versions: an immutable snapshot written on every create, update and restore.
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agentConfigColumns, agents } from './agents';
import { createdAt, id, tenantId } from './columns';

export const agentVersions = sqliteTable(
  'agent_versions',
  {
    id: id(),
    tenantId: tenantId(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    ...agentConfigColumns(),
    restoredFrom: integer('restored_from'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('agent_versions_agent_version_idx').on(t.tenantId, t.agentId, t.version)],
);
