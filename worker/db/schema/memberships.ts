// Memberships: a user's role in a tenant (owner | admin | member | viewer).
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, tenantId } from './columns';
import { users } from './users';

export const memberships = sqliteTable(
  'memberships',
  {
    id: id(),
    tenantId: tenantId(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'admin', 'member', 'viewer'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('memberships_tenant_user_idx').on(t.tenantId, t.userId), index('memberships_user_idx').on(t.userId)],
);
