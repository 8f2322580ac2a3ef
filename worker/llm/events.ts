// The chat event stream (API.md, Sessions): what a turn emits, in order, to SSE clients, the JSON mode and the UI.
// The shapes are the zod schemas of worker/schemas/chat.ts (also the OpenAPI document's and the SDK's); this module
// gives the runtime their types and the SSE framing.
import type { ChatEvent } from '../schemas/chat';

export type { AttachmentJson, ChatEvent, CitationJson, ChatEventData, ChatEventType, MessageJson, MessageStatus, ToolCallJson, Usage } from '../schemas/chat';

/** One SSE frame: `event: <type>`, an `id:` line when given (streams that resume) and a JSON `data:` line. */
export function sseFrame(e: ChatEvent, id?: string): string {
  return `event: ${e.type}\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(e.data)}\n\n`;
}
