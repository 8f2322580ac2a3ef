// Agent ↔ tool links for the agent's current version (built-in tool ids have no row in `tools`, so no FK there).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { agents } from './agents';
import { tenantId } from './columns';

export const agentTools = sqliteTable(
  'agent_tools',
  {
    tenantId: tenantId(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    toolId: text('tool_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.toolId] }), index('agent_tools_tenant_tool_idx').on(t.tenantId, t.toolId)],
);
