// Browser sign-in sessions: the cookie holds a random token, this table only its SHA-256.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, tenantId } from './columns';
import { users } from './users';

export const authSessions = sqliteTable(
  'auth_sessions',
  {
    id: id(),
    tenantId: tenantId(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    lastSeenAt: integer('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('auth_sessions_token_idx').on(t.tokenHash), index('auth_sessions_tenant_user_idx').on(t.tenantId, t.userId)],
);
