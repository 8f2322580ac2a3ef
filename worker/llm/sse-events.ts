// Reads back the chat SSE frames a session streams (see events.ts) as ChatEvent objects, for the HTML chat page.
import type { ChatEvent } from './events';

/** An event read back, with its SSE id when the frame had one. */
export type IdentifiedEvent = ChatEvent & { id?: string };

export function chatEventStream(body: ReadableStream<Uint8Array>): ReadableStream<IdentifiedEvent> {
  let buffer = '';
  const parse = (frame: string): IdentifiedEvent | null => {
    const type = /^event: (.+)$/m.exec(frame)?.[1];
    const data = /^data: (.*)$/m.exec(frame)?.[1];
    const id = /^id: (.+)$/m.exec(frame)?.[1];
    return type && data ? ({ type, data: JSON.parse(data), ...(id ? { id } : {}) } as IdentifiedEvent) : null;
  };
  return body.pipeThrough(new TextDecoderStream()).pipeThrough(
    new TransformStream<string, IdentifiedEvent>({
      transform(chunk, controller) {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const e = parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (e) controller.enqueue(e);
        }
      },
    }),
  );
}
