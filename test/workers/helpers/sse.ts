// Server-Sent Events as tests read them: the whole stream, one { event, data } per frame (data parsed as JSON).
export type SseEvent = { event: string; data: any };

export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim())
    .map((frame) => ({ event: /^event: (.*)$/m.exec(frame)?.[1] ?? 'message', data: JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null') }));
}

/** Reads a response to its end and parses its events. */
export const readSse = async (res: Response) => parseSse(await res.text());
