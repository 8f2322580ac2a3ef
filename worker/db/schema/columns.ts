// Shared column helpers: prefixed text ids, the tenant foreign key and millisecond timestamps.
import { integer, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants';

export const id = () => text('id').primaryKey();
/** Every tenant-owned table carries this column (a schema test enforces it). */
export const tenantId = () =>
  text('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });
export const createdAt = () => integer('created_at').notNull();
export const updatedAt = () => integer('updated_at').notNull();
export const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();
