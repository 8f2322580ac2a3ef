// @edgent/sdk knowledge bases against the real Worker (the SDK's fetch is SELF.fetch; ingestion by the real queue
// consumer and the test upstream's /embeddings): create, list, get, update; documents added as a file (multipart),
// as text and by URL, waited on until ready, their chunks, a search that finds them, delete; typed errors.
import { SELF } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { BASE, apiKey, signup } from '../../test/workers/helpers';
import { Edgent, EdgentError, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

describe('@edgent/sdk knowledge bases', () => {
  it('manages bases and documents, searches them, and surfaces refusals as EdgentError', async () => {
    const a = await signup('SDK Knowledge');
    const edgent = new Edgent({ apiKey: await apiKey(a), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    const kb = await edgent.knowledgeBases.create({ name: 'Support', description: 'Answers for customers' });
    expect(kb).toMatchObject({ name: 'Support', document_count: 0 });
    expect((await edgent.knowledgeBases.list()).data.map((b) => b.id)).toEqual([kb.id]);
    expect(await edgent.knowledgeBases.update(kb.id, { description: 'Customer answers' })).toMatchObject({ description: 'Customer answers' });

    const file = await edgent.knowledgeBases.documents.add(kb.id, {
      file: new Blob(['# Returns\n\nItems may be returned within 30 days with the receipt.'], { type: 'text/markdown' }),
      filename: 'returns.md',
    });
    expect(file).toMatchObject({ status: 'queued', title: 'returns' });
    const text = await edgent.knowledgeBases.documents.add(kb.id, { title: 'Opening hours', text: 'The shop opens at nine and closes at six.' });
    const tools = inject('toolsApiUrl');
    await fetch(`${tools}/pages/sdk-warranty.html`, {
      method: 'PUT',
      headers: { 'content-type': 'text/html' },
      body: '<title>Warranty</title><p>Every kettle has a two-year warranty.</p>',
    });
    const page = await edgent.knowledgeBases.documents.add(kb.id, { url: `${tools}/pages/sdk-warranty.html` });
    for (const d of [file, text, page]) {
      const done = await edgent.knowledgeBases.documents.waitUntilReady(kb.id, d.id, { intervalMs: 100, timeoutMs: 20_000 });
      expect(done.status, done.error ?? '').toBe('ready');
    }
    expect((await edgent.knowledgeBases.documents.list(kb.id)).data).toHaveLength(3);
    expect(await edgent.knowledgeBases.documents.get(kb.id, page.id)).toMatchObject({ source: 'url', title: 'Warranty' });
    const chunks = await edgent.knowledgeBases.documents.chunks(kb.id, file.id);
    expect(chunks[0]).toMatchObject({ position: 0, headings: ['Returns'] });

    const found = await edgent.knowledgeBases.query(kb.id, 'how long is the kettle warranty?');
    expect(found.data[0]).toMatchObject({ document_id: page.id, title: 'Warranty' });
    expect((await edgent.knowledgeBases.query(kb.id, { query: 'returned within 30 days', top_k: 1 })).data).toHaveLength(1);

    await edgent.knowledgeBases.documents.delete(kb.id, page.id);
    expect((await edgent.knowledgeBases.query(kb.id, 'kettle warranty')).data.map((p) => p.document_id)).not.toContain(page.id);
    const unsupported = await edgent.knowledgeBases.documents
      .add(kb.id, { file: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2])], { type: 'image/png' }), filename: 'x.png' })
      .catch((e: unknown) => e);
    expect(unsupported).toBeInstanceOf(EdgentError);
    expect(unsupported).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(await edgent.knowledgeBases.documents.get(kb.id, page.id).catch((e: unknown) => e)).toMatchObject({ status: 404, code: 'not_found' });
    await edgent.knowledgeBases.delete(kb.id);
    expect((await edgent.knowledgeBases.list()).data).toEqual([]);
  });
});
