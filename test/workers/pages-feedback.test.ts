// Thumbs on answers in the pages (routes/pages/feedback.tsx, views/components/chat/answer-feedback.tsx): under every
// finished answer of the chat page (stored or streamed live) and of the builder's test panel, pressed state with
// aria-pressed, a comment form after thumbs-down, plain form posts without JavaScript, 404 for another tenant.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, api, createAgent, createSession, getPage, postForm, signup } from './helpers';

const json = async (res: Response) => (await res.json()) as any;

async function conversation(a: Account) {
  const agent = await createAgent(a, { name: 'Thumbs', instructions: 'x' });
  const s = await createSession(a, agent.id);
  await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[reply:A rated answer]]' }, as: a });
  const messages = (await json(await api(`/api/v1/sessions/${s.id}/messages`, { as: a }))).data;
  return { agentId: agent.id, sessionId: s.id, answerId: messages[1].id as string, userId: messages[0].id as string };
}

const action = (t: { sessionId: string }, messageId: string) => `/app/sessions/${t.sessionId}/messages/${messageId}/feedback`;
/** The aria-pressed of the thumb labelled `label` in `html`. */
const pressed = (html: string, label: string) => new RegExp(`aria-pressed="(true|false)"[^>]*aria-label="${label}"`).exec(html)?.[1];

describe('thumbs on the chat page', () => {
  it('shows both thumbs under a stored answer, not under the question, and keeps a plain-form rating across reloads', async () => {
    const a = await signup();
    const t = await conversation(a);
    const page = await (await getPage(a, `/app/agents/${t.agentId}/chat?session=${t.sessionId}`)).text();
    expect(page).toContain(`id="fb-${t.answerId}"`);
    expect(page).not.toContain(`id="fb-${t.userId}"`);
    expect(pressed(page, 'Good answer')).toBe('false');
    expect(pressed(page, 'Bad answer')).toBe('false');
    const res = await postForm(a, action(t, t.answerId), { rating: 'up' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/agents/${t.agentId}/chat?session=${t.sessionId}#msg-${t.answerId}`);
    const again = await (await getPage(a, `/app/agents/${t.agentId}/chat?session=${t.sessionId}`)).text();
    expect(pressed(again, 'Good answer')).toBe('true');
    expect(pressed(again, 'Bad answer')).toBe('false');
    // The pressed thumb clears the rating.
    expect(again).toMatch(/value="clear"[^>]*aria-pressed="true"[^>]*aria-label="Good answer"/);
  });

  it('answers htmx with the thumbs block: thumbs-down opens the comment form, whose comment is stored', async () => {
    const a = await signup();
    const t = await conversation(a);
    const down = await (await postForm(a, action(t, t.answerId), { rating: 'down' }, { htmx: true })).text();
    expect(pressed(down, 'Bad answer')).toBe('true');
    expect(down).toContain('What was wrong? (optional)');
    expect(down).toContain('Thanks for the feedback');
    const commented = await (await postForm(a, action(t, t.answerId), { rating: 'down', comment: 'It <b>guessed</b>' }, { htmx: true })).text();
    expect(commented).toContain('It &lt;b&gt;guessed&lt;/b&gt;');
    expect(commented).not.toContain('What was wrong?');
    const row = await env.DB.prepare('select rating, comment, source from message_feedback where tenant_id = ?').bind(a.tenant.id).first();
    expect(row).toEqual({ rating: 'down', comment: 'It <b>guessed</b>', source: 'app' });
    const cleared = await (await postForm(a, action(t, t.answerId), { rating: 'clear' }, { htmx: true })).text();
    expect(pressed(cleared, 'Bad answer')).toBe('false');
    expect(await env.DB.prepare('select count(*) as n from message_feedback where tenant_id = ?').bind(a.tenant.id).first()).toEqual({ n: 0 });
  });

  it('puts thumbs under an answer streamed live, with its stored id', async () => {
    const a = await signup();
    const t = await conversation(a);
    const sse = await (await postForm(a, `/app/sessions/${t.sessionId}/messages`, { content: '[[reply:Live answer]]' }, { sse: true })).text();
    const messages = (await json(await api(`/api/v1/sessions/${t.sessionId}/messages`, { as: a }))).data;
    const live = messages[3].id;
    expect(sse).toContain(`id="fb-${live}"`);
    expect(sse).toContain(`hx-post="${action(t, live)}"`);
    expect(sse).toContain('aria-label="Good answer"');
  });

  it('refuses a bad rating (400), a user message (400), and answers 404 for another tenant', async () => {
    const a = await signup();
    const b = await signup('Other Inc');
    const t = await conversation(a);
    expect((await postForm(a, action(t, t.answerId), { rating: 'meh' }, { htmx: true })).status).toBe(400);
    expect((await postForm(a, action(t, t.userId), { rating: 'up' }, { htmx: true })).status).toBe(400);
    expect((await postForm(b, action(t, t.answerId), { rating: 'up' }, { htmx: true })).status).toBe(404);
    expect((await postForm(b, action(t, t.answerId), { rating: 'meh' }, { htmx: true })).status).toBe(404);
    expect(await env.DB.prepare('select count(*) as n from message_feedback where tenant_id in (?, ?)').bind(a.tenant.id, b.tenant.id).first()).toEqual({
      n: 0,
    });
  });
});

describe('thumbs in the builder test panel', () => {
  it('streams thumbs under the test answer, rated into the draft conversation', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Draft', instructions: 'x' });
    const fields = {
      name: 'Draft',
      description: '',
      instructions: 'x',
      model: 'edgent-test',
      connection_id: '',
      temperature: '',
      max_steps: '4',
      runtime: 'edge',
      test_session: '',
      test_message: '[[reply:Test answer]]',
    };
    const sse = await (await postForm(a, `/app/agents/${agent.id}/test`, fields, { sse: true })).text();
    const m = /hx-post="\/app\/sessions\/(ses_[0-9a-z]+)\/messages\/(msg_[0-9a-z]+)\/feedback"/.exec(sse);
    expect(m).toBeTruthy();
    const res = await postForm(a, `/app/sessions/${m![1]}/messages/${m![2]}/feedback`, { rating: 'up' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/agents/${agent.id}`);
    expect(await env.DB.prepare('select rating from message_feedback where tenant_id = ?').bind(a.tenant.id).first()).toEqual({ rating: 'up' });
  });
});
