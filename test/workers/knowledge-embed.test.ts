// embedTexts against the test upstream's POST /v1/embeddings over HTTP (the operator default and a tenant
// connection), batching, bounded retries, typed errors without the key, the SSRF guard, and Workers AI batches.
import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { embedText } from '../fixtures/llm-upstream/embed-algorithm.mjs';
import { EmbeddingError, embeddingTarget, embedTexts } from '../../worker/knowledge/embed';
import { knowledgeStore } from '../../worker/knowledge/store';
import { embeddingText, searchKnowledgeBase } from '../../worker/knowledge/store-search';
import type { ConnectionRef } from '../../worker/llm/snapshot';

const LLM_ORIGIN = new URL(inject('llmUrl')).origin;
const model = 'text-embedding-3-small';
const operator = (dimensions?: number) => embeddingTarget(env, model, null, null, dimensions);
const connection = (baseUrl: string): ConnectionRef => ({ id: 'conn_1', kind: 'openai_compatible', baseUrl, authType: 'bearer', authMeta: {} });

async function requestsWith(marker: string) {
  const r = await fetch(`${LLM_ORIGIN}/_control/requests?contains=${encodeURIComponent(marker)}`);
  return ((await r.json()) as { data: { path: string; raw: string }[] }).data.filter((d) => d.path === '/v1/embeddings');
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as EmbeddingError,
  );

describe('embedTexts', () => {
  it('embeds through the operator-default upstream, in order, as the upstream computes them', async () => {
    const texts = ['How do I reset my password?', 'Pool cars need a full tank.', 'Invoices arrive monthly.'];
    const vectors = await embedTexts(operator(), texts);
    expect(vectors).toHaveLength(3);
    vectors.forEach((v, i) => {
      expect(v).toBeInstanceOf(Float32Array);
      expect(Array.from(v)).toEqual(Array.from(embedText(texts[i]!)));
    });
  });

  it('sends batches of batchSize and asks for the dimensions given', async () => {
    const marker = `batch-${crypto.randomUUID()}`;
    const texts = Array.from({ length: 150 }, (_, i) => `${marker} passage number ${i}`);
    const vectors = await embedTexts(operator(64), texts, { batchSize: 64 });
    expect(vectors).toHaveLength(150);
    expect(vectors.every((v) => v.length === 64)).toBe(true);
    const sent = (await requestsWith(marker)).map((r) => JSON.parse(r.raw));
    expect(sent.map((b) => b.input.length)).toEqual([64, 64, 22]);
    expect(sent[0]).toMatchObject({ model, dimensions: 64, encoding_format: 'float' });
    expect(Array.from(vectors[149]!)).toEqual(Array.from(embedText(texts[149]!, 64)));
  });

  it('retries rate limits and server errors, then succeeds', async () => {
    const marker = `flaky-${crypto.randomUUID()}`;
    const vectors = await embedTexts(operator(), [`${marker} [[error:503 times:2]]`], { retryBaseMs: 5 });
    expect(vectors).toHaveLength(1);
    expect(await requestsWith(marker)).toHaveLength(3);
    const limited = `limited-${crypto.randomUUID()}`;
    expect(await embedTexts(operator(), [`${limited} [[error:429 times:1]]`], { retryBaseMs: 5 })).toHaveLength(1);
    expect(await requestsWith(limited)).toHaveLength(2);
  });

  it('gives up after the bounded attempts with a typed, retryable error', async () => {
    const marker = `down-${crypto.randomUUID()}`;
    const err = await failure(embedTexts(operator(), [`${marker} [[error:500]]`], { retryBaseMs: 5, attempts: 3 }));
    expect(err).toBeInstanceOf(EmbeddingError);
    expect(err).toMatchObject({ code: 'upstream', status: 500, retryable: true });
    expect(err!.message).toMatch(/embedding provider failed \(500\)/);
    expect(await requestsWith(marker)).toHaveLength(3);
  });

  it('does not retry a refused request and names the reason', async () => {
    const err = await failure(embedTexts(embeddingTarget(env, 'no-such-model', null, null), ['hello']));
    expect(err).toMatchObject({ code: 'bad_request', status: 404 });
    expect(err!.message).toMatch(/no-such-model/);
    expect(await failure(embedTexts(operator(), ['fine', '  ']))).toMatchObject({ code: 'bad_request' });
  });

  it('uses a tenant connection with its key, and never repeats a refused key', async () => {
    const marker = `tenant-${crypto.randomUUID()}`;
    const ok = embeddingTarget(env, model, connection(env.LLM_URL), 'sk-tenant-key-0123456789');
    expect(await embedTexts(ok, [marker])).toHaveLength(1);
    const bad = embeddingTarget(env, model, connection(env.LLM_URL), 'bad-key');
    const err = await failure(embedTexts(bad, ['hello']));
    expect(err).toMatchObject({ code: 'auth', status: 401 });
    expect(err!.message).not.toContain('bad-key');
    expect(err!.message).toContain('***');
  });

  it('refuses a tenant base URL the SSRF guard blocks', async () => {
    const target = embeddingTarget(env, model, connection('http://169.254.169.254/v1'), 'sk-x');
    const err = await failure(embedTexts(target, ['hello']));
    expect(err).toMatchObject({ code: 'blocked' });
  });

  it('embeds `@cf/` models through Workers AI in batches of at most 100', async () => {
    const calls: { model: string; text: string[] }[] = [];
    const ai = {
      run: async (m: string, input: { text: string[] }) => {
        calls.push({ model: m, text: input.text });
        return { shape: [input.text.length, 4], data: input.text.map((t) => [t.length, 1, 0, 0]) };
      },
    } as unknown as Ai;
    const target = embeddingTarget({ ...env, AI: ai }, '@cf/baai/bge-base-en-v1.5', null, null);
    const texts = Array.from({ length: 130 }, (_, i) => 'x'.repeat(i + 1));
    const vectors = await embedTexts(target, texts, { batchSize: 500 });
    expect(calls.map((c) => [c.model, c.text.length])).toEqual([
      ['@cf/baai/bge-base-en-v1.5', 100],
      ['@cf/baai/bge-base-en-v1.5', 30],
    ]);
    expect(vectors[129]![0]).toBe(130);
    expect(await failure(Promise.resolve().then(() => embeddingTarget({ ...env, AI: undefined }, '@cf/baai/bge-base-en-v1.5', null, null)))).toMatchObject({
      code: 'no_provider',
    });
  });
});

describe('searchKnowledgeBase', () => {
  const passages = [
    { headings: ['Returns', 'Reimbursement'], text: 'Reimbursement goes to the original card within five business days.' },
    { headings: ['Shipping'], text: 'Standard delivery takes three to five working days.' },
    { headings: ['Error codes'], text: 'E-4512: the payment gateway did not answer in time.' },
  ];
  async function seeded() {
    const kbId = `kb_search_${crypto.randomUUID()}`;
    const vectors = await embedTexts(operator(), passages.map(embeddingText));
    await knowledgeStore(env, kbId).upsertDocument(
      'faq',
      'h1',
      passages.map((p, i) => ({ position: i, ...p, tokens: 10, embedding: vectors[i]! })),
    );
    return kbId;
  }

  it('embeds the query through the upstream and answers the hybrid top-k with wall times', async () => {
    const kbId = await seeded();
    const answer = await searchKnowledgeBase(env, kbId, operator(), 'how do I get my money back', { topK: 2 });
    expect(answer.degraded).toBeNull();
    expect(answer.results[0]).toMatchObject({ doc_id: 'faq', position: 0, keyword: null, vector: { rank: 1 } });
    expect(answer.timings).toEqual({ embed_ms: expect.any(Number), query_ms: expect.any(Number) });
  });

  it('falls back to the keyword half when the embedding provider fails, and says why', async () => {
    const kbId = await seeded();
    const broken = embeddingTarget(env, model, connection('http://169.254.169.254/v1'), 'sk-x');
    const answer = await searchKnowledgeBase(env, kbId, broken, 'E-4512 gateway');
    expect(answer.degraded?.reason).toBeTruthy();
    expect(answer.results.map((r) => [r.position, r.vector])).toEqual([[2, null]]);
    expect((await searchKnowledgeBase(env, kbId, null, 'delivery')).degraded).not.toBeNull();
  });
});
