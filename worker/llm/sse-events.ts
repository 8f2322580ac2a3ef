// Reads back the chat SSE frames a session streams (see events.ts) as ChatEvent objects, for the HTML chat page.
import type { ChatEvent } from './events';

export function chatEventStream(body: ReadableStream<Uint8Array>): ReadableStream<ChatEvent> {
  let buffer = '';
  const parse = (frame: string): ChatEvent | null => {
    const type = /^event: (.+)$/m.exec(frame)?.[1];
    const data = /^data: (.*)$/m.exec(frame)?.[1];
    return type && data ? ({ type, data: JSON.parse(data) } as ChatEvent) : null;
  };
  return body.pipeThrough(new TextDecoderStream()).pipeThrough(
    new TransformStream<string, ChatEvent>({
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
