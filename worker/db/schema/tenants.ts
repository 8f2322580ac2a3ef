// Tenants (organizations): the unit of isolation. Global table: no tenant_id.
// Its columns are spelled out here: columns.ts refers to this table (the tenant foreign key), not the other way.
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const tenants = sqliteTable(
  'tenants',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    plan: text('plan').notNull().default('free'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('tenants_slug_idx').on(t.slug)],
);
