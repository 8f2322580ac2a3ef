// Query parameters several routes share (pagination: worker/db/page.ts).
import { z } from 'zod';

export const pageQuery = {
  limit: { schema: z.number().int().min(1).max(100).default(20), description: 'Page size, 1–100 (default 20)' },
  cursor: { schema: z.string(), description: 'The `next_cursor` of the previous page' },
};
export const forceQuery = { force: { schema: z.enum(['true', 'false']), description: '`true` also removes it from the agents that use it' } };
