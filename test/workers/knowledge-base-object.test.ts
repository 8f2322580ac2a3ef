// The KnowledgeBase Durable Object through its stubs: document writes (create, unchanged, replace, delete), filters,
// inert FTS syntax, isolation between bases, and hybrid retrieval over a seeded corpus where each half alone misses.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import corpus from '../fixtures/knowledge/retrieval-corpus.json';
import { embedText } from '../fixtures/llm-upstream/embed-algorithm.mjs';
import { knowledgeStore } from '../../worker/knowledge/store';
import { embeddingText } from '../../worker/knowledge/store-search';
import type { ChunkInput } from '../../worker/knowledge/store-types';

let seq = 0;
const newBase = () => knowledgeStore(env, `kb_test_${Date.now()}_${++seq}`);

/** A chunk embedded as the ingestion pipeline will: heading path and text together. */
function chunk(position: number, text: string, headings: string[] = [], metadata?: Record<string, string>): ChunkInput {
  return { position, headings, text, tokens: Math.ceil(text.length / 4), embedding: embedText(embeddingText({ headings, text })), metadata };
}
const ask = (text: string) => ({ text, embedding: embedText(text) });

describe('KnowledgeBase object: documents', () => {
  it('stores a document and finds its chunks', async () => {
    const kb = newBase();
    const res = await kb.upsertDocument(
      'doc1',
      'h1',
      [chunk(0, 'Drip irrigation saves water.', ['Garden']), chunk(1, 'Compost is ready after two months.', ['Garden'])],
      {
        topic: 'garden',
      },
    );
    expect(res).toEqual({ status: 'created', chunk_count: 2 });
    const { results, timings } = await kb.query(ask('compost'));
    expect(results[0]).toMatchObject({ doc_id: 'doc1', position: 1, headings: ['Garden'], text: 'Compost is ready after two months.' });
    expect(results[0]!.keyword?.rank).toBe(1);
    expect(results[0]!.vector?.rank).toBe(1);
    expect(timings).toEqual({ vector_ms: expect.any(Number), keyword_ms: expect.any(Number) });
    const stats = await kb.stats();
    expect(stats).toMatchObject({ docs: 1, chunks: 2, dimensions: 256 });
    expect(stats.bytes).toBeGreaterThan(0);
  });

  it('answers unchanged for the same content hash and writes nothing', async () => {
    const kb = newBase();
    await kb.upsertDocument('doc1', 'same', [chunk(0, 'Original text about tomatoes.')]);
    const again = await kb.upsertDocument('doc1', 'same', [chunk(0, 'Different text about cucumbers.')]);
    expect(again).toEqual({ status: 'unchanged', chunk_count: 1 });
    expect((await kb.query({ text: 'cucumbers' })).results).toEqual([]);
    expect((await kb.query(ask('tomatoes'))).results.map((r) => r.text)).toEqual(['Original text about tomatoes.']);
  });

  it('replaces every chunk of a document when its hash changes', async () => {
    const kb = newBase();
    await kb.upsertDocument('doc1', 'v1', [chunk(0, 'The kiosk opens at eight.'), chunk(1, 'The kiosk sells newspapers.')]);
    await kb.query(ask('kiosk')); // loads the vector matrix, so the replace below must update it in place
    expect(await kb.upsertDocument('doc1', 'v2', [chunk(0, 'The bakery opens at seven.')])).toEqual({ status: 'replaced', chunk_count: 1 });
    const old = await kb.query(ask('kiosk opens at eight'));
    expect(old.results.map((r) => r.text)).toEqual(['The bakery opens at seven.']);
    expect((await kb.query({ text: 'kiosk newspapers' })).results).toEqual([]);
    expect((await kb.query(ask('bakery'))).results[0]).toMatchObject({ doc_id: 'doc1', position: 0 });
    expect(await kb.stats()).toMatchObject({ docs: 1, chunks: 1 });
  });

  it('drops a deleted document from results at once', async () => {
    const kb = newBase();
    await kb.upsertDocument('keep', 'k', [chunk(0, 'Bicycle parking is in the courtyard.')]);
    await kb.upsertDocument('gone', 'g', [chunk(0, 'The bicycle repair shop is closed on Sundays.')]);
    expect((await kb.query(ask('bicycle'))).results).toHaveLength(2);
    expect(await kb.deleteDocument('gone')).toEqual({ deleted: true, chunk_count: 1 });
    const after = await kb.query(ask('bicycle repair shop'));
    expect(after.results.map((r) => r.doc_id)).toEqual(['keep']);
    expect(await kb.deleteDocument('gone')).toEqual({ deleted: false, chunk_count: 0 });
    expect(await kb.stats()).toMatchObject({ docs: 1, chunks: 1 });
  });

  it('filters by document ids and by metadata, in both halves', async () => {
    const kb = newBase();
    await kb.upsertDocument('a', 'a', [chunk(0, 'Invoices are sent monthly.', [], { page: '1' }), chunk(1, 'Invoices list every seat.', [], { page: '2' })], {
      lang: 'en',
    });
    await kb.upsertDocument('b', 'b', [chunk(0, 'Rechnungen (invoices) kommen monatlich.')], { lang: 'de' });
    const byDoc = await kb.query({ ...ask('invoices'), filter: { docIds: ['b'] } });
    expect(byDoc.results.map((r) => r.doc_id)).toEqual(['b']);
    const byMeta = await kb.query({ ...ask('invoices'), filter: { metadata: { lang: 'en', page: '2' } } });
    expect(byMeta.results.map((r) => [r.doc_id, r.position])).toEqual([['a', 1]]);
    expect((await kb.query({ ...ask('invoices'), filter: { metadata: { lang: 'fr' } } })).results).toEqual([]);
    await kb.upsertDocument('c', 'c', [chunk(0, 'Invoices for numbered pages.', [], { page: 7 } as unknown as Record<string, string>)]);
    expect((await kb.query({ text: 'invoices', filter: { metadata: { page: '7' } } })).results.map((r) => r.doc_id)).toEqual(['c']);
    expect((await kb.query({ ...ask('invoices'), filter: { docIds: [] } })).results).toEqual([]);
  });

  it('treats FTS syntax in the query text as words', async () => {
    const kb = newBase();
    await kb.upsertDocument('doc', 'h', [chunk(0, 'Meet near the fountain, or wait AND see.'), chunk(1, 'Columns like text: and headings: are plain words.')]);
    for (const text of ['AND OR NEAR( "*', '"', 'NOT', '*', '^near', 'text:fountain', 'headings:x OR', '(((', 'near/3', '-', '']) {
      const res = await kb.query({ text, topK: 3 }); // keyword half only: FTS syntax must not error
      expect(Array.isArray(res.results), text).toBe(true);
    }
    expect((await kb.query({ text: 'NEAR( fountain' })).results[0]).toMatchObject({ position: 0 });
    expect((await kb.query({ text: 'text: headings:' })).results[0]).toMatchObject({ position: 1 });
  });

  it('matches words whatever their case and diacritics, and scripts other than Latin', async () => {
    const kb = newBase();
    await kb.upsertDocument('doc', 'h', [chunk(0, 'Crème brûlée is served at the Café Zoë.'), chunk(1, 'नमस्ते दुनिया, यह हिंदी में है।'), chunk(2, 'Plain text.')]);
    expect((await kb.query({ text: 'CREME BRULEE cafe zoe' })).results.map((r) => r.position)).toEqual([0]);
    expect((await kb.query({ text: 'नमस्ते' })).results.map((r) => r.position)).toEqual([1]);
  });

  it('never shows one knowledge base the chunks of another', async () => {
    const one = newBase();
    const two = newBase();
    await one.upsertDocument('doc', 'h', [chunk(0, 'Secret launch code is PELICAN-7.')]);
    await two.upsertDocument('doc', 'h', [chunk(0, 'Public cafeteria menu.')]);
    expect((await two.query(ask('PELICAN-7 launch code'))).results.map((r) => r.text)).toEqual(['Public cafeteria menu.']);
    expect((await two.query({ text: 'PELICAN' })).results).toEqual([]);
    expect(await two.stats()).toMatchObject({ docs: 1, chunks: 1 });
  });

  it('refuses embeddings of another size than the base holds', async () => {
    const kb = newBase();
    await kb.upsertDocument('a', 'a', [chunk(0, 'Sixteen dimensions are not enough.')]);
    const small = { position: 0, headings: [], text: 'x', tokens: 1, embedding: embedText('x', 16) };
    // Caught at once: an RPC promise rejected inside `expect().rejects` is also reported as unhandled.
    const refused = await kb.upsertDocument('b', 'b', [small]).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/embeddings have 16 dimensions, this knowledge base 256/);
    const wrongQuery = await kb.query({ text: 'x', embedding: embedText('x', 16) }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(wrongQuery).toMatch(/16 dimensions/);
  });
});

type Expect = { doc: string; position: number };
/** Named queries over the corpus and the passage each must find: paraphrases (the vector half's strength) and exact rare terms (the keyword half's). */
const QUERIES: Record<string, [string, Expect]> = {
  'refund in other words': ['How long until I see my money back?', { doc: 'returns', position: 1 }],
  'unsubscribe means terminate': ['I want to unsubscribe', { doc: 'billing', position: 3 }],
  'passphrase recovery': ['recover my passphrase', { doc: 'account-security', position: 0 }],
  'feeling ill': ["What should I do when I'm ill?", { doc: 'hr-handbook', position: 1 }],
  'vacation allowance': ['vacation allowance', { doc: 'hr-handbook', position: 0 }],
  'broken laptop': ['my laptop is broken', { doc: 'it-support', position: 0 }],
  'feeding a puppy': ['feeding a young dog', { doc: 'pet-care', position: 0 }],
  'erase my profile': ['delete my account and personal data', { doc: 'account-security', position: 4 }],
  'express shipping': ['fast courier option', { doc: 'shipping', position: 1 }],
  'leaving the company': ['how do I resign', { doc: 'hr-handbook', position: 4 }],
  'declined card code': ['E-4513', { doc: 'error-codes', position: 1 }],
  'daily limit code': ['what does E-4521 mean', { doc: 'error-codes', position: 2 }],
  'insurance policy number': ['TRV-88213-K', { doc: 'travel-policy', position: 2 }],
  'asset tag': ['LT-20931', { doc: 'it-support', position: 4 }],
  'vet by name': ['Okonkwo', { doc: 'pet-care', position: 3 }],
  'onboarding contact': ['Ingrid Castellanos', { doc: 'hr-handbook', position: 3 }],
  'vpn client': ['WireGuard', { doc: 'it-support', position: 3 }],
  'firmware version': ['firmware 3.2.1', { doc: 'devices', position: 2 }],
  'signature header': ['X-Edgent-Signature', { doc: 'api-guide', position: 2 }],
  'van plate': ['B-EG 4417', { doc: 'car-rental', position: 4 }],
};

describe('KnowledgeBase object: hybrid retrieval on a seeded corpus', () => {
  it('finds all 20 named passages in the top 3, where each half alone misses some', async () => {
    const kb = newBase();
    for (const d of corpus.documents) {
      const res = await kb.upsertDocument(
        d.doc_id,
        `hash-${d.doc_id}`,
        d.chunks.map((c, i) => chunk(i, c.text, c.headings)),
        d.metadata,
      );
      expect(res.status).toBe('created');
    }
    expect(Object.keys(QUERIES)).toHaveLength(20);
    const halves: { name: string; vector: number | null; keyword: number | null }[] = [];
    const misses: string[] = [];
    for (const [name, [text, want]] of Object.entries(QUERIES)) {
      const { results } = await kb.query({ ...ask(text), topK: 3 });
      const hit = results.find((r) => r.doc_id === want.doc && r.position === want.position);
      if (!hit) misses.push(`${name}: got ${results.map((r) => `${r.doc_id}/${r.position}`).join(', ')}`);
      else halves.push({ name, vector: hit.vector?.rank ?? null, keyword: hit.keyword?.rank ?? null });
    }
    expect(misses).toEqual([]);
    const inTop3 = (rank: number | null) => rank !== null && rank <= 3;
    // Computed from the halves' own ranks for the expected passage.
    const vectorMissed = halves.filter((h) => !inTop3(h.vector) && inTop3(h.keyword)).map((h) => h.name);
    const keywordMissed = halves.filter((h) => !inTop3(h.keyword) && inTop3(h.vector)).map((h) => h.name);
    expect(vectorMissed.length, JSON.stringify(halves)).toBeGreaterThan(0);
    expect(keywordMissed.length, JSON.stringify(halves)).toBeGreaterThan(0);
  });
});
