// Embed keys: a public key (`pk_…`) that lets the chat widget talk to one agent from a list of allowed origins.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agents } from './agents';
import { createdAt, id, json, tenantId, updatedAt } from './columns';

/** What the widget shows (API shape, stored as is); data attributes on the host page may override each. */
export type EmbedSettings = {
  greeting?: string;
  suggested_prompts?: string[];
  theme?: { title?: string; color?: string; position?: 'right' | 'left'; mode?: 'light' | 'dark' | 'auto'; avatar_url?: string };
};

export const embedKeys = sqliteTable(
  'embed_keys',
  {
    id: id(),
    tenantId: tenantId(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    publicKey: text('public_key').notNull(),
    allowedOrigins: json<string[]>('allowed_origins').notNull(),
    settings: json<EmbedSettings>('settings').notNull(),
    createdBy: text('created_by'),
    revokedAt: integer('revoked_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('embed_keys_public_key_idx').on(t.publicKey), index('embed_keys_tenant_agent_idx').on(t.tenantId, t.agentId, t.id)],
);
