/**
 * One streamed Chat Completions call, made by hand: POST `<base>/chat/completions`, read the SSE body and yield each
 * chunk as it arrives. The `openai` client did this before; its request building and stream layers cost about 0.4 ms
 * of CPU per streamed call more than this reader (a Node micro-benchmark), on the object's thread and on the way to
 * the first token, so the hot path speaks the wire protocol directly. Failures are the client's error classes
 * (APIError by status, with the body's error and the headers; APIConnectionError with the network cause), so
 * classification (model-error.ts) is one.
 */
import { APIConnectionError, APIError } from 'openai';
import { OutboundError } from '../lib/outbound';

/** Where and how to call an OpenAI-compatible endpoint (providers.ts). */
export type OpenAiEndpoint = {
  baseURL: string;
  apiKey: string;
  headers: Record<string, string>;
  query?: Record<string, string>;
  /** The guarded fetch (lib/outbound.ts): SSRF policy and redirects. */
  fetch: typeof fetch;
  /** The streamed answer errors past this many bytes. */
  maxBytes: number;
};

/** A chunk of the stream as OpenAI sends it (the fields read here). */
export type CompletionChunk = {
  choices?: {
    delta?: {
      content?: string | null;
      tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  error?: unknown;
};

function urlOf(e: OpenAiEndpoint): string {
  const url = `${e.baseURL.replace(/\/+$/, '')}/chat/completions`;
  return e.query && Object.keys(e.query).length ? `${url}?${new URLSearchParams(e.query)}` : url;
}

/** The error body of a refused request: JSON when it is, else its text (at most 64 KB read). */
async function errorOf(res: Response): Promise<APIError> {
  const text = (await res.text().catch(() => '')).slice(0, 65_536);
  let json: { error?: unknown } | undefined;
  try {
    json = JSON.parse(text) as { error?: unknown };
  } catch {
    json = undefined;
  }
  return APIError.generate(res.status, json ?? text, text || res.statusText, res.headers);
}

/** `onOpen`: the provider accepted the request (a 2xx with a body), before its first chunk. */
export async function* streamChatCompletion(
  e: OpenAiEndpoint,
  body: Record<string, unknown>,
  signal: AbortSignal,
  onOpen?: () => void,
): AsyncGenerator<CompletionChunk> {
  let res: Response;
  try {
    res = await e.fetch(urlOf(e), {
      method: 'POST',
      headers: { ...e.headers, authorization: `Bearer ${e.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (cause) {
    throw new APIConnectionError({ cause: cause as Error });
  }
  if (!res.ok) throw await errorOf(res);
  if (!res.body) throw new APIConnectionError({ message: 'The answer had no body.' });
  onOpen?.();

  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let seen = 0;
  let complete = false;
  try {
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (cause) {
        throw new APIConnectionError({ cause: cause as Error });
      }
      if (read.done) break;
      seen += read.value.byteLength;
      if (seen > e.maxBytes) throw new APIConnectionError({ cause: new OutboundError('too_large', `The answer is over the ${e.maxBytes}-byte limit`) });
      buffer += decoder.decode(read.value, { stream: true });
      // SSE events end with a blank line; providers send \n, some \r\n.
      if (buffer.includes('\r')) buffer = buffer.replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = dataOf(event);
        if (data === null) continue;
        if (data === '[DONE]') {
          complete = true;
          return;
        }
        let chunk: CompletionChunk;
        try {
          chunk = JSON.parse(data) as CompletionChunk;
        } catch {
          throw new APIError(undefined, undefined, `The model provider sent a chunk that is not JSON: ${data.slice(0, 200)}`, undefined);
        }
        // An error sent inside the stream (as the openai client reads it).
        if (chunk.error) throw new APIError(undefined, chunk.error as object, undefined, res.headers);
        yield chunk;
      }
    }
  } finally {
    // A complete answer is read to its end in the background, so the connection goes back to the pool for the next
    // call (cancelling it closed the connection: each call then paid for a new one, about 0.5 ms on the way to the
    // first token). Anything else (an error, the caller stopping) cancels.
    if (complete) void drain(reader);
    else reader.cancel().catch(() => {});
  }
}

/**
 * Reads what is left of an answer after its `[DONE]` (normally nothing but the end of the body). A provider that
 * sends more than 64 KB after it, or does not end the body within DRAIN_MS, is cancelled as before.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), DRAIN_MS);
  try {
    for (let left = 65_536; left > 0;) {
      const { done, value } = await reader.read();
      if (done) return;
      left -= value.byteLength;
    }
    await reader.cancel();
  } catch {
    // the connection went away: nothing to give back
  } finally {
    clearTimeout(timer);
  }
}
const DRAIN_MS = 5_000;

/** The data of one SSE event (its `data:` lines joined), or null for comments and events without data. */
function dataOf(event: string): string | null {
  let data: string | null = null;
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}
