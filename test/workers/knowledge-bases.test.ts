// Knowledge bases API (API.md, Knowledge; worker/routes/api/knowledge-bases.ts): create, list, read, change and
// delete (which empties the base's KnowledgeBase object); validation (400 naming the field), unique names (409), the
// embedding model fixed once documents exist, the model connection check, audit entries, two tenants and the roles
// and key scopes.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addPerson, keyOf } from './helpers/people';
import { type Account, api, apiKey, auditRow, createConnection, expectError, post, signup } from './helpers';
import { knowledgeStore } from '../../worker/knowledge/store';
import { embedText } from '../fixtures/llm-upstream/embed-algorithm.mjs';

type KnowledgeBase = {
  id: string;
  name: string;
  description: string | null;
  connection_id: string | null;
  embedding_model: string;
  document_count: number;
  chunk_count: number;
  bytes: number;
  created_at: string;
  updated_at: string;
};
type List = { data: KnowledgeBase[]; next_cursor: string | null };

const create = (a: Account, body: Record<string, unknown>) => post<KnowledgeBase>(a, '/api/v1/knowledge-bases', body);
const modelConnection = (a: Account) =>
  createConnection(a, {
    name: 'Embeddings provider',
    kind: 'openai_compatible',
    base_url: 'https://llm.example.test/v1',
    auth: { type: 'bearer', secret: 'sk-embed-0123456789' },
  });

describe('knowledge bases API', () => {
  it('creates, lists (newest first, paged), reads, changes and deletes a knowledge base, with audit entries', async () => {
    const a = await signup('Knowledge Co');
    const conn = await modelConnection(a);
    const handbook = await create(a, { name: 'Employee handbook', description: 'Policies and benefits', connection_id: conn.id, embedding_model: 'bge-small' });
    expect(handbook).toMatchObject({
      name: 'Employee handbook',
      description: 'Policies and benefits',
      connection_id: conn.id,
      embedding_model: 'bge-small',
      document_count: 0,
      chunk_count: 0,
      bytes: 0,
    });
    expect(handbook.id).toMatch(/^kb_[0-9a-z]{24}$/);
    const docs = await create(a, { name: 'Product docs' });
    expect(docs).toMatchObject({ connection_id: null, embedding_model: 'text-embedding-3-small', description: null });

    const first = (await (await api('/api/v1/knowledge-bases?limit=1', { as: a })).json()) as List;
    expect(first.data.map((b) => b.name)).toEqual(['Product docs']);
    expect(first.next_cursor).not.toBeNull();
    const second = (await (await api(`/api/v1/knowledge-bases?limit=1&cursor=${first.next_cursor}`, { as: a })).json()) as List;
    expect(second).toEqual({ data: [expect.objectContaining({ id: handbook.id })], next_cursor: null });

    expect(await (await api(`/api/v1/knowledge-bases/${handbook.id}`, { as: a })).json()).toEqual(handbook);
    const patched = await api(`/api/v1/knowledge-bases/${handbook.id}`, {
      method: 'PATCH',
      body: { name: 'Handbook 2027', description: null, connection_id: null, embedding_model: 'text-embedding-3-large' },
      as: a,
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: 'Handbook 2027', description: null, connection_id: null, embedding_model: 'text-embedding-3-large' });

    expect((await api(`/api/v1/knowledge-bases/${docs.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await api(`/api/v1/knowledge-bases/${docs.id}`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/knowledge-bases/${docs.id}`, { method: 'DELETE', as: a }), 404, 'not_found');

    expect((await auditRow(a.tenant.id, 'knowledge_base.create', handbook.id)).actor_id).toBe(a.user.id);
    expect(JSON.parse((await auditRow(a.tenant.id, 'knowledge_base.update', handbook.id)).data!)).toMatchObject({
      changes: { name: { before: 'Employee handbook', after: 'Handbook 2027' }, connection_id: { before: conn.id, after: null } },
    });
    expect(JSON.parse((await auditRow(a.tenant.id, 'knowledge_base.delete', docs.id)).data!)).toMatchObject({ changes: { name: { before: 'Product docs' } } });
  });

  it('refuses bad input with 400 naming the field, a taken name with 409, and keeps what is stored', async () => {
    const a = await signup();
    const other = await signup();
    const theirs = await modelConnection(other);
    const http = await createConnection(a);
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(81) }, 'name'],
      [{ name: 'Docs', embedding_model: 'has spaces' }, 'embedding_model'],
      [{ name: 'Docs', connection_id: http.id }, 'connection_id'],
      [{ name: 'Docs', connection_id: theirs.id }, 'connection_id'],
      [{ name: 'Docs', connection_id: 'con_nope' }, 'connection_id'],
      [{ name: 'Docs', surprise: true }, ''],
    ];
    for (const [body, path] of cases) {
      const err = await expectError(await api('/api/v1/knowledge-bases', { body, as: a }), 400, 'validation_failed');
      if (path) expect(JSON.stringify(err), JSON.stringify(body)).toContain(`"path":"${path}"`);
    }
    const kb = await create(a, { name: 'Docs' });
    await expectError(await api('/api/v1/knowledge-bases', { body: { name: 'Docs' }, as: a }), 409, 'conflict');
    const notes = await create(a, { name: 'Notes' });
    await expectError(await api(`/api/v1/knowledge-bases/${notes.id}`, { method: 'PATCH', body: { name: 'Docs' }, as: a }), 409, 'conflict');
    await expectError(await api(`/api/v1/knowledge-bases/${kb.id}`, { method: 'PATCH', body: {}, as: a }), 400, 'validation_failed');
    await expectError(await api(`/api/v1/knowledge-bases/${kb.id}`, { method: 'PATCH', body: { connection_id: http.id }, as: a }), 400, 'validation_failed');
    await expectError(await api('/api/v1/knowledge-bases?limit=0', { as: a }), 400, 'validation_failed');
    await expectError(await api('/api/v1/knowledge-bases?cursor=bm90LWEtY3Vyc29y', { as: a }), 400, 'validation_failed');
    // A base holding documents keeps its embedding model (vectors of two models cannot be compared).
    await env.DB.prepare('update knowledge_bases set document_count = 1 where id = ?').bind(kb.id).run();
    const err = await expectError(
      await api(`/api/v1/knowledge-bases/${kb.id}`, { method: 'PATCH', body: { embedding_model: 'other' }, as: a }),
      409,
      'conflict',
    );
    expect(JSON.stringify(err)).toContain('"path":"embedding_model"');
    expect(await (await api(`/api/v1/knowledge-bases/${kb.id}`, { as: a })).json()).toMatchObject({ name: 'Docs', embedding_model: 'text-embedding-3-small' });
    // The same model is no change; a rename still works.
    expect(
      (await api(`/api/v1/knowledge-bases/${kb.id}`, { method: 'PATCH', body: { embedding_model: 'text-embedding-3-small', name: 'Docs 2' }, as: a })).status,
    ).toBe(200);
  });

  it('keeps tenants apart: another tenant’s knowledge base is a 404 on every route and absent from its list', async () => {
    const a = await signup('Tenant A');
    const b = await signup('Tenant B');
    const mine = await create(a, { name: 'Secret plans' });
    await create(b, { name: 'Their docs' });
    await expectError(await api(`/api/v1/knowledge-bases/${mine.id}`, { as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/knowledge-bases/${mine.id}`, { method: 'PATCH', body: { name: 'Mine now' }, as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/knowledge-bases/${mine.id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    const theirs = (await (await api('/api/v1/knowledge-bases', { as: b })).json()) as List;
    expect(theirs.data.map((x) => x.name)).toEqual(['Their docs']);
    // Names are unique per organization only.
    expect((await api('/api/v1/knowledge-bases', { body: { name: 'Secret plans' }, as: b })).status).toBe(201);
    expect(await (await api(`/api/v1/knowledge-bases/${mine.id}`, { as: a })).json()).toMatchObject({ name: 'Secret plans' });
  });

  it('deleting a base empties its object: no chunk of it is found again; another tenant’s delete touches nothing', async () => {
    const a = await signup();
    const b = await signup();
    const kb = await create(a, { name: 'To delete' });
    const store = knowledgeStore(env, kb.id);
    const vector = Array.from({ length: 8 }, (_, i) => (i === 2 ? 1 : 0));
    await store.upsertDocument('doc_matrix', 'hash-1', [
      { position: 0, headings: ['Refunds'], text: 'Refunds take five working days.', tokens: 6, embedding: vector },
    ]);
    expect((await store.query({ text: 'refunds', embedding: vector })).results).toHaveLength(1);
    await expectError(await api(`/api/v1/knowledge-bases/${kb.id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    expect((await store.stats()).chunks).toBe(1);
    expect((await api(`/api/v1/knowledge-bases/${kb.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect(await store.stats()).toMatchObject({ docs: 0, chunks: 0 });
    expect((await store.query({ text: 'refunds', embedding: vector })).results).toEqual([]);
  });

  it('searches a base: passages ranked by both halves with their document titles; bad queries are 400s, another tenant’s base a 404', async () => {
    const a = await signup();
    const b = await signup();
    const kb = await create(a, { name: 'Help center' });
    const passages = [
      ['doc_refunds', 'Refund policy', 'You get your money back within 14 days of a purchase, no questions asked.'],
      ['doc_shipping', 'Shipping', 'Parcels leave our warehouse every weekday and arrive in two to four days.'],
      ['doc_errors', 'Error codes', 'Error E-4512 means the card issuer declined the payment.'],
    ] as const;
    for (const [id, title, text] of passages) {
      await knowledgeStore(env, kb.id).upsertDocument(id, `hash-${id}`, [
        { position: 0, headings: [title], text, tokens: 20, embedding: embedText(`${title}\n${text}`) },
      ]);
      await env.DB.prepare(
        `insert into knowledge_documents (id, tenant_id, knowledge_base_id, title, source, status, chunk_count, created_at, updated_at) values (?, ?, ?, ?, 'text', 'ready', 1, 0, 0)`,
      )
        .bind(id, a.tenant.id, kb.id, title)
        .run();
    }
    const ask = (as: Account, body: Record<string, unknown>, id = kb.id) => api(`/api/v1/knowledge-bases/${id}/query`, { body, as });
    // A paraphrase: no word in common with the refund passage, found by the vector half (the operator's default model).
    const res = await ask(a, { query: 'can I get a reimbursement?', top_k: 2 });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { data: { document_id: string; title: string; vector: unknown }[]; degraded: unknown };
    expect(answer.degraded).toBeNull();
    expect(answer.data[0]).toMatchObject({ document_id: 'doc_refunds', title: 'Refund policy', position: 0, vector: { rank: 1 } });
    expect(answer.data.length).toBeLessThanOrEqual(2);
    // An exact code: the keyword half.
    const code = (await (await ask(a, { query: 'E-4512' })).json()) as { data: { document_id: string; keyword: unknown }[] };
    expect(code.data[0]).toMatchObject({ document_id: 'doc_errors', keyword: { rank: 1 } });
    for (const body of [{}, { query: '   ' }, { query: 'x', top_k: 0 }, { query: 'x', top_k: 51 }, { query: 'x', extra: 1 }])
      await expectError(await ask(a, body), 400, 'validation_failed');
    await expectError(await ask(b, { query: 'refund' }), 404, 'not_found');
    const viewer = await addPerson(a, 'viewer');
    expect((await ask(viewer, { query: 'refund' })).status).toBe(200);
  });

  it('lets everyone read knowledge bases and members and up change them (roles and key scopes)', async () => {
    const owner = await signup();
    const kb = await create(owner, { name: 'Shared' });
    for (const role of ['admin', 'member', 'viewer'] as const) {
      const p = await addPerson(owner, role);
      expect((await api('/api/v1/knowledge-bases', { as: p })).status, role).toBe(200);
      expect((await api(`/api/v1/knowledge-bases/${kb.id}`, { as: p })).status, role).toBe(200);
      const made = await api('/api/v1/knowledge-bases', { body: { name: `By the ${role}` }, as: p });
      if (role === 'viewer') {
        await expectError(made, 403, 'forbidden');
        await expectError(await api(`/api/v1/knowledge-bases/${kb.id}`, { method: 'PATCH', body: { description: 'x' }, as: p }), 403, 'forbidden');
        await expectError(await api(`/api/v1/knowledge-bases/${kb.id}`, { method: 'DELETE', as: p }), 403, 'forbidden');
      } else expect(made.status, role).toBe(201);
    }
    const viewerKey = await keyOf(owner, await addPerson(owner, 'viewer'));
    expect((await api('/api/v1/knowledge-bases', { as: { key: viewerKey } })).status).toBe(200);
    const readOnly = await apiKey(owner, ['knowledge:read']);
    expect((await api(`/api/v1/knowledge-bases/${kb.id}`, { as: { key: readOnly } })).status).toBe(200);
    await expectError(await api('/api/v1/knowledge-bases', { body: { name: 'By key' }, as: { key: readOnly } }), 403, 'insufficient_scope');
    const writer = await apiKey(owner, ['knowledge:write']);
    expect((await api('/api/v1/knowledge-bases', { body: { name: 'By key' }, as: { key: writer } })).status).toBe(201);
    await expectError(await api('/api/v1/knowledge-bases', { as: { key: await apiKey(owner, ['agents:read']) } }), 403, 'insufficient_scope');
  });
});
