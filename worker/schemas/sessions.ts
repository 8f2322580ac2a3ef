// Answers about conversations (sessions) themselves; what they contain is in chat.ts.
import { z } from 'zod';
import { iso, pageOf } from './common';

export const session = z.object({
  id: z.string(),
  agent_id: z.string(),
  agent_version: z.number().int(),
  title: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  status: z.string(),
  message_count: z.number().int(),
  created_at: iso,
  last_activity_at: iso,
});
export const sessionList = pageOf(session);
export const cancelResult = z.object({ cancelled: z.boolean().describe('Whether a turn was running') });

export type SessionJson = z.infer<typeof session>;
