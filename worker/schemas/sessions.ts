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
  match: z
    .object({
      message_id: z.string(),
      role: z.enum(['user', 'assistant']),
      snippet: z.string().describe('The matching passage, HTML-escaped, with the matched words in <mark>'),
    })
    .optional()
    .describe('With ?q=: the best-matching message of the conversation'),
});
export const sessionList = pageOf(session);

export const SESSION_FEEDBACK_FILTERS = ['up', 'down', 'any', 'none'] as const;
/** GET /api/v1/sessions: the list's filters (additions: q searches message text, feedback filters by ratings). */
export const sessionListQuery = z.object({
  agent_id: z.string().optional(),
  q: z.string().max(200, 'Keep a search under 200 characters').optional(),
  feedback: z.enum(SESSION_FEEDBACK_FILTERS).optional(),
  limit: z.string().optional(),
  cursor: z.string().optional(),
});
export const cancelResult = z.object({ cancelled: z.boolean().describe('Whether a turn was running') });

export type SessionJson = z.infer<typeof session>;
