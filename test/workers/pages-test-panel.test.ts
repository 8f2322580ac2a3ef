// The builder's test panel (routes/pages/test-panel.tsx): a message carries the unsaved draft and streams the reply
// as htmx SSE fragments from a draft session (hidden from lists, reused while the draft is the same), invalid
// drafts are refused in the panel, a plain post works without JavaScript, and another tenant gets 404.
import { describe, expect, it } from 'vitest';
import { type Account, api, createAgent, getPage, postForm, signup } from './helpers';

const draft = (over: Record<string, string | string[]> = {}) => ({
  name: 'Draft bot',
  description: '',
  instructions: 'You are the draft of {{team}}.',
  'var.team': 'Support',
  model: 'edgent-test',
  connection_id: '',
  temperature: '',
  max_steps: '4',
  runtime: 'edge',
  tool_ids: ['tol_current_time'],
  test_session: '',
  test_message: '[[echo:system]]',
  ...over,
});

const sessionOf = (sse: string) =>
  /id="test-session"[^>]*value="(ses_[0-9a-z]+)"/.exec(sse)?.[1] ?? /value="(ses_[0-9a-z]+)"[^>]*id="test-session"/.exec(sse)?.[1];

async function send(a: Account, agentId: string, fields: Record<string, string | string[]>) {
  const res = await postForm(a, `/app/agents/${agentId}/test`, fields, { sse: true });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  return res.text();
}

describe('test panel', () => {
  it('chats with the unsaved draft and streams the reply as fragments, without saving anything', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Saved bot', instructions: 'Saved instructions' });
    const sse = await send(a, agent.id, draft());
    expect(sse).not.toMatch(/^event:/m);
    expect(sse).toContain('hx-target="#test-session"');
    expect(sse).toContain('You are the draft of Support.'); // the draft's instructions reached the model
    expect(sse).toContain('View the trace of this test');
    expect(((await (await api(`/api/v1/agents/${agent.id}`, { as: a })).json()) as any).version).toBe(1);
    const s = sessionOf(sse)!;
    const session = (await (await api(`/api/v1/sessions/${s}`, { as: a })).json()) as any;
    expect(session.metadata).toMatchObject({ draft: true, base_version: 1 });
    const listed = (await (await api(`/api/v1/sessions?agent_id=${agent.id}`, { as: a })).json()) as any;
    expect(listed.data).toEqual([]); // drafts stay out of the conversation lists
  });

  it('keeps the conversation while the draft is unchanged and starts a new one when it changes', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const first = sessionOf(await send(a, agent.id, draft({ test_message: 'one' })))!;
    const same = await send(a, agent.id, draft({ test_session: first, test_message: 'two' }));
    expect(sessionOf(same)).toBe(first);
    const changed = await send(a, agent.id, draft({ test_session: first, instructions: 'New {{team}}!', test_message: 'three' }));
    expect(sessionOf(changed)).not.toBe(first);
    expect(changed).toContain('You changed the draft');
  });

  it('refuses an invalid draft or an empty message in the panel, and works as a plain post', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const invalid = await postForm(a, `/app/agents/${agent.id}/test`, draft({ model: '' }), { sse: true });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('Fix the form before testing: Choose a model');
    const empty = await postForm(a, `/app/agents/${agent.id}/test`, draft({ test_message: ' ' }), { sse: true });
    expect(await empty.text()).toContain('Write a test message first.');
    const plain = await postForm(a, `/app/agents/${agent.id}/test`, draft({ test_message: '[[reply:No JS here]]' }));
    expect(plain.status).toBe(200);
    const page = await plain.text();
    expect(page).toContain('No JS here');
    expect(page).toContain('value="Draft bot"'); // the draft is kept, unsaved
    expect(page).toMatch(/id="test-session"[^>]*value="ses_/);
  });

  it('resets to a new test conversation', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const res = await postForm(a, `/app/agents/${agent.id}/test/reset`, draft(), { htmx: true });
    const html = await res.text();
    expect(html).toContain('Try your draft');
    expect(html).toContain('hx-target="#test-session"');
  });

  it("answers 404 for another tenant's agent, and never reuses another tenant's session", async () => {
    const a = await signup();
    const b = await signup();
    const agent = await createAgent(a);
    const s = sessionOf(await send(a, agent.id, draft()))!;
    for (const path of ['/test', '/test/reset', '/test/cancel'])
      expect((await postForm(b, `/app/agents/${agent.id}${path}`, draft(), { htmx: true })).status).toBe(404);
    const mine = await createAgent(b);
    const sse = await send(b, mine.id, draft({ test_session: s }));
    expect(sessionOf(sse)).not.toBe(s);
    expect((await getPage(b, `/app/sessions/${s}`)).status).toBe(404);
  });
});
