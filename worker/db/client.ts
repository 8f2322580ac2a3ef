// The one place that turns the D1 binding into a drizzle handle. Only worker/db/ may import this.
import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

export type Database = ReturnType<typeof database>;

export function database(env: { DB: D1Database }) {
  return drizzle(env.DB, { schema });
}

export { schema };
