// Connections: metadata of third-party credentials. The secret itself is envelope-encrypted in KV, never here.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, tenantId, updatedAt } from './columns';

export type ConnectionAuthMeta = { header_name?: string; param_name?: string; username?: string };

export const connections = sqliteTable(
  'connections',
  {
    id: id(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['openai', 'openai_compatible', 'http', 'mcp'] }).notNull(),
    baseUrl: text('base_url'),
    authType: text('auth_type', { enum: ['bearer', 'header', 'query', 'basic', 'none'] }).notNull(),
    authHint: text('auth_hint'),
    authMeta: json<ConnectionAuthMeta>('auth_meta').notNull(),
    config: json<Record<string, unknown>>('config').notNull(),
    /** The last POST /connections/:id/test: when, whether it passed, and its (secret-free) message. */
    checkedAt: integer('checked_at'),
    checkOk: integer('check_ok', { mode: 'boolean' }),
    checkMessage: text('check_message'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('connections_tenant_idx').on(t.tenantId, t.id)],
);
