// One-time password-reset tokens: only the SHA-256 of the token is stored; a token works once, for an hour.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, tenantId } from './columns';
import { users } from './users';

export const passwordResets = sqliteTable(
  'password_resets',
  {
    id: id(),
    /** The organization the request came through (the user's first one, or the admin's who made the link). */
    tenantId: tenantId(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    /** The admin or owner who made a link by hand; null when the user asked by email. */
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_resets_token_idx').on(t.tokenHash), index('password_resets_tenant_user_idx').on(t.tenantId, t.userId)],
);
