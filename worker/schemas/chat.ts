// What a conversation is made of as the API sends it: messages, usage, trace steps, a finished turn (Reply) and
// the chat event stream a turn emits, in order, to SSE clients, the JSON mode and the UI (worker/llm/events.ts).
import { z } from 'zod';
import { iso, pageOf } from './common';

export const messageStatus = z.enum(['completed', 'interrupted', 'cancelled', 'failed']);
export const toolCall = z.object({ id: z.string(), name: z.string(), arguments: z.string().describe('JSON text') });
/** A file a code tool produced, kept on its tool message; over the size cap it has no content. */
export const attachment = z.object({ path: z.string(), size: z.number().int(), media_type: z.string(), content_base64: z.string().optional() });

/** A file a person attached to their message (issue 19, files in chat): what the transcript shows as its chip. */
export const messageFile = z.object({
  id: z
    .string()
    .optional()
    .describe('The kept original: download it from GET /api/v1/sessions/{id}/files/{file_id}. Absent on files sent before originals were kept'),
  name: z.string(),
  content_type: z.string().describe('The declared type, else the one detected from its bytes'),
  bytes: z.number().int(),
  truncated: z.boolean().describe("Whether the file's text was cut to fit the model's context"),
});

/** A passage of a knowledge base an answer used (search_knowledge, or retrieval before the turn). */
export const citation = z.object({
  n: z.number().int().describe('Its number in the answer: the model cites it as [n]'),
  knowledge_base_id: z.string(),
  document_id: z.string(),
  title: z.string().describe("The document's title"),
  position: z.number().int().describe("The chunk's position in its document (the passage page links to #chunk-<position>)"),
  text: z.string().describe('The passage as retrieved'),
});

export const message = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant', 'tool']),
  content: z.string(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional().describe('For role "tool": the call it answers'),
  name: z.string().optional(),
  ok: z.boolean().optional().describe('For role "tool": whether the tool succeeded'),
  attachments: z.array(attachment).optional().describe('For role "tool": files the tool produced (code tools)'),
  file: messageFile.optional().describe('For role "user": the file attached to the message; its text went to the model with it, framed as data'),
  citations: z
    .array(citation)
    .optional()
    .describe('For role "assistant": the knowledge passages the answer used, numbered as the answer cites them ([1], [2]…)'),
  status: messageStatus,
  error: z
    .object({ code: z.string(), message: z.string() })
    .optional()
    .describe('Why the turn failed: on the empty assistant message (status failed) of a turn that got no answer'),
  created_at: iso,
  feedback: z
    .object({ rating: z.enum(['up', 'down']), comment: z.string().nullable() })
    .nullable()
    .optional()
    .describe('On assistant messages in message lists: the current rating of this answer (null: not rated)'),
});
export const messageList = pageOf(message);

export const usage = z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() });

const stepBase = { id: z.string(), turn_id: z.string(), ok: z.boolean(), duration_ms: z.number(), started_at: iso };
export const traceStep = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('model'),
    ...stepBase,
    model: z.string(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    ttft_ms: z.number().nullable(),
    attempts: z.number().int(),
    finish_reason: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
  z.object({ type: z.literal('tool'), ...stepBase, name: z.string(), call_id: z.string(), arguments: z.string(), output: z.string() }),
  z.object({
    type: z.literal('retrieval'),
    ...stepBase,
    query: z.string(),
    knowledge_base_ids: z.array(z.string()),
    mode: z.enum(['tool', 'always']).describe('tool: a search_knowledge call; always: before the turn, with the user message'),
    passages: z.array(
      z.object({
        n: z.number().int(),
        knowledge_base_id: z.string(),
        document_id: z.string(),
        title: z.string(),
        position: z.number().int(),
        score: z.number(),
      }),
    ),
    degraded: z.string().nullable().describe('Why the vector half did not run (keyword results only), or null'),
  }),
]);
export const trace = z.object({ data: z.array(traceStep) });

export const reply = z.object({ message: message.nullable(), usage, steps: z.array(traceStep), status: messageStatus });

const event = <T extends string, S extends z.ZodType>(type: T, data: S) => z.object({ type: z.literal(type), data });
export const chatEvent = z.discriminatedUnion('type', [
  event('message.delta', z.object({ text: z.string() })),
  event('tool.call', toolCall),
  event('tool.result', z.object({ id: z.string(), name: z.string(), ok: z.boolean(), output: z.string(), files: z.array(attachment).optional() })),
  event(
    'message.citations',
    z
      .object({ citations: z.array(citation) })
      .describe(
        'The knowledge passages retrieved so far in this turn (every one, numbered): sent after each retrieval; the finished message carries those it used',
      ),
  ),
  event('message.completed', z.object({ message, usage })),
  event(
    'error',
    z.object({
      code: z.string(),
      message: z.string(),
      retry_after: z.number().int().optional().describe('Seconds the model provider asked to wait (its 429 Retry-After)'),
    }),
  ),
]);

export type MessageStatus = z.infer<typeof messageStatus>;
export type ToolCallJson = z.infer<typeof toolCall>;
export type AttachmentJson = z.infer<typeof attachment>;
export type MessageFileJson = z.infer<typeof messageFile>;
export type CitationJson = z.infer<typeof citation>;
export type MessageJson = z.infer<typeof message>;
export type Usage = z.infer<typeof usage>;
export type TraceStepJson = z.infer<typeof traceStep>;
export type ReplyJson = z.infer<typeof reply>;
export type ChatEvent = z.infer<typeof chatEvent>;
export type ChatEventType = ChatEvent['type'];
/** The `data` of one event type, e.g. `ChatEventData<'tool.result'>`. */
export type ChatEventData<T extends ChatEventType> = Extract<ChatEvent, { type: T }>['data'];
