// The chat page (routes/pages/chat.tsx): conversations, streamed HTML fragments for htmx, plain form posts,
// escaping of everything a user or the model writes, and tenant isolation.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, api, BASE, getPage, helloWorld, postForm, signup } from './helpers';

/** As htmx posts the composer (`htmx`, answered with a stream), or as a plain form. */
const post = (a: Account, path: string, fields: Record<string, string>, htmx = true) => postForm(a, path, fields, { sse: htmx });

async function newConversation(a: Account, agentId: string) {
  const res = await post(a, `/app/agents/${agentId}/chat/sessions`, {}, false);
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(new RegExp(`^/app/agents/${agentId}/chat\\?session=ses_`));
  return new URL(location, BASE).searchParams.get('session')!;
}

describe('chat page', () => {
  it('shows the agent, its conversations and a composer', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const empty = await (await getPage(a, `/app/agents/${agent.id}/chat`)).text();
    expect(empty).toContain('Hello World');
    expect(empty).toContain(`/app/agents/${agent.id}/chat/sessions`);
    const sessionId = await newConversation(a, agent.id);
    const page = await getPage(a, `/app/agents/${agent.id}/chat?session=${sessionId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`/app/sessions/${sessionId}/messages`);
    expect(html).toContain('/assets/vendor/hx-sse.min.js');
  });

  it('streams the reply as unnamed SSE messages carrying escaped HTML fragments', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const sessionId = await newConversation(a, agent.id);
    const res = await post(a, `/app/sessions/${sessionId}/messages`, { content: '<b>hi</b> [[reply:<script>alert(1)</script> **done**]]' });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    expect(text).not.toMatch(/^event:/m); // hx-sse swaps only unnamed messages
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames[0]).toContain('&lt;b&gt;hi&lt;/b&gt;'); // the user's bubble, escaped
    expect(text).not.toContain('<script>alert(1)');
    expect(text).toContain('&lt;script&gt;');
    expect(frames[frames.length - 2]).toContain('<strong>done</strong>'); // final markdown replaces the stream
    expect(frames[frames.length - 1]).toContain(`hx-get="/app/sessions/${sessionId}/sidebar"`); // then the list reloads
  });

  it('works without JavaScript: a plain post answers 303 and the page shows the reply', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const sessionId = await newConversation(a, agent.id);
    const res = await post(a, `/app/sessions/${sessionId}/messages`, { content: '[[reply:Answer without JS]]' }, false);
    expect(res.status).toBe(303);
    const page = await (await getPage(a, res.headers.get('location')!)).text();
    expect(page).toContain('Answer without JS');
  });

  it('answers a message during a running reply with an inline alert', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const sessionId = await newConversation(a, agent.id);
    const first = await post(a, `/app/sessions/${sessionId}/messages`, { content: '[[reply:a b c d e]] [[delay:50]]' });
    const second = await post(a, `/app/sessions/${sessionId}/messages`, { content: 'again' });
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('still being generated');
    await first.text();
    expect((await post(a, `/app/sessions/${sessionId}/cancel`, {})).status).toBe(204);
  });

  it("answers 404 for another tenant's agent chat, conversation and messages", async () => {
    const a = await signup();
    const b = await signup();
    const agent = await helloWorld(a);
    const sessionId = await newConversation(a, agent.id);
    const html = { accept: 'text/html' };
    expect((await SELF.fetch(`${BASE}/app/agents/${agent.id}/chat`, { headers: { cookie: b.cookie, ...html } })).status).toBe(404);
    const bAgent = await helloWorld(b);
    expect((await SELF.fetch(`${BASE}/app/agents/${bAgent.id}/chat?session=${sessionId}`, { headers: { cookie: b.cookie, ...html } })).status).toBe(404);
    expect((await post(b, `/app/sessions/${sessionId}/messages`, { content: 'hi' })).status).toBe(404);
    expect((await post(b, `/app/sessions/${sessionId}/cancel`, {})).status).toBe(404);
    expect((await post(b, `/app/agents/${agent.id}/chat/sessions`, {}, false)).status).toBe(404);
  });

  it('refuses a message post without the CSRF token', async () => {
    const a = await signup();
    const sessionId = await newConversation(a, (await helloWorld(a)).id);
    const res = await SELF.fetch(`${BASE}/app/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' },
      body: 'content=hi',
    });
    expect(res.status).toBe(403);
  });
});

describe('chat page attachments', () => {
  it('offers files a code tool produced as downloads, live and after a reload', async () => {
    const a = await signup();
    const agent = (await (
      await api('/api/v1/agents', { body: { name: 'Coder', model: 'edgent-test', runtime: 'container', tool_ids: ['tol_run_python'] }, as: a })
    ).json()) as any;
    const sessionId = await newConversation(a, agent.id);
    const code = "open('out.txt','w').write('<b>hi</b>')";
    const live = await (await post(a, `/app/sessions/${sessionId}/messages`, { content: `[[tool:run_python ${JSON.stringify({ code })}]]` })).text();
    expect(live).toContain('download="out.txt"');
    expect(live).toContain(`href="data:application/octet-stream;base64,${btoa('<b>hi</b>')}"`);
    const page = await (await getPage(a, `/app/agents/${agent.id}/chat?session=${sessionId}`)).text();
    expect(page).toContain('download="out.txt"');
  });
});

describe('first chat', () => {
  it('opens on a composer that starts the conversation with the first message (no "pick a conversation")', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const empty = await (await getPage(a, `/app/agents/${agent.id}/chat`)).text();
    expect(empty).not.toContain('Pick a conversation');
    expect(empty).toContain(`hx-post="/app/agents/${agent.id}/chat/messages"`);
    expect(empty).toContain('id="chat-session-id" name="session" value=""');

    const res = await post(a, `/app/agents/${agent.id}/chat/messages`, { content: 'Hi there [[reply:Hello from the first chat]]', session: '' });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    const sessionId = /name="session" value="(ses_[0-9a-z]+)"/.exec(text)![1]!;
    expect(text).toContain(`action="/app/sessions/${sessionId}/cancel"`); // Stop now reaches the new conversation
    expect(text).toContain('Hello from the first chat');
    expect(text).toContain(`hx-get="/app/sessions/${sessionId}/sidebar"`);

    // The next message goes to the same conversation; the Chat tab now opens it, titled by its first message.
    await (await post(a, `/app/agents/${agent.id}/chat/messages`, { content: '[[reply:second]]', session: sessionId })).text();
    const page = await (await getPage(a, `/app/agents/${agent.id}/chat`)).text();
    expect(page).toContain(`hx-post="/app/sessions/${sessionId}/messages"`);
    expect(page).toContain('Hello from the first chat');
    expect(page).toMatch(/chat-session-title">Hi there \[\[reply:Hello from the first chat\]\]</);
    const sidebar = await (await getPage(a, `/app/sessions/${sessionId}/sidebar`)).text();
    expect(sidebar).toContain('4 messages');
    expect(sidebar).toContain('aria-current="page"');
  });

  it('does not open an empty conversation of an older version (e.g. from before the agent had a model)', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const old = await newConversation(a, agent.id);
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { description: 'now with a model' }, as: a });
    const page = await (await getPage(a, `/app/agents/${agent.id}/chat`)).text();
    expect(page).toContain(`hx-post="/app/agents/${agent.id}/chat/messages"`);
    expect(page).not.toContain(`hx-post="/app/sessions/${old}/messages"`);
  });

  it('starts the conversation without JavaScript too', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const res = await post(a, `/app/agents/${agent.id}/chat/messages`, { content: '[[reply:No JS first chat]]' }, false);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/app/agents/${agent.id}/chat\\?session=ses_`));
    expect(await (await getPage(a, res.headers.get('location')!)).text()).toContain('No JS first chat');
  });

  it('reuses the newest empty conversation instead of piling up new ones', async () => {
    const a = await signup();
    const agent = await helloWorld(a);
    const first = await newConversation(a, agent.id);
    expect(await newConversation(a, agent.id)).toBe(first);
    await (await post(a, `/app/sessions/${first}/messages`, { content: '[[reply:ok]]' })).text();
    const second = await newConversation(a, agent.id);
    expect(second).not.toBe(first);
    // A new version of the agent: its empty conversation holds the old one, so a new conversation starts.
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { description: 'v2' }, as: a });
    expect(await newConversation(a, agent.id)).not.toBe(second);
  });

  it('shows a failed reply with its reason, Retry and a link to fix the connection, live and after a reload', async () => {
    const a = await signup();
    const con = (await (
      await api('/api/v1/connections', { body: { name: 'Down', kind: 'openai_compatible', base_url: 'http://127.0.0.1:9/v1', auth: { type: 'none' } }, as: a })
    ).json()) as any;
    const agent = (await (await api('/api/v1/agents', { body: { name: 'Unlucky', model: 'm', connection_id: con.id }, as: a })).json()) as any;
    const sessionId = await newConversation(a, agent.id);
    const live = await (await post(a, `/app/sessions/${sessionId}/messages`, { content: 'are you there?' })).text();
    expect(live).toContain('Could not connect to 127.0.0.1:9');
    expect(live).not.toContain('interrupted');
    expect(live).toContain(`hx-post="/app/sessions/${sessionId}/messages"`);
    expect(live).toContain('name="content" value="are you there?"');
    expect(live).toContain('href="/app/connections">Fix the connection');

    const messages = (await (await api(`/api/v1/sessions/${sessionId}/messages`, { as: a })).json()) as any;
    expect(messages.data).toMatchObject([
      { role: 'user', content: 'are you there?', status: 'failed' },
      { role: 'assistant', content: '', status: 'failed', error: { code: 'upstream_unreachable', message: expect.stringContaining('127.0.0.1:9') } },
    ]);
    const page = await (await getPage(a, `/app/agents/${agent.id}/chat?session=${sessionId}`)).text();
    expect(page).toContain('The reply failed');
    expect(page).toContain('name="content" value="are you there?"');
    expect(page).toContain(`name="_csrf" value="${a.csrf}"`);

    // Retry posts the same message again (the failed one stays out of the model's history).
    const again = await (await post(a, `/app/sessions/${sessionId}/messages`, { content: 'are you there?' })).text();
    expect(again).toContain('Could not connect to 127.0.0.1:9');
  });
});
