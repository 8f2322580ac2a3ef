// Files in chat (issue 19 §2): which files an agent accepts on a person's message. The setting lives in the agent's
// versioned configuration (`attachments`), travels in the session snapshot, and is read by services/chat-files.ts.
import { z } from 'zod';

const MB = 1024 * 1024;

/** The file types an agent may accept, by their usual extension (each maps to a parser format, parse.ts). */
export const CHAT_FILE_TYPES = ['txt', 'md', 'html', 'pdf', 'docx', 'csv', 'json'] as const;
export type ChatFileType = (typeof CHAT_FILE_TYPES)[number];

/** The platform cap on one attached file, whatever the agent says (its `max_bytes` may only be lower). */
export const CHAT_FILE_MAX_BYTES = 10 * MB;

/**
 * The plan's largest chat file (plans.ts `chat_file_bytes`; null or missing: only the platform cap), never above the
 * platform cap. The effective cap on a message is this and the agent's `max_bytes`, whichever is lower.
 */
export const chatFileCap = (limits: { chat_file_bytes?: number | null }): number =>
  Math.min(limits.chat_file_bytes ?? CHAT_FILE_MAX_BYTES, CHAT_FILE_MAX_BYTES);

export type AttachmentSettings = { enabled: boolean; types: ChatFileType[]; max_bytes: number };

/**
 * Off unless the agent's editor turns it on: a file costs context tokens on every later turn of the conversation,
 * and a widget's visitors are anonymous, so accepting files is a choice, not a surprise (docs: the widget guide).
 */
export const DEFAULT_ATTACHMENTS: AttachmentSettings = { enabled: false, types: [...CHAT_FILE_TYPES], max_bytes: CHAT_FILE_MAX_BYTES };

export const attachmentSettings = z.strictObject({
  enabled: z.boolean().describe('Whether people may attach a file to a message (chat page, widget, share links, sessions API). Default false.'),
  types: z
    .array(z.enum(CHAT_FILE_TYPES))
    .min(1, 'Allow at least one file type')
    .refine((a) => new Set(a).size === a.length, 'Types must not repeat')
    .describe('The file types accepted, by extension'),
  max_bytes: z
    .number()
    .int()
    .min(1)
    .max(CHAT_FILE_MAX_BYTES, `At most ${CHAT_FILE_MAX_BYTES / MB} MB`)
    .describe(`The largest file accepted, in bytes (the platform cap is ${CHAT_FILE_MAX_BYTES / MB} MB)`),
});

/** The setting as stored or snapshotted (older snapshots have none: off). */
export const attachmentsOf = (a: AttachmentSettings | null | undefined): AttachmentSettings => a ?? DEFAULT_ATTACHMENTS;

/** What a widget or share page is told it may attach: the types and size, or null when the agent takes no files. */
export const offeredFiles = (a: AttachmentSettings | null | undefined) => {
  const s = attachmentsOf(a);
  return s.enabled ? { types: [...s.types], max_bytes: Math.min(s.max_bytes, CHAT_FILE_MAX_BYTES) } : null;
};

/** The `accept` attribute of a file input for these types. */
export const acceptOf = (types: readonly ChatFileType[]) => types.map((t) => `.${t}`).join(',');
