// The chat event stream (API.md, Sessions): what a turn emits, in order, to SSE clients, the JSON mode and the UI.
export type MessageStatus = 'completed' | 'interrupted' | 'cancelled' | 'failed';

export type ToolCallJson = { id: string; name: string; arguments: string };

/** A file a code tool produced, kept on its tool message for the API and the UI; over the size cap, no content. */
export type AttachmentJson = { path: string; size: number; media_type: string; content_base64?: string };

export type MessageJson = {
  id: string;
  role: 'user' | 'assistant' | 'tool';
  content: string;
  tool_calls?: ToolCallJson[];
  /** For role "tool": which call this answers, and whether the tool succeeded. */
  tool_call_id?: string;
  name?: string;
  ok?: boolean;
  /** For role "tool": files the tool produced (code tools). */
  attachments?: AttachmentJson[];
  status: MessageStatus;
  /** For a failed turn's assistant message (status "failed", no content): why it failed. */
  error?: { code: string; message: string };
  created_at: string;
};

export type Usage = { input_tokens: number; output_tokens: number };

export type ChatEvent =
  | { type: 'message.delta'; data: { text: string } }
  | { type: 'tool.call'; data: ToolCallJson }
  | { type: 'tool.result'; data: { id: string; name: string; ok: boolean; output: string; files?: AttachmentJson[] } }
  | { type: 'message.completed'; data: { message: MessageJson; usage: Usage } }
  | { type: 'error'; data: { code: string; message: string } };

/** One SSE frame: `event: <type>` and a JSON `data:` line. */
export function sseFrame(e: ChatEvent): string {
  return `event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`;
}
