// Origins the embed guard refused, per embed key (one row per key and origin, bounded per key), so the Embed page
// can show "this site tried to load your widget" with an Allow button. Written through the EVENTS queue.
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tenantId } from './columns';
import { embedKeys } from './embed-keys';

export const embedRefusedOrigins = sqliteTable(
  'embed_refused_origins',
  {
    tenantId: tenantId(),
    embedKeyId: text('embed_key_id')
      .notNull()
      .references(() => embedKeys.id, { onDelete: 'cascade' }),
    origin: text('origin').notNull(),
    count: integer('count').notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [uniqueIndex('embed_refused_origins_key_origin_idx').on(t.tenantId, t.embedKeyId, t.origin)],
);
