// The chat page re-attaching to a reply (GET /app/sessions/:id/stream): after a dropped stream the rest of the turn
// comes as the same HTML fragments into the same bubble, a page drawn mid-answer gets the whole turn so far, 204 when
// there is nothing to send, and another tenant's conversation is 404.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, BASE, getPage, helloWorld, postForm, signup } from './helpers';

const WORDS = 'one two three four five six seven eight nine ten';

async function newConversation(a: Account, agentId: string) {
  const res = await postForm(a, `/app/agents/${agentId}/chat/sessions`, {});
  return new URL(res.headers.get('location')!, BASE).searchParams.get('session')!;
}

/** Reads SSE messages until `count` arrived (their `data:` lines joined); the rest of the stream is left unread. */
async function readMessages(reader: ReadableStreamDefaultReader<Uint8Array>, count: number): Promise<string[]> {
  const dec = new TextDecoder();
  let text = '';
  for (;;) {
    const frames = text
      .slice(0, text.lastIndexOf('\n\n') + 2)
      .split('\n\n')
      .filter(Boolean);
    if (frames.length >= count) return frames.slice(0, count).map(html);
    const { value, done } = await reader.read();
    if (done) return frames.map(html);
    text += dec.decode(value, { stream: true });
  }
}
const html = (frame: string) =>
  frame
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6))
    .join('\n');
const messagesOf = (text: string) => text.split('\n\n').filter(Boolean).map(html);

/** The text the deltas of these messages add to the bubble's stream. */
const deltas = (messages: string[]) =>
  messages.map((m) => /<hx-partial hx-target="#stream-[^"]+" hx-swap="beforeend">([^<]*)<\/hx-partial>/.exec(m)?.[1] ?? '').join('');
const cursor = (m: string) => /data-event-id="([^"]*)"/.exec(m)?.[1];

const resume = (a: Account, sessionId: string, query: Record<string, string>) =>
  SELF.fetch(`${BASE}/app/sessions/${sessionId}/stream?${new URLSearchParams(query)}`, {
    headers: { cookie: a.cookie, accept: 'text/html, text/event-stream', 'hx-request': 'true' },
    redirect: 'manual',
  });

async function slowReply(a: Account, sessionId: string, content: string) {
  const res = await postForm(a, `/app/sessions/${sessionId}/messages`, { content }, { sse: true });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  return res.body!.getReader();
}

describe('chat page re-attach', () => {
  it('after a dropped stream sends the rest of the turn into the same bubble, every word once', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const sessionId = await newConversation(a, agent.id);
    const reader = await slowReply(a, sessionId, `[[reply:${WORDS}]] [[delay:40]]`);
    const before = await readMessages(reader, 4); // the bubbles, then three events
    await reader.cancel();
    const assistant = /data-assistant="(a-[^"]+)"/.exec(before[0]!)?.[1];
    expect(assistant).toBeTruthy();
    expect(before[0]).toContain(`data-session="${sessionId}"`);
    const last = cursor(before.at(-1)!)!;
    expect(last).toMatch(/^\d+-3$/); // every event's message moves the bubble's cursor

    const res = await resume(a, sessionId, { assistant: assistant!, last_event_id: last });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    expect(text).not.toMatch(/^event:/m);
    const after = messagesOf(text);
    expect(after.every((m) => !m.includes('chat-msg-user'))).toBe(true); // no second user bubble
    for (const m of after.slice(0, -1)) expect(m).toContain(`#stream-${assistant}`);
    expect(cursor(after[0]!)).toBe(last.replace(/-3$/, '-4'));
    const streamed = deltas(before) + deltas(after);
    expect(streamed.trim()).toBe(WORDS); // nothing lost, nothing twice
    expect(after.at(-2)).toContain(WORDS); // the final markdown settles the bubble
    expect(after.at(-1)).toContain(`/app/sessions/${sessionId}/sidebar`);
  });

  it('answers 204 when nothing was missed, and rejects bad ids with 400', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const sessionId = await newConversation(a, agent.id);
    expect((await resume(a, sessionId, { assistant: 'a-x' })).status).toBe(204); // no turn yet
    const all = messagesOf(await (await postForm(a, `/app/sessions/${sessionId}/messages`, { content: '[[reply:short]]' }, { sse: true })).text());
    const last = all.map(cursor).filter(Boolean).at(-1)!;
    expect((await resume(a, sessionId, { assistant: 'a-x', last_event_id: last })).status).toBe(204);
    expect((await resume(a, sessionId, { assistant: 'a-x', last_event_id: 'nope' })).status).toBe(400);
    await slowReply(a, sessionId, `[[reply:${WORDS}]] [[delay:20]]`).then((r) => r.cancel());
    expect((await resume(a, sessionId, { assistant: '"><script>' })).status).toBe(400);
  });

  it('draws a page loaded mid-answer with an empty bubble that gets the whole turn so far, then the rest', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const sessionId = await newConversation(a, agent.id);
    const reader = await slowReply(a, sessionId, `[[reply:${WORDS}]] [[delay:40]]`);
    await readMessages(reader, 3);
    await reader.cancel();
    const page = await (await getPage(a, `/app/agents/${agent.id}/chat?session=${sessionId}`)).text();
    const assistant = new RegExp(`data-session="${sessionId}" data-assistant="(a-[^"]+)"`).exec(page)?.[1];
    expect(assistant).toBeTruthy();
    expect(page).toContain('data-event-id=""');
    expect(page.match(/class="chat-msg chat-msg-user"/g)).toHaveLength(1); // the running turn's message, drawn once
    const res = await resume(a, sessionId, { assistant: assistant! });
    expect(res.status).toBe(200);
    const all = messagesOf(await res.text());
    expect(deltas(all).trim()).toBe(WORDS);
    // Once the reply is stored, the page shows it and no bubble waiting for it.
    const later = await (await getPage(a, `/app/agents/${agent.id}/chat?session=${sessionId}`)).text();
    expect(later).not.toContain('data-assistant=');
    expect(later).toContain(WORDS);
  });

  it("is 404 for another tenant's conversation and needs a signed-in user", async () => {
    const a = await signup();
    const b = await signup('Other Co');
    const agent = await helloWorld(a);
    const sessionId = await newConversation(a, agent.id);
    const reader = await slowReply(a, sessionId, `[[reply:${WORDS}]] [[delay:20]]`);
    await readMessages(reader, 2);
    await reader.cancel();
    expect((await resume(b, sessionId, { assistant: 'a-x' })).status).toBe(404);
    const anonymous = await SELF.fetch(`${BASE}/app/sessions/${sessionId}/stream?assistant=a-x`, { redirect: 'manual' });
    expect([302, 303, 401]).toContain(anonymous.status);
    expect(anonymous.headers.get('content-type') ?? '').not.toMatch(/event-stream/);
  });
});
