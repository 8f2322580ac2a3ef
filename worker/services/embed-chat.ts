// What a widget visitor sees of a conversation: their messages and the assistant's text, never tool calls, tool
// output or provider error details (those stay in the trace for the tenant).
import type { ChatEvent, MessageJson } from '../llm/events';
import { sseFrame } from '../llm/events';
import type { RunningTurn } from '../llm/user-file';
import { type IdentifiedEvent, chatEventStream } from '../llm/sse-events';

export const visitorMessage = (m: MessageJson) => ({
  id: m.id,
  role: m.role,
  content: m.content,
  ...(m.file ? { file: m.file } : {}),
  status: m.status,
  created_at: m.created_at,
  // The passages an answer cites, as the widget shows them (number, title, text): no base or document ids.
  ...(m.citations?.length ? { citations: m.citations.map((c) => ({ n: c.n, title: c.title, text: c.text })) } : {}),
});

export const visitorHistory = (messages: MessageJson[]) =>
  messages.filter((m) => m.role === 'user' || (m.role === 'assistant' && m.content.trim())).map(visitorMessage);

/**
 * The history with the running turn's message: it is stored only once the model's first step ends, and a widget
 * reloaded mid-answer shows it, then re-attaches to the reply.
 */
export function withRunningTurn(messages: MessageJson[], running: RunningTurn | null): MessageJson[] {
  if (!running || messages.some((m) => m.id === running.userMessageId)) return messages;
  const file = running.file ? { file: running.file } : {};
  return [
    ...messages,
    { id: running.userMessageId, role: 'user', content: running.content, ...file, status: 'completed', created_at: new Date(running.at).toISOString() },
  ];
}

const VISITOR_ERROR = 'The assistant could not answer just now. Please try again in a moment.';

/** Re-frames a session's SSE stream for the widget: deltas, the final message, and errors with a plain message. */
export function visitorStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let streamed = false;
  return chatEventStream(body).pipeThrough(
    new TransformStream<IdentifiedEvent, Uint8Array>({
      transform(e, controller) {
        const send = (out: ChatEvent) => controller.enqueue(enc.encode(sseFrame(out, e.id)));
        if (e.type === 'message.delta') {
          streamed = true;
          send(e);
        } else if (e.type === 'tool.call' && streamed) {
          // The text before a tool call and the answer after it read as one reply, in two paragraphs.
          streamed = false;
          send({ type: 'message.delta', data: { text: '\n\n' } });
        } else if (e.type === 'message.completed') {
          controller.enqueue(
            enc.encode(`event: message.completed\n${e.id ? `id: ${e.id}\n` : ''}data: ${JSON.stringify({ message: visitorMessage(e.data.message) })}\n\n`),
          );
        } else if (e.type === 'error') {
          send({ type: 'error', data: { code: e.data.code, message: e.data.code === 'cancelled' ? 'Stopped.' : VISITOR_ERROR } });
        }
      },
    }),
  );
}
