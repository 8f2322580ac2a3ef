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

/** Files in chat: what a message route says about multipart bodies (services/chat-files.ts). */
export const FILES_IN_CHAT =
  "Files in chat: send `multipart/form-data` with the same fields and one `file` (text, Markdown, HTML, PDF, DOCX, CSV or JSON) when the agent's `attachments` setting allows it. The file is parsed and its text goes to the model inside the message, framed as data from a file (cut to fit the model's context); the stored message keeps `file: {id, name, content_type, bytes, truncated}`. The original is kept (R2) until the conversation is deleted: download it with GET …/files/{file_id} (the `id`); for an agent with code tools it is also in their working directory at `uploads/<name>`. With a file, `content` may be empty. Refusals: 415 when the agent takes no files or not this type (the message names the allowed ones), 413 over the size limit (the agent's `max_bytes`, the plan's `chat_file_bytes` or the 10 MB platform cap, whichever is lowest; the message names the plan when its limit is the one), 400 with the parser's reason when the file cannot be read.";

/** The multipart form of a message route: `content`, the extra fields, and `file`. */
export const messageWithFile = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: {
    content: { type: 'string', description: 'The message (may be empty with a file)' },
    ...extra,
    file: { type: 'string', format: 'binary', description: 'One file, if the agent accepts files' },
  },
});

/** The download of a file attached in chat (sessions API, widget, share links). */
export const fileDownload = {
  summary: 'Download the original of a file attached to a message',
  description:
    'The bytes as they were attached, as an attachment (`Content-Disposition: attachment; filename*=…`) with `X-Content-Type-Options: nosniff` and a sandboxing `Content-Security-Policy`. Plain text, CSV, JSON, PDF and DOCX keep their type; anything else (HTML included) is served as `application/octet-stream`, so it never runs in this origin. 404 for an unknown file id, a file of another conversation, or a message from before originals were kept (its `file` has no `id`).',
  responses: {
    200: {
      description: 'The original file',
      schema: z.string().describe('The file’s bytes'),
      mediaType: 'application/octet-stream',
      headers: { 'Content-Disposition': 'attachment; filename="…"; filename*=UTF-8\'\'…' },
    },
  },
} as const;
