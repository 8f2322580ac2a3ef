// Identities at the operator's OpenID provider linked to a user: (issuer, subject) maps to one user for good.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id } from './columns';
import { users } from './users';

export const userIdentities = sqliteTable(
  'user_identities',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    /** The verified email the provider gave when the identity was linked (for people reading the table). */
    email: text('email').notNull(),
    createdAt: createdAt(),
    lastLoginAt: integer('last_login_at').notNull(),
  },
  (t) => [uniqueIndex('user_identities_issuer_subject_idx').on(t.issuer, t.subject), index('user_identities_user_idx').on(t.userId)],
);
