// drizzle-kit: generates D1 SQL migrations into migrations/ from worker/db/schema.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/db/schema/index.ts',
  out: './migrations',
});
