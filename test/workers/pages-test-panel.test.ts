// The builder's test panel (routes/pages/test-panel.tsx): a message carries the unsaved draft and streams the reply
// as htmx SSE fragments from a draft session (hidden from lists, reused while the draft is the same), invalid
// drafts are refused in the panel, a plain post works without JavaScript, and another tenant gets 404. Files: a
// multipart message carries a file when the draft accepts files (checked against the draft, refusals in the panel).
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, BASE, api, createAgent, getPage, postForm, signup } from './helpers';

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

/** The panel's Send as htmx posts it with a file: multipart, the draft's fields and `test_file`. */
function sendFile(a: Account, agentId: string, fields: Record<string, string | string[]>, file: File | null, htmx = true) {
  const body = new FormData();
  body.append('_csrf', a.csrf);
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  body.append('test_file', file ?? new File([], '', { type: 'application/octet-stream' }));
  return SELF.fetch(`${BASE}/app/agents/${agentId}/test`, {
    method: 'POST',
    headers: { cookie: a.cookie, accept: 'text/html, text/event-stream', ...(htmx ? { 'hx-request': 'true' } : {}) },
    body,
    redirect: 'manual',
  });
}
const FILES_ON = { attachments_enabled: 'on', attachment_types: ['md', 'csv'], attachment_max_mb: '0.1' };
const NOTES = new File(['# Delivery notes\n\nThe blue van leaves the depot at 06:40 on Tuesdays.\n'], 'delivery-notes.md', { type: 'text/markdown' });

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

  it('shows the paperclip only while the draft accepts files, with its types and size', async () => {
    const a = await signup();
    const off = await createAgent(a);
    const page = await (await getPage(a, `/app/agents/${off.id}`)).text();
    expect(page).toMatch(/<span class="test-attach" id="test-attach" hidden/);
    expect(page).toContain('src="/assets/test-files.js"');
    expect(page).toContain('formenctype="multipart/form-data"');
    const on = await createAgent(a, { attachments: { enabled: true, types: ['md', 'csv'], max_bytes: 100_000 } });
    const html = await (await getPage(a, `/app/agents/${on.id}`)).text();
    expect(html).not.toMatch(/id="test-attach" hidden/);
    expect(html).toContain('accept=".md,.csv"');
    // The panel follows the form, whose size field holds MB to one decimal (0.1 MB), as the draft it sends does.
    expect(html).toContain('Attach a file (MD, CSV, up to 102.4 KB)');
  });

  it('sends a file with a test message: the model reads it and the sent message shows its chip', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    // Files are on in the unsaved draft only: the saved agent takes none.
    const res = await sendFile(a, agent.id, draft({ ...FILES_ON, test_message: '[[echo:user]] When does the van leave?' }), NOTES);
    expect(res.status).toBe(200);
    const sse = await res.text();
    expect(sse).toContain('06:40 on Tuesdays');
    // The sent message's chip downloads the original kept for it.
    expect(sse).toMatch(/class="file-chip file-chip-link" href="\/api\/v1\/sessions\/ses_[0-9a-z]+\/files\/fil_[0-9a-z]+"[^>]*>[\s\S]*delivery-notes\.md/);
    // A file alone is a message; without a file, the multipart post is the same as a text one.
    const alone = await sendFile(a, agent.id, draft({ ...FILES_ON, test_message: '' }), NOTES);
    expect(alone.status).toBe(200);
    expect(await alone.text()).toContain('delivery-notes.md');
    const text = await sendFile(a, agent.id, draft({ ...FILES_ON, test_message: '[[reply:plain text]]' }), null);
    expect(await text.text()).toContain('plain text');
    // Without JavaScript (the form's multipart post): the builder page comes back with the file on the message.
    const plain = await sendFile(a, agent.id, draft({ ...FILES_ON, test_message: '[[echo:user]] and again?' }), NOTES, false);
    expect(plain.status).toBe(200);
    const page = await plain.text();
    expect(page).toMatch(/class="file-chip file-chip-link"[^>]*>[\s\S]*delivery-notes\.md/);
    expect(page).toContain('and again?');
  });

  it('refuses a file the draft does not take, in the panel: files off 415, another type 415, too large 413, unreadable 400', async () => {
    const a = await signup();
    const agent = await createAgent(a, { attachments: { enabled: true, types: ['md'], max_bytes: 100_000 } });
    const refusal = async (res: Response, status: number, words: RegExp) => {
      expect(res.status).toBe(status);
      const html = await res.text();
      expect(html).toMatch(words);
      expect(html).not.toContain('event-stream');
    };
    // The saved agent takes Markdown, but the draft being tested has files off: the draft decides.
    await refusal(await sendFile(a, agent.id, draft({ test_message: 'hi' }), NOTES), 415, /does not accept files/);
    const json = new File(['{"a":1}'], 'rows.json', { type: 'application/json' });
    await refusal(
      await sendFile(a, agent.id, draft({ ...FILES_ON, test_message: 'hi' }), json),
      415,
      /\.json files are not accepted here\. This agent accepts MD, CSV files\./,
    );
    const big = new File(['# Big\n\n' + 'x'.repeat(200_000)], 'big.md', { type: 'text/markdown' });
    await refusal(await sendFile(a, agent.id, draft({ ...FILES_ON, test_message: 'hi' }), big), 413, /accepts files up to 102\.4 KB/);
    const empty = new File(['   \n'], 'empty.md', { type: 'text/markdown' });
    await refusal(await sendFile(a, agent.id, draft({ ...FILES_ON, test_message: 'hi' }), empty), 400, /empty\.md has no text to read/);
  });

  it("answers 404 for another tenant's agent when a file is sent", async () => {
    const a = await signup();
    const b = await signup();
    const agent = await createAgent(a, { attachments: { enabled: true, types: ['md'], max_bytes: 100_000 } });
    expect((await sendFile(b, agent.id, draft({ ...FILES_ON, test_message: 'hi' }), NOTES)).status).toBe(404);
  });
});
