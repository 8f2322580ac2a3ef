// Knowledge pages (worker/routes/pages/knowledge.tsx, views/pages/knowledge-*.tsx): the list with its empty state and
// "New knowledge base" form, settings and delete, the retrieval test (a page and an htmx fragment); user content is
// escaped, another tenant's base is a 404 page, and viewers read and test but change nothing.
import { describe, expect, it } from 'vitest';
import { addPerson } from './helpers/people';
import { type Account, api, createConnection, expectNotFound, getPage, post, postForm, signup } from './helpers';

type Kb = { id: string; name: string; description: string | null; connection_id: string | null; embedding_model: string; document_count: number };

const newKb = (a: Account, body: Record<string, unknown> = {}) => post<Kb>(a, '/api/v1/knowledge-bases', { name: 'Support handbook', ...body });
const kbOf = async (a: Account, id: string) => (await (await api(`/api/v1/knowledge-bases/${id}`, { as: a })).json()) as Kb;
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
