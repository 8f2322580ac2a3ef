// Honest status codes on /v1/chat/completions: a model call that fails before any output (after our own retries)
// answers that failure's HTTP status with an OpenAI-shaped error, streamed or not, so clients' own retry logic
// works (the official `openai` client retries 408/409/429/5xx); text streamed before a mid-answer cut still reaches
// the caller, before the error.
import { SELF } from 'cloudflare:test';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { api, apiKey, BASE, createAgent, signup } from './helpers';

const client = (key: string, maxRetries = 0) =>
  new OpenAI({ apiKey: key, baseURL: `${BASE}/v1`, maxRetries, fetch: ((url: string, init: RequestInit) => SELF.fetch(url, init)) as never });

async function setup(body: Record<string, unknown> = {}) {
  const a = await signup();
  const key = await apiKey(a);
  const agent = await createAgent(a, { name: 'Status Bot', instructions: 'You help.', ...body });
  return { a, key, model: agent.slug };
}

/** The upstream counts `times:` per message text, and other files share it: every scripted failure gets its own. */
const unique = (directive: string) => `${directive} ${crypto.randomUUID()}`;
const say = (content: string) => [{ role: 'user' as const, content }];

/** The JSON frames of an OpenAI stream (`data: [DONE]` left out). */
const frames = (text: string) =>
  text
    .split('\n\n')
    .map((f) => f.replace(/^data: /, ''))
    .filter((d) => d.trim() && d !== '[DONE]')
    .map((d) => JSON.parse(d));

const raw = (key: string, body: Record<string, unknown>) =>
  SELF.fetch(`${BASE}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('a failure before the first token is an HTTP status', () => {
  it('answers 502 with an OpenAI error body, not a 200 stream, when the provider keeps failing', async () => {
    const { key, model } = await setup();
    const res = await raw(key, { model, stream: true, messages: say(unique('[[error:503]]')) });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: { type: 'server_error', code: 'upstream_error', param: null, message: expect.stringContaining('HTTP 503') } });
  });

  it('lets the openai client retry: a 5xx that outlasts our retries is retried by the client and then succeeds', async () => {
    const { key, model } = await setup();
    // We try 3 times per request; the 4th attempt succeeds, so only a client that retries our 502 gets the answer.
    const once = unique('[[error:503 times:3]] [[reply:made it]]');
    const failed = await client(key, 0)
      .chat.completions.create({ model, stream: true, messages: say(once) })
      .catch((x) => x);
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failed.status).toBe(502);
    const stream = await client(key, 1).chat.completions.create({ model, stream: true, messages: say(unique('[[error:503 times:3]] [[reply:made it]]')) });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('made it');
  });

  it('passes a provider’s 429 on as 429 with its Retry-After, streamed and not, and the client’s retry gets through', async () => {
    const { key, model } = await setup();
    for (const stream of [true, false]) {
      const res = await raw(key, { model, stream, messages: say(unique('[[error:429 retry-after:1]]')) });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
    }
    const ok = await client(key, 1).chat.completions.create({ model, messages: say(unique('[[error:429 times:3 retry-after:1]] [[reply:after the wait]]')) });
    expect(ok.choices[0]!.message.content).toBe('after the wait');
  });

  it('answers 504 when the model never answers, and 502 when its server cannot be reached', async () => {
    const { a, key, model } = await setup();
    const hung = await client(key)
      .chat.completions.create({ model, stream: true, messages: say('[[hang]]') })
      .catch((x) => x);
    expect(hung).toBeInstanceOf(OpenAI.APIError);
    expect(hung.status).toBe(504);
    expect(hung.error).toMatchObject({ code: 'upstream_timeout' });
    const con = (await (
      await api('/api/v1/connections', { body: { name: 'Down', kind: 'openai_compatible', base_url: 'http://127.0.0.1:9/v1', auth: { type: 'none' } }, as: a })
    ).json()) as { id: string };
    const down = await createAgent(a, { name: 'Down Bot', model: 'm', connection_id: con.id });
    const e = await client(key)
      .chat.completions.create({ model: down.slug, stream: true, messages: say('hello?') })
      .catch((x) => x);
    expect(e.status).toBe(502);
    expect(e.message).toContain('Could not connect to 127.0.0.1:9');
  });
});

describe('once output has started', () => {
  it('sends the text streamed before a mid-answer cut, then the error', async () => {
    const { key, model } = await setup();
    const res = await raw(key, { model, stream: true, messages: say('[[reply:one two three four]] [[cut:2]]') });
    expect(res.status).toBe(200);
    const sent = frames(await res.text());
    expect(sent.map((f) => f.choices?.[0]?.delta?.content ?? '').join('')).toBe('one two');
    const errorAt = sent.findIndex((f) => f.error);
    expect(errorAt).toBe(sent.length - 1);
    expect(sent[errorAt].error).toMatchObject({ code: 'upstream_interrupted' });
    // The official client hands the text over, then raises.
    const stream = await client(key).chat.completions.create({ model, stream: true, messages: say('[[reply:five six seven]] [[cut:2]]') });
    let seen = '';
    const thrown = await (async () => {
      for await (const c of stream) seen += c.choices[0]?.delta.content ?? '';
    })().catch((x) => x);
    expect(seen).toBe('five six');
    expect(thrown).toBeInstanceOf(OpenAI.APIError);
  });

  it('still opens with the role chunk, and the headers go out with the first token, not after the reply', async () => {
    const { key, model } = await setup();
    const started = Date.now();
    const res = await raw(key, { model, stream: true, messages: say('[[reply:slow words arrive]] [[delay:400]]') });
    expect(Date.now() - started).toBeLessThan(700);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sent = frames(await res.text());
    expect(sent[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(sent.map((f) => f.choices?.[0]?.delta?.content ?? '').join('')).toBe('slow words arrive');
  });
});
