// Knowledge-base documents (API.md, Knowledge; worker/routes/api/knowledge-bases.ts, worker/services/knowledge-documents.ts,
// worker/queues/knowledge-ingest.ts): each way in (multipart file, pasted text, URL) goes through the real queue
// consumer and the test upstream's /embeddings to `ready` and is then found by /query; failures carry a reason
// (a damaged PDF, a refused embedding key); an unchanged re-add does no work; a delete leaves results at once; the
// original is in R2 and leaves with the document and the base; two tenants; plan limits (402, 413, 415); the SSRF
// guard on URLs; the hourly refresh of URL documents.
import { createExecutionContext, createMessageBatch, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it, vi } from 'vitest';
import { type Account, api, auditRow, createConnection, expectError, post, signup } from './helpers';
import { addPerson } from './helpers/people';
import worker from '../../worker/index';
import corruptPdf from '../fixtures/knowledge/corrupt.pdf?inline';
import reportPdf from '../fixtures/knowledge/report.pdf?inline';

type Doc = {
  id: string;
  knowledge_base_id: string;
  title: string;
  source: string;
  status: string;
  error: string | null;
  chunk_count: number;
  bytes: number;
  url: string | null;
  refresh_hours: number | null;
  refreshed_at: string | null;
};
type Kb = { id: string; document_count: number; chunk_count: number; bytes: number };
type Passage = { document_id: string; title: string; text: string; position: number };

const toolsApi = inject('toolsApiUrl');

/** Embedding requests the test upstream received whose input contains `marker`. */
async function embeddingsWith(marker: string) {
  const r = await fetch(`${new URL(env.LLM_URL).origin}/_control/requests?contains=${encodeURIComponent(marker)}`);
  return ((await r.json()) as { data: { path: string }[] }).data.filter((d) => d.path === '/v1/embeddings');
}
const kbOf = (a: Account, body: Record<string, unknown> = {}) =>
  post<Kb>(a, '/api/v1/knowledge-bases', { name: `KB ${crypto.randomUUID().slice(0, 8)}`, ...body });
const docs = (kb: string) => `/api/v1/knowledge-bases/${kb}/documents`;
const add = (a: Account, kb: string, body: Record<string, unknown>) => api(docs(kb), { body, as: a });
const bytesOf = (dataUrl: string) => Uint8Array.from(atob(dataUrl.split(',')[1]!), (c) => c.charCodeAt(0));

async function upload(a: Account, kb: string, file: Blob, filename: string, title?: string) {
  const form = new FormData();
  form.set('file', file, filename);
  if (title) form.set('title', title);
  const { SELF } = await import('cloudflare:test');
  return SELF.fetch(`http://edgent.test${docs(kb)}`, {
    method: 'POST',
    body: form,
    headers: { cookie: a.cookie!, 'x-csrf-token': a.csrf!, 'cf-connecting-ip': '203.0.113.9' },
  });
}

async function getDoc(a: Account, kb: string, id: string): Promise<Doc> {
  const res = await api(`${docs(kb)}/${id}`, { as: a });
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

/** Waits until the queue consumer has finished with the document (ready or failed). */
async function settled(a: Account, kb: string, id: string): Promise<Doc> {
  return vi.waitFor(
    async () => {
      const d = await getDoc(a, kb, id);
      if (d.status !== 'ready' && d.status !== 'failed') throw new Error(`still ${d.status}`);
      return d;
    },
    { timeout: 20_000, interval: 100 },
  );
}

async function query(a: Account, kb: string, q: string): Promise<Passage[]> {
  const res = await api(`/api/v1/knowledge-bases/${kb}/query`, { body: { query: q, top_k: 5 }, as: a });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Passage[] }).data;
}

const HANDBOOK = `# Travel policy

## Expenses
Employees are reimbursed for hotel costs up to 180 euros a night when they travel for work.

## Per diem
The daily meal allowance abroad is 45 euros; receipts are not required for meals.`;

describe('knowledge documents', () => {
  it('pasted text: 202 queued, then parsed, chunked, embedded and stored by the consumer; found by /query; chunks in order', async () => {
    const a = await signup('Docs Text Co');
    const kb = await kbOf(a);
    const res = await add(a, kb.id, { title: 'Travel handbook', text: HANDBOOK });
    expect(res.status).toBe(202);
    const added = (await res.json()) as { id: string; title: string; status: string };
    expect(added).toEqual({ id: expect.stringMatching(/^doc_/), title: 'Travel handbook', status: 'queued' });
    const doc = await settled(a, kb.id, added.id);
    expect(doc).toMatchObject({ status: 'ready', error: null, source: 'text', title: 'Travel handbook', bytes: new TextEncoder().encode(HANDBOOK).byteLength });
    expect(doc.chunk_count).toBeGreaterThanOrEqual(1);

    const found = await query(a, kb.id, 'how much is the meal allowance abroad?');
    expect(found[0]).toMatchObject({ document_id: added.id, title: 'Travel handbook' });
    expect(found[0]!.text).toContain('45 euros');

    const chunks = (await (await api(`${docs(kb.id)}/${added.id}/chunks`, { as: a })).json()) as {
      data: { position: number; headings: string[]; text: string }[];
    };
    expect(chunks.data.map((c) => c.position)).toEqual([...Array(doc.chunk_count).keys()]);
    expect(chunks.data.some((c) => c.headings.includes('Per diem'))).toBe(true);

    const base = (await (await api(`/api/v1/knowledge-bases/${kb.id}`, { as: a })).json()) as Kb;
    expect(base).toMatchObject({ document_count: 1, chunk_count: doc.chunk_count, bytes: doc.bytes });
    // The original is kept in R2 under the tenant and base.
    const original = await env.ORIGINALS.get(`${a.tenant.id}/${kb.id}/${added.id}`);
    expect(await original!.text()).toBe(HANDBOOK);
    expect((await auditRow(a.tenant.id, 'knowledge_document.create', added.id)).actor_id).toBe(a.user.id);
  });

  it('multipart upload (a PDF): ready with pages on its chunks; a re-add of the same file does no work; list pages', async () => {
    const a = await signup('Docs Upload Co');
    const kb = await kbOf(a);
    const pdf = new Blob([bytesOf(reportPdf)], { type: 'application/pdf' });
    const res = await upload(a, kb.id, pdf, 'quarterly-report.pdf');
    expect(res.status).toBe(202);
    const added = (await res.json()) as { id: string; status: string };
    const doc = await settled(a, kb.id, added.id);
    expect(doc).toMatchObject({ status: 'ready', source: 'upload', error: null });
    const chunks = (await (await api(`${docs(kb.id)}/${added.id}/chunks`, { as: a })).json()) as { data: { page: number | null }[] };
    expect(chunks.data.length).toBe(doc.chunk_count);
    expect(chunks.data[0]!.page).toBe(1);

    // Same bytes again (another name): the existing document, nothing queued or stored again.
    const again = await upload(a, kb.id, pdf, 'copy.pdf');
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ id: added.id, title: doc.title, status: 'ready' });
    const text = await add(a, kb.id, { title: 'Notes', text: 'Short note about the quarterly numbers.' });
    const note = (await text.json()) as { id: string };
    await settled(a, kb.id, note.id);
    const first = (await (await api(`${docs(kb.id)}?limit=1`, { as: a })).json()) as { data: Doc[]; next_cursor: string | null };
    expect(first.data.map((d) => d.id)).toEqual([note.id]);
    const second = (await (await api(`${docs(kb.id)}?limit=1&cursor=${first.next_cursor}`, { as: a })).json()) as { data: Doc[]; next_cursor: string | null };
    expect(second).toMatchObject({ data: [{ id: added.id }], next_cursor: null });
    const base = (await (await api(`/api/v1/knowledge-bases/${kb.id}`, { as: a })).json()) as Kb;
    expect(base.document_count).toBe(2);
  });

  it('failures carry a reason a person can act on: a damaged PDF, a refused embedding key; no stack, no key', async () => {
    const a = await signup('Docs Failures Co');
    const kb = await kbOf(a);
    const broken = await upload(a, kb.id, new Blob([bytesOf(corruptPdf)], { type: 'application/pdf' }), 'broken.pdf');
    expect(broken.status).toBe(202);
    const doc = await settled(a, kb.id, ((await broken.json()) as { id: string }).id);
    expect(doc.status).toBe('failed');
    expect(doc.error).toMatch(/PDF|damaged|read/i);
    expect(doc.error).not.toMatch(/\bat \w+ \(|Error:/);

    const conn = await createConnection(a, {
      name: 'Bad key provider',
      kind: 'openai_compatible',
      base_url: env.LLM_URL,
      auth: { type: 'bearer', secret: 'bad-key' },
    });
    const badKb = await kbOf(a, { connection_id: conn.id });
    const res = await add(a, badKb.id, { title: 'Refused', text: 'Anything at all to embed.' });
    const refused = await settled(a, badKb.id, ((await res.json()) as { id: string }).id);
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/refused the credentials \(401\)/);
    expect(refused.error).not.toContain('bad-key');
    const base = (await (await api(`/api/v1/knowledge-bases/${badKb.id}`, { as: a })).json()) as Kb;
    expect(base.chunk_count).toBe(0);
  });

  it('refuses what it cannot take at once: 415 unknown format, 413 over the plan file size, 400 bad bodies', async () => {
    const a = await signup('Docs Refusals Co');
    const kb = await kbOf(a);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const e415 = await expectError(await upload(a, kb.id, new Blob([png], { type: 'image/png' }), 'logo.png'), 415, 'unsupported_media_type');
    expect(e415.message).toMatch(/PNG image files are not supported/);
    // Free's default file limit is 5 MB.
    const big = new Blob([new Uint8Array(5 * 1024 * 1024 + 10).fill(97)], { type: 'text/plain' });
    const e413 = await expectError(await upload(a, kb.id, big, 'big.txt'), 413, 'payload_too_large');
    expect(e413.message).toMatch(/Free plan takes files up to 5 MB/);
    for (const body of [
      {},
      { title: 'x' },
      { text: 'x' },
      { url: 'ftp://example.com/x' },
      { url: 'https://example.com', refresh_hours: 0 },
      { title: 'a', text: 'b', extra: 1 },
    ])
      await expectError(await add(a, kb.id, body), 400, 'validation_failed');
    const form = new FormData();
    form.set('title', 'no file');
    const { SELF } = await import('cloudflare:test');
    const noFile = await SELF.fetch(`http://edgent.test${docs(kb.id)}`, {
      method: 'POST',
      body: form,
      headers: { cookie: a.cookie!, 'x-csrf-token': a.csrf! },
    });
    expect((await expectError(noFile, 400, 'validation_failed')).details?.[0]?.path).toBe('file');
    const list = (await (await api(docs(kb.id), { as: a })).json()) as { data: Doc[] };
    expect(list.data).toEqual([]);
    // An upload over the 1 MB body limit of other routes is taken (within the plan's file size); this base's model
    // has no provider here (Workers AI is not bound), so it fails with that reason after parsing.
    const noProvider = await kbOf(a, { embedding_model: '@cf/baai/bge-base-en-v1.5' });
    const line = 'Large manuals are uploaded as one file and split into many passages.\n\n';
    const large = await upload(a, noProvider.id, new Blob([line.repeat(Math.ceil((1.5 * 1024 * 1024) / line.length))], { type: 'text/plain' }), 'manual.txt');
    expect(large.status).toBe(202);
    const failed = await settled(a, noProvider.id, ((await large.json()) as { id: string }).id);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/Workers AI is not available/) });
    expect(failed.bytes).toBeGreaterThan(1024 * 1024);
  });

  it('deleting a document removes its chunks from results at once, and its original; the base recounts', async () => {
    const a = await signup('Docs Delete Co');
    const kb = await kbOf(a);
    const id = ((await (await add(a, kb.id, { title: 'Handbook', text: HANDBOOK })).json()) as { id: string }).id;
    await settled(a, kb.id, id);
    expect((await query(a, kb.id, 'hotel costs per night')).map((p) => p.document_id)).toContain(id);
    expect((await api(`${docs(kb.id)}/${id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect(await query(a, kb.id, 'hotel costs per night')).toEqual([]);
    expect(await env.ORIGINALS.get(`${a.tenant.id}/${kb.id}/${id}`)).toBeNull();
    await expectError(await api(`${docs(kb.id)}/${id}`, { as: a }), 404, 'not_found');
    await expectError(await api(`${docs(kb.id)}/${id}`, { method: 'DELETE', as: a }), 404, 'not_found');
    expect(await (await api(`/api/v1/knowledge-bases/${kb.id}`, { as: a })).json()).toMatchObject({ document_count: 0, chunk_count: 0, bytes: 0 });
    expect((await auditRow(a.tenant.id, 'knowledge_document.delete', id)).actor_id).toBe(a.user.id);

    // Deleting the base removes every original under it.
    const other = ((await (await add(a, kb.id, { title: 'Other', text: 'Another text to keep.' })).json()) as { id: string }).id;
    await settled(a, kb.id, other);
    expect(await env.ORIGINALS.head(`${a.tenant.id}/${kb.id}/${other}`)).not.toBeNull();
    expect((await api(`/api/v1/knowledge-bases/${kb.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect((await env.ORIGINALS.list({ prefix: `${a.tenant.id}/${kb.id}/` })).objects).toEqual([]);
  });

  it('keeps two tenants apart on every document route', async () => {
    const a = await signup('Docs Tenant A');
    const b = await signup('Docs Tenant B');
    const kb = await kbOf(a);
    const id = ((await (await add(a, kb.id, { title: 'Secret plan', text: 'The launch code word is pelican.' })).json()) as { id: string }).id;
    await settled(a, kb.id, id);
    const kbB = await kbOf(b);
    await expectError(await add(b, kb.id, { title: 'x', text: 'y' }), 404, 'not_found');
    await expectError(await upload(b, kb.id, new Blob(['hello'], { type: 'text/plain' }), 'a.txt'), 404, 'not_found');
    await expectError(await api(docs(kb.id), { as: b }), 404, 'not_found');
    await expectError(await api(`${docs(kb.id)}/${id}`, { as: b }), 404, 'not_found');
    await expectError(await api(`${docs(kb.id)}/${id}/chunks`, { as: b }), 404, 'not_found');
    await expectError(await api(`${docs(kb.id)}/${id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    // Another tenant's document id under one's own base is not found either.
    await expectError(await api(`${docs(kbB.id)}/${id}`, { as: b }), 404, 'not_found');
    await expectError(await api(`${docs(kbB.id)}/${id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    expect((await getDoc(a, kb.id, id)).status).toBe('ready');
    expect((await query(a, kb.id, 'pelican')).map((p) => p.document_id)).toEqual([id]);
  });

  it('viewers read documents and chunks; members and up add and delete', async () => {
    const a = await signup('Docs Roles Co');
    const kb = await kbOf(a);
    const viewer = await addPerson(a, 'viewer');
    const member = await addPerson(a, 'member');
    await expectError(await add(viewer as Account, kb.id, { title: 'x', text: 'y' }), 403, 'forbidden');
    const res = await add(member as Account, kb.id, { title: 'By a member', text: 'Members may add documents.' });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { id: string }).id;
    expect((await api(docs(kb.id), { as: viewer })).status).toBe(200);
    expect((await api(`${docs(kb.id)}/${id}/chunks`, { as: viewer })).status).toBe(200);
    await expectError(await api(`${docs(kb.id)}/${id}`, { method: 'DELETE', as: viewer }), 403, 'forbidden');
    await settled(a, kb.id, id);
  });

  it('URL documents: fetched through the SSRF guard (a metadata address is refused with 400), ready, re-added URL answers the same document', async () => {
    const a = await signup('Docs URL Co');
    const kb = await kbOf(a);
    const e = await expectError(await add(a, kb.id, { url: 'http://169.254.169.254/latest/meta-data/' }), 400, 'validation_failed');
    expect(e.details?.[0]?.path).toBe('url');
    const name = `faq-${crypto.randomUUID()}.html`;
    await fetch(`${toolsApi}/pages/${name}`, {
      method: 'PUT',
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<html><head><title>Shipping FAQ</title></head><body><h1>Shipping</h1><p>Parcels to Norway take four working days.</p></body></html>',
    });
    const url = `${toolsApi}/pages/${name}`;
    const res = await add(a, kb.id, { url, refresh_hours: 24 });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { id: string }).id;
    const doc = await settled(a, kb.id, id);
    expect(doc).toMatchObject({ status: 'ready', source: 'url', url, title: 'Shipping FAQ', refresh_hours: 24 });
    expect(doc.refreshed_at).not.toBeNull();
    expect((await query(a, kb.id, 'Norway parcels'))[0]).toMatchObject({ document_id: id });
    expect(await (await add(a, kb.id, { url })).json()).toEqual({ id, title: 'Shipping FAQ', status: 'ready' });
    // An address that answers 404: failed with the status.
    const gone = ((await (await add(a, kb.id, { url: `${toolsApi}/pages/missing-${crypto.randomUUID()}` })).json()) as { id: string }).id;
    const failed = await settled(a, kb.id, gone);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.error).toMatch(/HTTP 404/);
  });

  it('the hourly cron re-fetches due URL documents: unchanged page = no re-embedding; a changed page is re-embedded', async () => {
    const a = await signup('Docs Refresh Co');
    const kb = await kbOf(a);
    const marker = `zq${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const name = `prices-${marker}.md`;
    const put = (body: string) => fetch(`${toolsApi}/pages/${name}`, { method: 'PUT', headers: { 'content-type': 'text/markdown' }, body });
    await put(`# Prices ${marker}\n\nThe basic plan costs 9 dollars a month.`);
    const id = ((await (await add(a, kb.id, { url: `${toolsApi}/pages/${name}`, refresh_hours: 6 })).json()) as { id: string }).id;
    const first = await settled(a, kb.id, id);
    expect(first.status).toBe('ready');
    expect(await embeddingsWith(marker)).toHaveLength(1);
    const due = () =>
      env.DB.prepare('update knowledge_documents set refreshed_at = ? where id = ?')
        .bind(Date.now() - 7 * 3_600_000, id)
        .run();
    const cron = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled!(createScheduledController({ cron: '17 * * * *' }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    const refreshedAfter = (t: number) =>
      vi.waitFor(
        async () => {
          const d = await getDoc(a, kb.id, id);
          if (Date.parse(d.refreshed_at!) <= t) throw new Error('not refreshed yet');
          return d;
        },
        { timeout: 20_000, interval: 100 },
      );

    // Not due yet: nothing happens. Due and unchanged: refreshed_at moves, nothing is embedded again.
    await due();
    await cron();
    const unchanged = await refreshedAfter(Date.now() - 3_600_000);
    expect(unchanged).toMatchObject({ status: 'ready', chunk_count: first.chunk_count, error: null });
    expect(await embeddingsWith(marker)).toHaveLength(1);

    await put(`# Prices ${marker}\n\nThe basic plan now costs 12 dollars a month.`);
    await due();
    await cron();
    const changed = await refreshedAfter(Date.now() - 3_600_000);
    expect(changed).toMatchObject({ status: 'ready', error: null });
    expect(await embeddingsWith(marker)).toHaveLength(2);
    expect((await query(a, kb.id, 'basic plan monthly cost'))[0]?.text).toContain('12 dollars');
  });

  it("a batch's documents are ingested side by side: their embedding requests overlap, each document ends ready", async () => {
    const a = await signup('Docs Parallel Co');
    const kb = await kbOf(a);
    const marker = `par${crypto.randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = `doc_par${i}${crypto.randomUUID().slice(0, 8)}`;
      await env.DB.prepare(
        `insert into knowledge_documents (id, tenant_id, knowledge_base_id, title, source, status, bytes, created_at, updated_at)
         values (?, ?, ?, ?, 'text', 'queued', 60, 0, 0)`,
      )
        .bind(id, a.tenant.id, kb.id, `Part ${i}`)
        .run();
      // The test upstream holds each embedding answer 400 ms.
      await env.ORIGINALS.put(`${a.tenant.id}/${kb.id}/${id}`, `Part ${i} of the manual ${marker}. [[delay:400]] Nothing else.`, {
        httpMetadata: { contentType: 'text/plain' },
      });
      ids.push(id);
    }
    const batch = createMessageBatch(
      'edgent-knowledge',
      ids.map((doc_id) => ({
        id: `m-${crypto.randomUUID()}`,
        timestamp: new Date(),
        attempts: 1,
        body: { type: 'knowledge.ingest', tenant_id: a.tenant.id, kb_id: kb.id, doc_id },
      })),
    );
    const ctx = createExecutionContext();
    await worker.queue!(batch as never, env as never, ctx);
    await waitOnExecutionContext(ctx);
    for (const id of ids) expect(await getDoc(a, kb.id, id)).toMatchObject({ status: 'ready', error: null, chunk_count: 1 });
    const calls = (await embeddingsWith(marker)) as unknown as { received_at: number; answered_at: number }[];
    expect(calls).toHaveLength(3);
    // One after another, each would start after the previous answered; side by side, they all start before any answers.
    const firstAnswer = Math.min(...calls.map((c) => c.answered_at));
    expect(calls.every((c) => c.received_at < firstAnswer)).toBe(true);
    expect((await api(`/api/v1/knowledge-bases/${kb.id}`, { as: a }).then((r) => r.json())) as Kb).toMatchObject({ document_count: 3, chunk_count: 3 });
  });

  it('redelivery is safe: a ready document is left alone; a transient failure is retried, the last delivery marks it failed', async () => {
    const a = await signup('Docs Redelivery Co');
    const kb = await kbOf(a);
    const id = ((await (await add(a, kb.id, { title: 'Once', text: 'Processed exactly once, whatever the queue does.' })).json()) as { id: string }).id;
    const ready = await settled(a, kb.id, id);
    const deliver = async (attempts: number, body: unknown) => {
      const batch = createMessageBatch('edgent-knowledge', [{ id: `m-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body }]);
      const ctx = createExecutionContext();
      await worker.queue!(batch as never, env as never, ctx);
      await waitOnExecutionContext(ctx);
      return batch;
    };
    await deliver(2, { type: 'knowledge.ingest', tenant_id: a.tenant.id, kb_id: kb.id, doc_id: id });
    expect(await getDoc(a, kb.id, id)).toEqual(ready);

    // The provider answers 503 every time: retried by the queue until the last delivery, which records the reason.
    const flaky = await kbOf(a);
    await env.DB.prepare(
      `insert into knowledge_documents (id, tenant_id, knowledge_base_id, title, source, status, bytes, content_hash, created_at, updated_at)
       values (?, ?, ?, 'Flaky', 'text', 'queued', 10, 'h', 0, 0)`,
    )
      .bind(`doc_flaky${crypto.randomUUID().slice(0, 8)}`, a.tenant.id, flaky.id)
      .run();
    const row = await env.DB.prepare('select id from knowledge_documents where knowledge_base_id = ?').bind(flaky.id).first<{ id: string }>();
    await env.ORIGINALS.put(`${a.tenant.id}/${flaky.id}/${row!.id}`, 'Always [[error:503]] from the provider.', {
      httpMetadata: { contentType: 'text/plain' },
    });
    const msg = { type: 'knowledge.ingest', tenant_id: a.tenant.id, kb_id: flaky.id, doc_id: row!.id };
    const early = await deliver(1, msg);
    expect((early as unknown as { messages: { id: string }[] }).messages).toHaveLength(1);
    expect((await getDoc(a, flaky.id, row!.id)).status).not.toBe('failed');
    await deliver(4, msg);
    const failed = await getDoc(a, flaky.id, row!.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/embedding provider failed \(503\)/);
    // A message the queue gave up on (the dead-letter queue): its document is failed with a reason.
    const stuck = `doc_stuck${crypto.randomUUID().slice(0, 8)}`;
    await env.DB.prepare(
      `insert into knowledge_documents (id, tenant_id, knowledge_base_id, title, source, status, bytes, content_hash, created_at, updated_at)
       values (?, ?, ?, 'Stuck', 'text', 'embedding', 10, 'h2', 0, 0)`,
    )
      .bind(stuck, a.tenant.id, flaky.id)
      .run();
    const dead = createMessageBatch('edgent-knowledge-dlq', [
      {
        id: `d-${crypto.randomUUID()}`,
        timestamp: new Date(),
        attempts: 1,
        body: { type: 'knowledge.ingest', tenant_id: a.tenant.id, kb_id: flaky.id, doc_id: stuck },
      },
    ]);
    const dctx = createExecutionContext();
    await worker.queue!(dead as never, env as never, dctx);
    await waitOnExecutionContext(dctx);
    expect(await getDoc(a, flaky.id, stuck)).toMatchObject({ status: 'failed', error: expect.stringMatching(/failed several times/) });
    // Another tenant's message names a base it does not own: nothing happens.
    const b = await signup('Docs Redelivery B');
    await deliver(1, { type: 'knowledge.ingest', tenant_id: b.tenant.id, kb_id: kb.id, doc_id: id });
    expect(await getDoc(a, kb.id, id)).toEqual(ready);
  });

  it('plan limits: 402 quota_exceeded for documents, stored bytes and knowledge bases; shown in GET /api/v1/billing', async () => {
    const a = await signup('Docs Limits Co');
    const kb = await kbOf(a);
    await env.DB.prepare('insert into billing_accounts (tenant_id, custom_limits, created_at, updated_at) values (?, ?, 0, 0)')
      .bind(a.tenant.id, JSON.stringify({ knowledge_documents: 1, knowledge_bytes: 100, knowledge_bases: 1 }))
      .run();
    const big = await add(a, kb.id, { title: 'Big', text: 'x'.repeat(200) });
    expect((await expectError(big, 402, 'quota_exceeded')).message).toMatch(/Knowledge storage is full/);
    const ok = await add(a, kb.id, { title: 'Small', text: 'A short note.' });
    expect(ok.status).toBe(202);
    const id = ((await ok.json()) as { id: string }).id;
    const e = await expectError(await add(a, kb.id, { title: 'Second', text: 'Another short note.' }), 402, 'quota_exceeded');
    expect(e.message).toMatch(/1 of the 1 knowledge documents/);
    expect(e.details?.[0]?.path).toBe('knowledge_documents');
    await expectError(await api('/api/v1/knowledge-bases', { body: { name: 'Second base' }, as: a }), 402, 'quota_exceeded');
    await settled(a, kb.id, id);
    const billing = (await (await api('/api/v1/billing', { as: a })).json()) as { knowledge: unknown };
    expect(billing.knowledge).toEqual({
      usage: { knowledge_bases: 1, knowledge_documents: 1, knowledge_bytes: 13 },
      limits: { knowledge_bases: 1, knowledge_documents: 1, knowledge_bytes: 100, knowledge_file_bytes: 5 * 1024 * 1024 },
    });
    // A page's size is known once fetched: one that would pass the stored bytes fails with the reason.
    const c = await signup('Docs Limits URL Co');
    const kbC = await kbOf(c);
    await env.DB.prepare('insert into billing_accounts (tenant_id, custom_limits, created_at, updated_at) values (?, ?, 0, 0)')
      .bind(c.tenant.id, JSON.stringify({ knowledge_bytes: 60 }))
      .run();
    const name = `big-${crypto.randomUUID()}.txt`;
    await fetch(`${toolsApi}/pages/${name}`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'A page longer than sixty bytes, '.repeat(4) });
    const pageId = ((await (await add(c, kbC.id, { url: `${toolsApi}/pages/${name}` })).json()) as { id: string }).id;
    expect(await settled(c, kbC.id, pageId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Knowledge storage is full/) });
    // Deleting frees the room.
    expect((await api(`${docs(kb.id)}/${id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect((await add(a, kb.id, { title: 'Second', text: 'Another short note.' })).status).toBe(202);
  });

  it('the docs carry the Knowledge bases guide (views/docs/guide-knowledge.ts)', async () => {
    const html = await (await api('/docs')).text();
    expect(html).toContain('id="knowledge"');
    expect(html).toContain('Knowledge bases');
    expect(html).toContain('refresh_hours');
    expect(html).not.toContain('**Ingestion');
  });
});
