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
    expect(frames[frames.length - 1]).toContain('<strong>done</strong>'); // final markdown replaces the stream
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
