// Query parameters several routes share (pagination: worker/db/page.ts) and the event lists of SSE descriptions.
import { z } from 'zod';

export const pageQuery = {
  limit: { schema: z.number().int().min(1).max(100).default(20), description: 'Page size, 1–100 (default 20)' },
  cursor: { schema: z.string(), description: 'The `next_cursor` of the previous page' },
};
export const forceQuery = { force: { schema: z.enum(['true', 'false']), description: '`true` also removes it from the agents that use it' } };

type EventUnion = { options: readonly z.ZodObject<{ type: z.ZodLiteral<string>; data: z.ZodObject }>[] };

/** `` `type {field, optional?}` `` for each event of a `{type, data}` schema (worker/schemas/), for descriptions. */
export function eventList(events: EventUnion): string {
  return events.options
    .map(({ shape }) => {
      const fields = Object.entries(shape.data.shape).map(([name, s]) => name + (s.safeParse(undefined).success ? '?' : ''));
      return `\`${shape.type.value} {${fields.join(', ')}}\``;
    })
    .join(', ');
}
