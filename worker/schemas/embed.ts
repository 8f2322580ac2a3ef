// Answers about the chat widget: embed keys (managed by the tenant) and what a widget visitor is sent.
import { z } from 'zod';
import { iso, pageOf } from './common';
import { messageFile } from './chat';

/** How the widget looks (every field optional; data attributes on the host page may override each). */
export const widgetTheme = z.object({
  title: z.string().optional(),
  color: z.string().optional().describe('#rrggbb'),
  position: z.enum(['right', 'left']).optional(),
  mode: z.enum(['light', 'dark', 'auto']).optional(),
  avatar_url: z.string().optional(),
});

export const embedKey = z.object({
  id: z.string(),
  agent_id: z.string(),
  name: z.string(),
  public_key: z.string(),
  allowed_origins: z.array(z.string()),
  greeting: z.string().nullable(),
  suggested_prompts: z.array(z.string()),
  theme: widgetTheme,
  created_at: iso,
  updated_at: iso,
});
export const embedKeyList = pageOf(embedKey);

export const widgetConfig = z.object({
  agent: z.object({ name: z.string() }),
  greeting: z.string().nullable(),
  suggested_prompts: z.array(z.string()),
  theme: widgetTheme,
  attachments: z
    .object({ types: z.array(z.string()), max_bytes: z.number().int() })
    .nullable()
    .describe("The files a visitor may attach to a message (the agent's setting), or null when it takes none"),
});
export const visitorToken = z.object({ session_id: z.string(), token: z.string(), expires_at: iso });
/** A message as a visitor sees it: no tool activity. */
export const visitorMessage = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  file: messageFile.optional().describe('On a visitor message: the file attached to it'),
  status: z.string(),
  created_at: iso,
  feedback: z.enum(['up', 'down']).nullable().optional().describe('On answers in the history: the rating this conversation gave it'),
  citations: z
    .array(z.object({ n: z.number().int(), title: z.string(), text: z.string() }))
    .optional()
    .describe('On answers that used knowledge passages: each passage as the answer cites it ([n]), its document title and text'),
});
export const visitorHistory = z.object({ data: z.array(visitorMessage) });
/** The widget's reply stream: the session's events without tool activity or provider details. */
export const visitorEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.delta'), data: z.object({ text: z.string() }) }),
  z.object({ type: z.literal('message.completed'), data: z.object({ message: visitorMessage }) }),
  z.object({ type: z.literal('error'), data: z.object({ code: z.string(), message: z.string() }) }),
]);

export type EmbedKeyJson = z.infer<typeof embedKey>;
export type WidgetConfigJson = z.infer<typeof widgetConfig>;
export type VisitorTokenJson = z.infer<typeof visitorToken>;
export type VisitorMessageJson = z.infer<typeof visitorMessage>;
export type VisitorEvent = z.infer<typeof visitorEvent>;
