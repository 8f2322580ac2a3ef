// Files in chat, the originals (issue 19 §2, §3): the bytes a person attached are kept in R2 under
// `${tenant}/chat/${session}/${file_id}` (services/chat-originals.ts), downloadable byte for byte from the sessions
// API, the widget and share links (each only for its own conversation), given to code tools at uploads/<name>, capped
// by the plan's `chat_file_bytes`, and deleted with their conversation (deleted, or ended with its agent).
import { SELF, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import reportPdf from '../fixtures/knowledge/report.pdf?inline';
import { SessionStore } from '../../durable-objects/session-store';
import { FileChip } from '../../views/components/chat/file-chip';
import { sessionStub } from '../../worker/services/session-stub';
import { type Account, type Caller, BASE, api, apiKey, createAgent, createEmbedKey, createSession, expectError, readSse, signup, uniqueIp } from './helpers';
import { form, messagesOf, postForm } from './helpers/multipart';
import { subscribe } from './helpers/stripe';
import { Edgent } from '../../sdk/src';

const bytesOf = (dataUrl: string) => Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));
const ON = { enabled: true, types: ['txt', 'md', 'html', 'pdf', 'docx', 'csv', 'json'], max_bytes: 10 * 1024 * 1024 };
const MB = 1024 * 1024;
const SITE = 'https://shop.example.com';

const keysUnder = async (prefix: string) => (await env.ORIGINALS.list({ prefix })).objects.map((o) => o.key);
const chatPrefix = (a: Account, session: string) => `${a.tenant.id}/chat/${session}/`;

/** Sends `file` on a new message of `session` (JSON answer) and answers the stored user message's file chip. */
async function attach(a: Account, session: string, file: { name: string; type?: string; body: string | Uint8Array }, content = 'Here') {
  const res = await postForm(`/api/v1/sessions/${session}/messages`, form({ content }, file), a);
  expect(res.status, await res.clone().text()).toBe(200);
  const users = (await messagesOf(a, session)).filter((m) => m.role === 'user');
  return users.at(-1)!.file as { id: string; name: string; content_type: string; bytes: number };
}

describe('the original of a file in chat', () => {
  it('is kept in R2 under the conversation and downloads byte for byte, as an attachment that cannot run', async () => {
    const a = await signup();
    const session = await createSession(a, (await createAgent(a, { attachments: ON })).id);
    const pdf = bytesOf(reportPdf);
    const file = await attach(a, session.id, { name: 'report ü.pdf', type: 'application/pdf', body: pdf });
    expect(file.id).toMatch(/^fil_[0-9a-z]{24}$/);
    expect(await keysUnder(chatPrefix(a, session.id))).toEqual([`${chatPrefix(a, session.id)}${file.id}`]);
    const object = await env.ORIGINALS.head(`${chatPrefix(a, session.id)}${file.id}`);
    expect(object?.httpMetadata?.contentType).toBe('application/pdf');
    expect(object?.customMetadata?.filename).toBe('report ü.pdf');

    const res = await api(`/api/v1/sessions/${session.id}/files/${file.id}`, { as: a });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="report _.pdf"; filename*=UTF-8''report%20%C3%BC.pdf`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');

    // HTML (or anything not plainly inert) is never served as itself in our origin.
    const html = await attach(a, session.id, { name: 'page.html', type: 'text/html', body: '<h1>Hi</h1><script>alert(1)</script><p>Text to read.</p>' });
    const page = await api(`/api/v1/sessions/${session.id}/files/${html.id}`, { as: a });
    expect(page.headers.get('content-type')).toBe('application/octet-stream');
    expect(await page.text()).toBe('<h1>Hi</h1><script>alert(1)</script><p>Text to read.</p>');
  });

  it("answers 404 for another tenant's session, another conversation's file, an unknown or malformed id", async () => {
    const a = await signup();
    const b = await signup('Other Org');
    const agent = await createAgent(a, { attachments: ON });
    const session = await createSession(a, agent.id);
    const other = await createSession(a, agent.id);
    const file = await attach(a, session.id, { name: 'notes.md', body: '# Notes\n\nMine.' });
    await expectError(await api(`/api/v1/sessions/${session.id}/files/${file.id}`, { as: b }), 404, 'not_found');
    // B's own conversation cannot name A's file either.
    const bSession = await createSession(b, (await createAgent(b, { attachments: ON })).id);
    await expectError(await api(`/api/v1/sessions/${bSession.id}/files/${file.id}`, { as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/sessions/${other.id}/files/${file.id}`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/sessions/${session.id}/files/fil_000000000000000000000000`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/sessions/${session.id}/files/..%2F..%2Fx`, { as: a }), 404, 'not_found');
  });

  it('a message from before originals were kept shows its chip without a link and has nothing to download', async () => {
    const a = await signup();
    const session = await createSession(a, (await createAgent(a, { attachments: ON })).id);
    // A stored message as older versions wrote it: a file without an id.
    const stub = sessionStub(env, a.tenant.id, session.id);
    await runInDurableObject(stub, (_o, state) => {
      new SessionStore(state.storage.sql).addMessage({
        id: 'msg_0000000000oldfilemessage0',
        turn_id: 'trn_old',
        role: 'user',
        content: 'Old',
        status: 'completed',
        file: { name: 'old.md', content_type: 'text/markdown', bytes: 5, truncated: false, text: 'Old.' },
      });
    });
    const [old] = await messagesOf(a, session.id);
    expect(old.file).toEqual({ name: 'old.md', content_type: 'text/markdown', bytes: 5, truncated: false });
    const chip = String(FileChip({ file: old.file, sessionId: session.id }));
    expect(chip).not.toContain('<a');
    expect(chip).toContain('old.md');
    const linked = String(FileChip({ file: { ...old.file, id: 'fil_0000000000000000000000ab' }, sessionId: session.id }));
    expect(linked).toContain(`href="/api/v1/sessions/${session.id}/files/fil_0000000000000000000000ab"`);
  });

  it('is dropped when the message is refused before its turn (409 while a reply is written)', async () => {
    const a = await signup();
    const session = await createSession(a, (await createAgent(a, { attachments: ON })).id);
    const running = await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: '[[stall:1]] Go', stream: true }, as: a });
    expect(running.status).toBe(200);
    const refused = await postForm(`/api/v1/sessions/${session.id}/messages`, form({ content: 'And this' }, { name: 'n.md', body: '# N\n\nText.' }), a);
    await expectError(refused, 409, 'conflict');
    expect(await keysUnder(chatPrefix(a, session.id))).toEqual([]);
    await api(`/api/v1/sessions/${session.id}/cancel`, { method: 'POST', as: a });
    await running.body?.cancel();
  });
});

describe('the SDK', () => {
  it('sessions.downloadFile answers the original', async () => {
    const a = await signup();
    const session = await createSession(a, (await createAgent(a, { attachments: ON })).id);
    const file = await attach(a, session.id, { name: 'rows.csv', type: 'text/csv', body: 'a,b\n1,2\n' });
    const edgent = new Edgent({ apiKey: await apiKey(a), baseUrl: BASE, fetch: (url, init) => SELF.fetch(url, init) });
    expect(await (await edgent.sessions.downloadFile(session.id, file.id)).text()).toBe('a,b\n1,2\n');
  });
});

describe('the chat page', () => {
  it("draws the file's chip as a download link", async () => {
    const a = await signup();
    const agent = await createAgent(a, { attachments: ON });
    const session = await createSession(a, agent.id);
    const file = await attach(a, session.id, { name: 'notes.md', body: '# Notes\n\nThe van leaves at 06:40.' });
    const page = await (await SELF.fetch(`${BASE}/app/agents/${agent.id}/chat?session=${session.id}`, { headers: { cookie: a.cookie } })).text();
    expect(page).toContain(`href="/api/v1/sessions/${session.id}/files/${file.id}"`);
    expect(page).toContain('download="notes.md"');
    // The browser's session cookie downloads it (a GET: no CSRF token needed).
    const res = await SELF.fetch(`${BASE}/api/v1/sessions/${session.id}/files/${file.id}`, { headers: { cookie: a.cookie } });
    expect(await res.text()).toBe('# Notes\n\nThe van leaves at 06:40.');
  });
});

describe('widget and share-link visitors', () => {
  async function widgetVisitor(pk: string) {
    const ip = uniqueIp();
    const open = await SELF.fetch(`${BASE}/embed/v1/${pk}/sessions`, { method: 'POST', headers: { origin: SITE, 'cf-connecting-ip': ip } });
    const { token, session_id: id } = (await open.json()) as any;
    return { token, id, ip, origin: SITE };
  }
  const visitorGet = (path: string, v: { token: string; ip: string; origin?: string }) =>
    SELF.fetch(BASE + path, { headers: { authorization: `Bearer ${v.token}`, 'cf-connecting-ip': v.ip, ...(v.origin ? { origin: v.origin } : {}) } });

  it('a widget visitor downloads the files of their own conversation only', async () => {
    const a = await signup();
    const key = await createEmbedKey(a, (await createAgent(a, { attachments: ON })).id, { allowed_origins: [SITE] });
    const mine = await widgetVisitor(key.public_key);
    const theirs = await widgetVisitor(key.public_key);
    const sent = await postForm(
      `/embed/v1/${key.public_key}/sessions/${mine.id}/messages`,
      form({ content: 'Read' }, { name: 'a.csv', body: 'x,y\n1,2\n' }),
      mine,
    );
    expect(sent.status).toBe(200);
    await readSse(sent);
    const history = await visitorGet(`/embed/v1/${key.public_key}/sessions/${mine.id}/messages`, mine);
    const fileId = ((await history.json()) as any).data[0].file.id as string;
    expect(fileId).toMatch(/^fil_/);
    const ok = await visitorGet(`/embed/v1/${key.public_key}/sessions/${mine.id}/files/${fileId}`, mine);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/csv');
    // The page on the visitor's site reads it (CORS, as every widget answer).
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(await ok.text()).toBe('x,y\n1,2\n');
    // Another visitor: their token does not open this conversation, and their own conversation has no such file.
    await expectError(await visitorGet(`/embed/v1/${key.public_key}/sessions/${mine.id}/files/${fileId}`, theirs), 401);
    await expectError(await visitorGet(`/embed/v1/${key.public_key}/sessions/${theirs.id}/files/${fileId}`, theirs), 404, 'not_found');
  });

  it('a share-link visitor downloads their own file; another visitor cannot', async () => {
    const a = await signup();
    const agent = await createAgent(a, { attachments: ON, visibility: 'link' });
    const { url } = (await (await api(`/api/v1/agents/${agent.id}/share-link`, { as: a })).json()) as any;
    const path = new URL(url).pathname;
    const open = async () => {
      const ip = uniqueIp();
      const r = (await (await SELF.fetch(`${BASE}${path}/api/sessions`, { method: 'POST', headers: { 'cf-connecting-ip': ip } })).json()) as any;
      return { token: r.token as string, id: r.session_id as string, ip };
    };
    const mine = await open();
    const theirs = await open();
    const sent = await postForm(`${path}/api/sessions/${mine.id}/messages`, form({ content: 'Read' }, { name: 'b.md', body: '# B\n\nBee.' }), mine);
    await readSse(sent);
    const fileId = ((await (await visitorGet(`${path}/api/sessions/${mine.id}/messages`, mine)).json()) as any).data[0].file.id as string;
    const ok = await visitorGet(`${path}/api/sessions/${mine.id}/files/${fileId}`, mine);
    expect(await ok.text()).toBe('# B\n\nBee.');
    await expectError(await visitorGet(`${path}/api/sessions/${mine.id}/files/${fileId}`, theirs), 401);
    await expectError(await visitorGet(`${path}/api/sessions/${theirs.id}/files/${fileId}`, theirs), 404, 'not_found');
  });
});

describe("the plan's cap on a chat file (chat_file_bytes)", () => {
  it('refuses a 6 MB file on Free naming the plan, and takes it on Pro; the agent’s own lower limit is named as the agent’s', async () => {
    const a = await signup();
    const session = await createSession(a, (await createAgent(a, { attachments: ON })).id);
    const big = { name: 'big.txt', type: 'text/plain', body: 'Six megabytes of ledger lines.\n'.repeat(Math.ceil((6 * MB) / 31)).slice(0, 6 * MB) };
    const refused = await postForm(`/api/v1/sessions/${session.id}/messages`, form({ content: 'Read' }, big), a);
    const e = await expectError(refused, 413, 'payload_too_large');
    expect(e.message).toBe('The file is 6 MB; your Free plan accepts files up to 5 MB.');
    expect(e.details?.[0]?.message).toContain('chat_file_bytes');
    expect(await keysUnder(chatPrefix(a, session.id))).toEqual([]);

    await subscribe(a, 'pro');
    const taken = await postForm(`/api/v1/sessions/${session.id}/messages`, form({ content: 'Read' }, big), a);
    expect(taken.status, await taken.clone().text()).toBe(200);
    expect((await keysUnder(chatPrefix(a, session.id))).length).toBe(1);
    const billing = (await (await api('/api/v1/billing', { as: a })).json()) as any;
    expect(billing.chat_file_bytes).toBe(10 * MB);

    // An agent limit below the plan's is the one named.
    const small = await createSession(a, (await createAgent(a, { attachments: { ...ON, max_bytes: 1 * MB } })).id);
    const overAgent = await postForm(`/api/v1/sessions/${small.id}/messages`, form({ content: 'Read' }, big), a);
    expect((await expectError(overAgent, 413, 'payload_too_large')).message).toBe('The file is 6 MB; this agent accepts files up to 1 MB.');
  });
});

describe('code tools and the files of their conversation', () => {
  const callTool = (name: string, args: Record<string, unknown>) => `[[tool:${name} ${JSON.stringify(args)}]]`;

  it('find each file at uploads/<name> (names made unique) and the model is told so', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Coder', runtime: 'container', tool_ids: ['tol_run_python', 'tol_run_javascript'], attachments: ON });
    const session = await createSession(a, agent.id);
    const echo = await postForm(
      `/api/v1/sessions/${session.id}/messages`,
      form({ content: '[[echo:user]]' }, { name: 'sales.csv', body: 'item,amount\npens,12\ncups,30\n' }),
      a,
    );
    expect(((await echo.json()) as any).message.content).toContain('also available to code tools at uploads/sales.csv');

    // Python sums the amount column of the file as it was attached.
    const code = "import csv\nrows = list(csv.DictReader(open('uploads/sales.csv')))\nprint('total', sum(int(r['amount']) for r in rows))";
    const res = await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: `Sum it ${callTool('run_python', { code })}`, stream: true }, as: a });
    const result = (await readSse(res)).find((e) => e.event === 'tool.result')!.data;
    expect(JSON.parse(result.output)).toMatchObject({ exit_code: 0, stdout: 'total 42\n' });

    // A second file of the same name is uploads/sales (2).csv; JavaScript reads both.
    await postForm(`/api/v1/sessions/${session.id}/messages`, form({ content: 'More' }, { name: 'sales.csv', body: 'item,amount\nink,100\n' }), a);
    const js =
      "const fs = require('fs'); console.log(fs.readdirSync('uploads').sort().join('|')); console.log(fs.readFileSync('uploads/sales (2).csv', 'utf8').split('\\n')[1]);";
    const res2 = await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: callTool('run_javascript', { code: js }), stream: true }, as: a });
    const out = JSON.parse((await readSse(res2)).find((e) => e.event === 'tool.result')!.data.output);
    expect(out).toMatchObject({ exit_code: 0, stdout: 'sales (2).csv|sales.csv\nink,100\n' });
    // The uploads are inputs, not produced files: none comes back as an attachment.
    expect(out.files).toBeUndefined();
  });

  it('an agent without code tools is not told of uploads/', async () => {
    const a = await signup();
    const session = await createSession(a, (await createAgent(a, { attachments: ON })).id);
    const res = await postForm(`/api/v1/sessions/${session.id}/messages`, form({ content: '[[echo:user]]' }, { name: 'a.md', body: '# A\n\nAy.' }), a);
    expect(((await res.json()) as any).message.content).not.toContain('uploads/');
  });
});

describe('deleting', () => {
  it('a conversation deletes its originals', async () => {
    const a = await signup();
    const agent = await createAgent(a, { attachments: ON });
    const session = await createSession(a, agent.id);
    const kept = await createSession(a, agent.id);
    await attach(a, session.id, { name: 'a.md', body: '# A\n\nAy.' });
    await attach(a, kept.id, { name: 'b.md', body: '# B\n\nBee.' });
    expect((await keysUnder(chatPrefix(a, session.id))).length).toBe(1);
    expect((await api(`/api/v1/sessions/${session.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect(await keysUnder(chatPrefix(a, session.id))).toEqual([]);
    expect((await keysUnder(chatPrefix(a, kept.id))).length).toBe(1);
  });

  it("an agent deletes its conversations' originals", async () => {
    const a = await signup();
    const agent = await createAgent(a, { attachments: ON });
    const other = await createAgent(a, { attachments: ON });
    const one = await createSession(a, agent.id);
    const two = await createSession(a, agent.id);
    const kept = await createSession(a, other.id);
    await attach(a, one.id, { name: 'a.md', body: '# A\n\nAy.' });
    await attach(a, two.id, { name: 'b.md', body: '# B\n\nBee.' });
    await attach(a, kept.id, { name: 'c.md', body: '# C\n\nSea.' });
    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect(await keysUnder(chatPrefix(a, one.id))).toEqual([]);
    expect(await keysUnder(chatPrefix(a, two.id))).toEqual([]);
    expect(await keysUnder(`${a.tenant.id}/chat/`)).toEqual([`${chatPrefix(a, kept.id)}${(await messagesOf(a, kept.id))[0].file.id}`]);
  });
});
