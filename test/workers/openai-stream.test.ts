// The hand-made Chat Completions stream reader (worker/llm/openai-stream.ts): SSE framing as providers send it, and
// failures as the openai client's error classes, which model-error.ts classifies.
import { APIConnectionError, APIError } from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { type OpenAiEndpoint, streamChatCompletion } from '../../worker/llm/openai-stream';
import { OutboundError } from '../../worker/lib/outbound';

const enc = new TextEncoder();
/** An endpoint whose fetch answers with `parts` as the streamed body (each part one network chunk). */
function endpoint(parts: string[], init: ResponseInit = {}, seen: Request[] = []): OpenAiEndpoint {
  return {
    baseURL: 'https://llm.example/v1/',
    apiKey: 'sk-test',
    headers: { 'x-extra': 'yes' },
    query: { 'api-version': '1' },
    maxBytes: 1000,
    fetch: async (input, i) => {
      seen.push(new Request(input, i));
      return new Response(new ReadableStream({ start: (c) => (parts.forEach((p) => c.enqueue(enc.encode(p))), c.close()) }), init);
    },
  };
}
const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content }, finish_reason: null }] })}\n\n`;
async function texts(e: OpenAiEndpoint) {
  const out: string[] = [];
  for await (const c of streamChatCompletion(e, { model: 'm', messages: [] }, new AbortController().signal)) out.push(c.choices?.[0]?.delta?.content ?? '');
  return out;
}
const failure = (e: OpenAiEndpoint) =>
  texts(e).then(
    () => null,
    (err: unknown) => err,
  );

describe('streamChatCompletion', () => {
  it('posts to <base>/chat/completions with the key, headers and query, and reads chunks split anywhere', async () => {
    const seen: Request[] = [];
    const body = chunk('Hel') + ': keep-alive comment\n\n' + chunk('lo') + 'data: [DONE]\n\n';
    const parts = [body.slice(0, 7), body.slice(7, 40), body.slice(40)];
    expect(await texts(endpoint(parts, {}, seen))).toEqual(['Hel', 'lo']);
    expect(seen[0]!.url).toBe('https://llm.example/v1/chat/completions?api-version=1');
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer sk-test');
    expect(seen[0]!.headers.get('x-extra')).toBe('yes');
    expect(await seen[0]!.json()).toEqual({ model: 'm', messages: [] });
  });

  it('reads \\r\\n framing and data split over lines (joined with a newline, which JSON allows between tokens)', async () => {
    const json = JSON.stringify({ choices: [{ delta: { content: 'crlf' } }] });
    expect(await texts(endpoint([`data: ${json}\r\n\r\ndata:${json.slice(0, 10)}\ndata:${json.slice(10)}\n\n`]))).toEqual(['crlf', 'crlf']);
  });

  it('turns an HTTP refusal into the APIError of its status, with the body and headers', async () => {
    const e = await failure(
      endpoint([JSON.stringify({ error: { message: 'slow down', code: 'rate_limit_exceeded' } })], { status: 429, headers: { 'retry-after': '3' } }),
    );
    expect(e).toBeInstanceOf(APIError);
    expect((e as APIError).status).toBe(429);
    expect((e as APIError).headers?.get('retry-after')).toBe('3');
    expect((e as APIError).message).toBe('429 slow down');
    const text = await failure(endpoint(['upstream exploded'], { status: 502 }));
    expect((text as APIError).status).toBe(502);
    expect((text as APIError).message).toContain('upstream exploded');
  });

  it('throws an error sent inside the stream, and refuses a chunk that is not JSON', async () => {
    const inStream = await failure(endpoint([chunk('a'), `data: ${JSON.stringify({ error: { message: 'overloaded' } })}\n\n`]));
    expect(inStream).toBeInstanceOf(APIError);
    expect((inStream as Error).message).toContain('overloaded');
    expect(String(await failure(endpoint(['data: {oops\n\n'])))).toMatch(/not JSON/);
  });

  it('stops a body over the byte limit and reports a failed fetch as a connection error with its cause', async () => {
    const big = await failure(endpoint([chunk('x'.repeat(600)), chunk('y'.repeat(600))]));
    expect(big).toBeInstanceOf(APIConnectionError);
    expect((big as { cause?: unknown }).cause).toBeInstanceOf(OutboundError);
    const refused = { ...endpoint([]), fetch: async () => Promise.reject(new OutboundError('unreachable', 'Could not connect to the server: refused')) };
    const e = await failure(refused);
    expect(e).toBeInstanceOf(APIConnectionError);
    expect(((e as { cause?: Error }).cause as OutboundError).code).toBe('unreachable');
  });

  it('reads a complete answer to the end of its body, so the connection can serve the next call; a caller that stops early cancels', async () => {
    // The body as a provider sends it: chunks, `[DONE]`, then (a moment later) the end of the response.
    const body = (log: string[]) => {
      const parts = [chunk('Hi'), 'data: [DONE]\n\n'];
      return new ReadableStream<Uint8Array>({
        async pull(c) {
          const next = parts.shift();
          if (next !== undefined) return c.enqueue(enc.encode(next));
          await new Promise((r) => setTimeout(r, 20));
          log.push('ended');
          c.close();
        },
        cancel: () => void log.push('cancelled'),
      });
    };
    const ep = (log: string[]): OpenAiEndpoint => ({ ...endpoint([]), fetch: async () => new Response(body(log)) });

    const complete: string[] = [];
    expect(await texts(ep(complete))).toEqual(['Hi']);
    // Closing a connection mid-body (cancel) keeps it from being reused: the next call would open a new one.
    await vi.waitFor(() => expect(complete).toEqual(['ended']));

    const stopped: string[] = [];
    for await (const c of streamChatCompletion(ep(stopped), { model: 'm', messages: [] }, new AbortController().signal)) {
      expect(c.choices?.[0]?.delta?.content).toBe('Hi');
      break; // the caller stops before [DONE] (a cancelled turn): the rest of the answer is not waited for
    }
    expect(stopped).toEqual(['cancelled']);
  });
});
