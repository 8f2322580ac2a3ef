// Knowledge pages (worker/routes/pages/knowledge.tsx, worker/routes/pages/knowledge-documents.tsx,
// views/pages/knowledge-*.tsx): the list with its empty state and "New knowledge base" form, settings and delete, the
// retrieval test (a page and an htmx fragment), documents added three ways (errors back on their form), the polling
// table, a document's passages with their anchors; user content is escaped, another tenant's base or document is a
// 404 page, and viewers read and test but change nothing.
import { describe, expect, it, vi } from 'vitest';
import { KbDocuments } from '../../views/pages/knowledge-base-page';
import { KbDocBody } from '../../views/pages/knowledge-document-page';
import { addPerson } from './helpers/people';
import { type Account, api, createConnection, expectNotFound, getPage, post, postForm, postMultipart, signup } from './helpers';

type Kb = { id: string; name: string; description: string | null; connection_id: string | null; embedding_model: string; document_count: number };

const newKb = (a: Account, body: Record<string, unknown> = {}) => post<Kb>(a, '/api/v1/knowledge-bases', { name: 'Support handbook', ...body });
const kbOf = async (a: Account, id: string) => (await (await api(`/api/v1/knowledge-bases/${id}`, { as: a })).json()) as Kb;
/** Waits until the queue consumer has finished with the document (ready or failed). */
const waitReady = (a: Account, kb: string, doc: string) =>
  vi.waitFor(
    async () => {
      const d = (await (await api(`/api/v1/knowledge-bases/${kb}/documents/${doc}`, { as: a })).json()) as { status: string; error: string | null };
      if (d.status !== 'ready' && d.status !== 'failed') throw new Error(`still ${d.status}`);
      return d;
    },
    { timeout: 20_000, interval: 100 },
  );
const html = async (a: Account, path: string, status = 200) => {
  const res = await getPage(a, path);
  expect(res.status, path).toBe(status);
  return res.text();
};

describe('knowledge pages', () => {
  it('explains what a knowledge base is when there is none, creates one from the form and lists it', async () => {
    const a = await signup('Knowledge pages');
    const empty = await html(a, '/app/knowledge');
    expect(empty).toContain('No knowledge bases yet');
    expect(empty).toContain('search_knowledge');
    expect(empty).toContain('href="/app/knowledge"');
    expect(empty).toContain('Create knowledge base');

    const conn = await createConnection(a, { name: 'Embedder', kind: 'openai_compatible', base_url: 'https://llm.example.test/v1' });
    expect(empty).not.toContain('Embedder');
    const list = await html(a, '/app/knowledge');
    expect(list).toMatch(new RegExp(`<option value="${conn.id}"[^>]*>Embedder</option>`));

    const res = await postForm(a, '/app/knowledge', {
      name: 'Refund policies',
      description: 'How refunds work',
      connection_id: conn.id,
      embedding_model: 'bge-small',
    });
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.match(/^\/app\/knowledge\/(kb_[0-9a-z]+)\?notice=kb_created$/)![1]!;
    expect(await kbOf(a, id)).toMatchObject({ name: 'Refund policies', description: 'How refunds work', connection_id: conn.id, embedding_model: 'bge-small' });
    const page = await html(a, `/app/knowledge/${id}?notice=kb_created`);
    expect(page).toContain('Knowledge base created');
    expect(page).toContain('No documents yet');
    const after = await html(a, '/app/knowledge');
    expect(after).toContain(`href="/app/knowledge/${id}"`);
    expect(after).toContain('How refunds work');
    expect(after).not.toContain('No knowledge bases yet');
  });

  it('keeps what was typed and names the field when the form is wrong', async () => {
    const a = await signup('Knowledge errors');
    await newKb(a, { name: 'Taken' });
    const dup = await postForm(a, '/app/knowledge', { name: 'Taken', description: 'kept text', connection_id: '', embedding_model: '' });
    expect(dup.status).toBe(400);
    const body = await dup.text();
    expect(body).toMatch(/id="kb-name-error"[^>]*>.*is taken/s);
    expect(body).toContain('kept text');
    const http = await createConnection(a, { name: 'Plain API', kind: 'http', base_url: 'https://api.example.test' });
    const wrong = await postForm(a, '/app/knowledge', { name: 'Other', connection_id: http.id, embedding_model: 'bad model!' });
    expect(wrong.status).toBe(400);
    const text = await wrong.text();
    expect(text).toMatch(/id="kb-model-error"/);
  });

  it('escapes user content: a base named <script> shows as text on every page', async () => {
    const a = await signup('Knowledge XSS');
    const kb = await newKb(a, { name: '<script>alert(1)</script>', description: '<img src=x onerror=alert(2)>' });
    for (const path of ['/app/knowledge', `/app/knowledge/${kb.id}`, `/app/knowledge/${kb.id}/settings`, `/app/knowledge/${kb.id}/test?q=%3Cscript%3E`]) {
      const page = await html(a, path);
      expect(page, path).not.toContain('<script>alert(1)</script>');
      expect(page, path).not.toContain('<img src=x');
      expect(page, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('changes the settings and deletes the base after a confirmation', async () => {
    const a = await signup('Knowledge settings');
    const kb = await newKb(a);
    const form = await html(a, `/app/knowledge/${kb.id}/settings`);
    expect(form).toContain('value="Support handbook"');
    expect(form).toContain(`/app/knowledge/${kb.id}/delete`);
    const saved = await postForm(a, `/app/knowledge/${kb.id}/settings`, {
      name: 'Help center',
      description: '',
      connection_id: '',
      embedding_model: 'text-embedding-3-large',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/app/knowledge/${kb.id}/settings?notice=kb_updated`);
    expect(await kbOf(a, kb.id)).toMatchObject({ name: 'Help center', description: null, embedding_model: 'text-embedding-3-large' });
    const bad = await postForm(a, `/app/knowledge/${kb.id}/settings`, { name: '', connection_id: '', embedding_model: 'x' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="kb-name-error"/);

    const confirm = await html(a, `/app/knowledge/${kb.id}/delete`);
    expect(confirm).toContain('Delete the knowledge base “Help center”?');
    const gone = await postForm(a, `/app/knowledge/${kb.id}/delete`);
    expect(gone.status).toBe(303);
    expect(gone.headers.get('location')).toBe('/app/knowledge?notice=kb_deleted');
    expect((await api(`/api/v1/knowledge-bases/${kb.id}`, { as: a })).status).toBe(404);
  });

  it('runs the retrieval test as a page and as an htmx fragment, and says when nothing matches', async () => {
    const a = await signup('Knowledge test');
    const kb = await newKb(a);
    const blank = await html(a, `/app/knowledge/${kb.id}/test`);
    expect(blank).toContain('role="search"');
    expect(blank).toContain('id="kb-results"');
    const page = await html(a, `/app/knowledge/${kb.id}/test?q=refund+window&top_k=3`);
    expect(page).toContain('No passage matches “refund window”');
    expect(page).toContain('value="refund window"');
    const frag = await getPage(a, `/app/knowledge/${kb.id}/test?q=refund`, { htmx: true });
    expect(frag.status).toBe(200);
    const text = await frag.text();
    expect(text).toContain('id="kb-results"');
    expect(text).not.toContain('<html');
    const long = await html(a, `/app/knowledge/${kb.id}/test?q=${'x'.repeat(2100)}`);
    expect(long).toContain('role="alert"');
  });

  it('says when only the keyword half ran (no embedding provider for the base’s model)', async () => {
    const a = await signup('Knowledge degraded');
    const kb = await newKb(a, { embedding_model: '@cf/baai/bge-small-en-v1.5' });
    const page = await html(a, `/app/knowledge/${kb.id}/test?q=anything`);
    expect(page).toContain('Keyword search only');
    expect(page).toContain('Workers AI is not available here');
  });

  it('answers 404 pages for another tenant’s base, and changes nothing of it', async () => {
    const a = await signup('Knowledge owner A');
    const b = await signup('Knowledge owner B');
    const kb = await newKb(a, { name: 'Secret plans' });
    for (const path of [
      `/app/knowledge/${kb.id}`,
      `/app/knowledge/${kb.id}/settings`,
      `/app/knowledge/${kb.id}/test?q=plans`,
      `/app/knowledge/${kb.id}/delete`,
    ]) {
      const text = await expectNotFound(await getPage(b, path));
      expect(text, path).not.toContain('Secret plans');
    }
    await expectNotFound(await postForm(b, `/app/knowledge/${kb.id}/settings`, { name: 'Hijacked', connection_id: '', embedding_model: 'm' }));
    await expectNotFound(await postForm(b, `/app/knowledge/${kb.id}/delete`));
    expect(await kbOf(a, kb.id)).toMatchObject({ name: 'Secret plans' });
    expect(await html(b, '/app/knowledge')).not.toContain('Secret plans');
  });

  it('lets a viewer read and test but offers no change, and refuses a viewer’s posts', async () => {
    const owner = await signup('Knowledge roles');
    const kb = await newKb(owner);
    const viewer = await addPerson(owner, 'viewer');
    const list = await html(viewer, '/app/knowledge');
    expect(list).toContain('Support handbook');
    expect(list).not.toContain('New knowledge base');
    expect(list).not.toContain('action="/app/knowledge"');
    const settings = await html(viewer, `/app/knowledge/${kb.id}/settings`);
    expect(settings).toContain('Read only');
    expect(settings).not.toContain(`/app/knowledge/${kb.id}/delete`);
    expect(await html(viewer, `/app/knowledge/${kb.id}/test?q=handbook`)).toContain('id="kb-results"');
    expect((await postForm(viewer, '/app/knowledge', { name: 'Viewer base' })).status).toBe(403);
    expect((await postForm(viewer, `/app/knowledge/${kb.id}/settings`, { name: 'Renamed' })).status).toBe(403);
    expect((await postForm(viewer, `/app/knowledge/${kb.id}/delete`)).status).toBe(403);
    expect(await kbOf(owner, kb.id)).toMatchObject({ name: 'Support handbook' });
    const member = await addPerson(owner, 'member');
    expect(await html(member, '/app/knowledge')).toContain('New knowledge base');
  });
});

describe('knowledge document pages', () => {
  it('adds pasted text; once it is ready the table stops polling and its page lists the passages with anchors', async () => {
    const a = await signup('Knowledge docs');
    const kb = await newKb(a);
    const page = await html(a, `/app/knowledge/${kb.id}`);
    expect(page).toContain('Upload a file');
    expect(page).toContain('accept=".txt');
    expect(page).toContain('From a web address');
    expect(page).toContain('Paste text');
    const res = await postForm(a, `/app/knowledge/${kb.id}/documents`, {
      kind: 'text',
      title: 'FAQ <b>bold</b>',
      text: '# Refunds\nRefunds take five business days.\n\n# Shipping\nParcels leave within two days.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/app/knowledge/${kb.id}\\?notice=doc_added#doc-doc_[0-9a-z]+$`));
    const docId = res.headers.get('location')!.split('#doc-')[1]!;
    const listed = await html(a, `/app/knowledge/${kb.id}`);
    expect(listed).toContain('FAQ &lt;b&gt;bold&lt;/b&gt;');
    expect(listed).not.toContain('FAQ <b>');
    const ready = await waitReady(a, kb.id, docId);
    expect(ready.status).toBe('ready');
    const frag = await getPage(a, `/app/knowledge/${kb.id}/documents`, { htmx: true });
    const fragText = await frag.text();
    expect(fragText).toContain('id="kb-docs"');
    expect(fragText).not.toContain('hx-trigger');
    expect(fragText).not.toContain('<html');
    const docFrag = await getPage(a, `/app/knowledge/${kb.id}/documents/${docId}`, { htmx: true });
    const docFragText = await docFrag.text();
    expect(docFragText).toContain('id="kb-doc-body"');
    expect(docFragText).toContain('id="chunk-0"');
    expect(docFragText).not.toContain('hx-trigger');
    expect(docFragText).not.toContain('<html');
    const doc = await html(a, `/app/knowledge/${kb.id}/documents/${docId}`);
    expect(doc).toContain('id="chunk-0"');
    expect(doc).toContain('id="chunk-1"');
    expect(doc).toContain('Refunds take five business days.');
    expect(doc.indexOf('id="chunk-0"')).toBeLessThan(doc.indexOf('id="chunk-1"'));
    const test = await html(a, `/app/knowledge/${kb.id}/test?q=refunds+business+days`);
    expect(test).toContain(`href="/app/knowledge/${kb.id}/documents/${docId}#chunk-0"`);
    expect(test).toMatch(/keyword #1/);
  });

  it('polls the documents table every 2 s while any document is queued, parsing or embedding, and not once all have settled', () => {
    const doc = (id: string, status: string) => ({
      id,
      title: id,
      source: 'text' as const,
      url: null,
      filename: null,
      bytes: 10,
      status,
      error: null,
      chunk_count: 1,
      refresh_hours: null,
      created_at: new Date().toISOString(),
    });
    const render = (...statuses: string[]) =>
      String(KbDocuments({ kbId: 'kb_1', docs: statuses.map((s, i) => doc(`doc_${i}`, s)), canWrite: false, csrfToken: '' }));
    for (const busy of ['queued', 'parsing', 'embedding']) {
      const table = render('ready', busy);
      expect(table, busy).toContain('hx-get="/app/knowledge/kb_1/documents"');
      expect(table, busy).toContain('hx-trigger="every 2s"');
    }
    expect(render('ready', 'failed')).not.toContain('hx-trigger');
    expect(render()).not.toContain('hx-trigger');
    const body = (status: string) =>
      String(
        KbDocBody({
          kbId: 'kb_1',
          doc: { ...doc('doc_1', status), content_type: null, refreshed_at: null, updated_at: '' },
          chunks: [],
          canWrite: false,
          csrfToken: '',
        }),
      );
    expect(body('embedding')).toContain('hx-get="/app/knowledge/kb_1/documents/doc_1"');
    expect(body('embedding')).toContain('hx-trigger="every 2s"');
    expect(body('ready')).not.toContain('hx-trigger');
  });

  it('shows a failed document with its reason, in the table and on its page', async () => {
    const a = await signup('Knowledge failures');
    const kb = await newKb(a, { embedding_model: '@cf/baai/bge-small-en-v1.5' });
    const added = await post<{ id: string }>(a, `/api/v1/knowledge-bases/${kb.id}/documents`, { title: 'Cannot embed', text: 'Some words to embed.' }, 202);
    const doc = await waitReady(a, kb.id, added.id);
    expect(doc.status).toBe('failed');
    expect(doc.error).toBeTruthy();
    const escaped = doc.error!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    const table = await html(a, `/app/knowledge/${kb.id}`);
    expect(table).toMatch(/status-error[^>]*>.*Failed/s);
    expect(table).toContain(escaped);
    const page = await html(a, `/app/knowledge/${kb.id}/documents/${added.id}`);
    expect(page).toContain('This document could not be added');
    expect(page).toContain(escaped);
    expect(page).toContain('Passages appear here once the document is ready.');
  });

  it('puts a refused document back on its form: an unreadable file, a bad address, missing text', async () => {
    const a = await signup('Knowledge refusals');
    const kb = await newKb(a);
    const bin = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], 'logo.png', { type: 'image/png' });
    const file = await postMultipart(a, `/app/knowledge/${kb.id}/documents`, { kind: 'file', file: bin, title: '' });
    expect(file.status).toBe(415);
    expect(await file.text()).toMatch(/id="kb-file-error"[^>]*>.*PNG image files are not supported/s);
    const url = await postForm(a, `/app/knowledge/${kb.id}/documents`, { kind: 'url', url: 'ftp://nope.example', refresh_hours: '' });
    expect(url.status).toBe(400);
    const urlText = await url.text();
    expect(urlText).toMatch(/id="kb-url-error"/);
    expect(urlText).toContain('value="ftp://nope.example"');
    const text = await postForm(a, `/app/knowledge/${kb.id}/documents`, { kind: 'text', title: 'Kept title', text: '' });
    expect(text.status).toBe(400);
    const body = await text.text();
    expect(body).toMatch(/id="kb-text-error"/);
    expect(body).toContain('value="Kept title"');
  });

  it('deletes a document; another tenant gets 404 pages for its documents; a viewer sees no add form and cannot post', async () => {
    const a = await signup('Knowledge doc owner');
    const b = await signup('Knowledge doc stranger');
    const kb = await newKb(a);
    const added = await post<{ id: string }>(a, `/api/v1/knowledge-bases/${kb.id}/documents`, { title: 'Private memo', text: 'Salaries rise in March.' }, 202);
    for (const path of [`/app/knowledge/${kb.id}/documents/${added.id}`, `/app/knowledge/${kb.id}/documents`])
      expect(await expectNotFound(await getPage(b, path)), path).not.toContain('Private memo');
    await expectNotFound(await postForm(b, `/app/knowledge/${kb.id}/documents/${added.id}/delete`));
    await expectNotFound(await postForm(b, `/app/knowledge/${kb.id}/documents`, { kind: 'text', title: 'Planted', text: 'x' }));
    const viewer = await addPerson(a, 'viewer');
    const seen = await html(viewer, `/app/knowledge/${kb.id}`);
    expect(seen).toContain('Private memo');
    expect(seen).not.toContain('Paste text');
    expect(seen).not.toContain('/delete"');
    expect((await postForm(viewer, `/app/knowledge/${kb.id}/documents`, { kind: 'text', title: 'Viewer', text: 'x' })).status).toBe(403);
    expect((await postForm(viewer, `/app/knowledge/${kb.id}/documents/${added.id}/delete`)).status).toBe(403);
    const gone = await postForm(a, `/app/knowledge/${kb.id}/documents/${added.id}/delete`);
    expect(gone.status).toBe(303);
    expect(gone.headers.get('location')).toBe(`/app/knowledge/${kb.id}?notice=doc_deleted`);
    expect((await getPage(a, `/app/knowledge/${kb.id}/documents/${added.id}`)).status).toBe(404);
  });
});
