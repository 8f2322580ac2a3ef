// POST /v1/embeddings of the test upstream, driven by the real `openai` SDK (`client.embeddings.create`): the wire
// format (float and base64, dimensions, usage), OpenAI-style 400s, and vectors that put paraphrases together.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLlmUpstream, type LlmUpstream } from '../fixtures/llm-upstream.mjs';
import { embedText } from '../fixtures/llm-upstream/embed-algorithm.mjs';

let llm: LlmUpstream;
let client: OpenAI;
const model = 'text-embedding-3-small';

beforeAll(async () => {
  llm = await startLlmUpstream();
  client = new OpenAI({ baseURL: llm.url, apiKey: 'test', maxRetries: 0 });
});
afterAll(() => llm.close());
beforeEach(() => llm.reset());

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
};
const norm = (a: number[]) => Math.hypot(...a);

async function post(body: unknown) {
  const res = await fetch(`${llm.url}/embeddings`, {
    method: 'POST',
    headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /v1/embeddings', () => {
  it('answers a list of unit vectors, 256 dimensions by default, with usage (SDK default: base64 on the wire)', async () => {
    const res = await client.embeddings.create({ model, input: ['How do I reset my password?', 'Shipping takes three days.'] });
    expect(res.object).toBe('list');
    expect(res.model).toBe(model);
    expect(res.data.map((d) => [d.object, d.index])).toEqual([
      ['embedding', 0],
      ['embedding', 1],
    ]);
    for (const d of res.data) {
      expect(d.embedding).toHaveLength(256);
      expect(norm(d.embedding)).toBeCloseTo(1, 5);
    }
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage.total_tokens).toBe(res.usage.prompt_tokens);
    // The SDK asked for base64 and decoded it: the same numbers as the float answer.
    expect(JSON.parse(llm.requests[0]!.raw).encoding_format).toBe('base64');
    const float = await client.embeddings.create({ model, input: 'How do I reset my password?', encoding_format: 'float' });
    expect(float.data[0]!.embedding).toEqual(res.data[0]!.embedding);
  });

  it('is deterministic and equal to the exported algorithm', async () => {
    const text = 'The automobile warranty covers the battery.';
    const [a, b] = await Promise.all([
      client.embeddings.create({ model, input: text, encoding_format: 'float' }),
      client.embeddings.create({ model, input: text, encoding_format: 'float' }),
    ]);
    expect(a.data[0]!.embedding).toEqual(b.data[0]!.embedding);
    expect(a.data[0]!.embedding).toEqual(Array.from(embedText(text)));
  });

  it('honours dimensions', async () => {
    const res = await client.embeddings.create({ model, input: 'hello world', dimensions: 64 });
    expect(res.data[0]!.embedding).toHaveLength(64);
    expect(norm(res.data[0]!.embedding)).toBeCloseTo(1, 5);
  });

  it('puts paraphrases closer than unrelated text, and blurs near-identical codes', async () => {
    const res = await client.embeddings.create({
      model,
      encoding_format: 'float',
      input: [
        'How can I get my money back?',
        'Our reimbursement policy for returned orders',
        'Water your houseplants once a week',
        'error E-4512',
        'error E-4513',
      ],
    });
    const [q, para, other, code1, code2] = res.data.map((d) => d.embedding);
    expect(cosine(q!, para!)).toBeGreaterThan(0.3);
    expect(cosine(q!, para!)).toBeGreaterThan(cosine(q!, other!) + 0.2);
    expect(cosine(code1!, code2!)).toBeGreaterThan(0.9);
  });

  it('accepts token arrays as input', async () => {
    const res = await client.embeddings.create({
      model,
      input: [
        [1, 2, 3],
        [4, 5],
      ],
    });
    expect(res.data).toHaveLength(2);
  });

  it('refuses bad input with OpenAI-style 400s', async () => {
    const cases: [unknown, string | null, RegExp][] = [
      [{ model, input: '' }, null, /'\$\.input' is invalid/],
      [{ model, input: [] }, null, /'\$\.input' is invalid/],
      [{ model, input: ['ok', 3] }, null, /'\$\.input' is invalid/],
      [{ model }, 'input', /Missing required parameter: 'input'/],
      [{ input: 'x' }, null, /you must provide a model parameter/],
      [{ model, input: 'x', encoding_format: 'int8' }, 'encoding_format', /Invalid value for 'encoding_format'/],
      [{ model, input: 'x', dimensions: 0 }, 'dimensions', /Expected a value >= 1/],
      [{ model, input: 'x', dimensions: 5000 }, 'dimensions', /Expected a value <= 1536/],
      [{ model: 'text-embedding-ada-002', input: 'x', dimensions: 8 }, 'dimensions', /does not support specifying dimensions/],
    ];
    for (const [body, param, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.type).toBe('invalid_request_error');
      expect(res.body.error.param).toBe(param);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('answers the SDK with typed errors: unknown model 404, missing key 401', async () => {
    await expect(client.embeddings.create({ model: 'nope', input: 'x' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const res = await fetch(`${llm.url}/embeddings`, { method: 'POST', body: JSON.stringify({ model, input: 'x' }) });
    expect(res.status).toBe(401);
  });

  it('fails scripted inputs the first N times', async () => {
    const input = 'flaky [[error:503 times:1]]';
    await expect(client.embeddings.create({ model, input })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const ok = await client.embeddings.create({ model, input });
    expect(ok.data).toHaveLength(1);
  });
});
