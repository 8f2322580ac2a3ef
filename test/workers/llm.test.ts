// Model-call building blocks (worker/llm/): the context window trim, the Workers AI adapter, error classification.
import { APIConnectionError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { completeStep } from '../../worker/llm/complete';
import { type WireMessage, fitToContext } from '../../worker/llm/history';
import { classify } from '../../worker/llm/model-error';
import { OutboundError } from '../../worker/lib/outbound';

const user = (n: number, size = 400): WireMessage => ({ role: 'user', content: `${n} ${'x'.repeat(size)}` });
const system: WireMessage = { role: 'system', content: 'You are helpful.' };

describe('fitToContext', () => {
  it('keeps everything that fits, system first', () => {
    const history = [user(1), { role: 'assistant', content: 'a' } as WireMessage, user(2)];
    expect(fitToContext(system, history, 'gpt-4o')).toEqual([system, ...history]);
  });

  it('drops the oldest turns first when over budget, never the instructions', () => {
    const history = Array.from({ length: 50 }, (_, i) => user(i, 4000)); // ~1,000 tokens each
    const out = fitToContext(system, history, 'unknown-model', 4096 + 10_000);
    expect(out[0]).toBe(system);
    expect(out.length).toBeLessThan(20);
    expect(out[out.length - 1]).toBe(history[49]);
    expect((out[1] as { content: string }).content.startsWith(String(50 - (out.length - 1)))).toBe(true);
  });

  it('never separates a tool call from its results', () => {
    const call: WireMessage = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 't', arguments: 'y'.repeat(4000) } }],
    };
    const result: WireMessage = { role: 'tool', content: 'r'.repeat(4000), tool_call_id: 'c1' };
    const history = [user(1, 10), call, result, user(2, 10)];
    const out = fitToContext(system, history, 'm', 4096 + 1500);
    expect(out.some((m) => m.role === 'tool')).toBe(out.some((m) => m.role === 'assistant'));
    expect(out[out.length - 1]).toBe(history[3]);
  });

  it('always sends the newest message even when it alone is over budget', () => {
    const big = user(1, 200_000);
    expect(fitToContext(system, [user(0), big], 'm', 5000)).toEqual([system, big]);
  });
});

describe('Workers AI adapter', () => {
  it('streams @cf/ model text through the AI binding as deltas with usage', async () => {
    const frames = [
      'data: {"response":"Hel"}\n\n',
      'data: {"response":"lo"}\n\n',
      'data: {"usage":{"prompt_tokens":7,"completion_tokens":2}}\n\n',
      'data: [DONE]\n\n',
    ];
    let input: any;
    const ai = {
      run: async (_model: string, i: unknown) => {
        input = i;
        return new ReadableStream({ start: (c) => (frames.forEach((f) => c.enqueue(new TextEncoder().encode(f))), c.close()) });
      },
    } as unknown as Ai;
    const deltas: string[] = [];
    const r = await completeStep(
      { kind: 'workers_ai', ai, label: 'Workers AI' },
      { model: '@cf/meta/llama', messages: [system, user(1, 1)], tools: [], temperature: 0.5 },
      {
        signal: new AbortController().signal,
        timeoutMs: 1000,
        onDelta: (t) => deltas.push(t),
      },
    );
    expect(deltas).toEqual(['Hel', 'lo']);
    expect(r).toMatchObject({ text: 'Hello', usage: { input: 7, output: 2 }, finishReason: 'stop' });
    expect(input).toMatchObject({ stream: true, temperature: 0.5, messages: [{ role: 'system' }, { role: 'user' }] });
  });
});

describe('classify', () => {
  const ctx = { timedOut: false, cancelled: false, timeoutMs: 30_000, model: 'gpt-x' };
  it.each([
    [401, 'upstream_auth', false],
    [403, 'upstream_auth', false],
    [404, 'upstream_bad_request', false],
    [400, 'upstream_bad_request', false],
    [429, 'upstream_rate_limited', true],
    [500, 'upstream_error', true],
    [503, 'upstream_error', true],
  ])('HTTP %i → %s (retry: %s)', (status, code, retryable) => {
    const e = classify(APIError.generate(status, { message: 'x' }, 'x', new Headers()), ctx);
    expect([e.code, e.retryable]).toEqual([code, retryable]);
  });

  it('names our own timeout and a user cancel', () => {
    expect(classify(new Error('aborted'), { ...ctx, timedOut: true }).code).toBe('upstream_timeout');
    expect(classify(new Error('aborted'), { ...ctx, cancelled: true }).code).toBe('cancelled');
    expect(classify(new Error('Network connection lost.'), ctx).code).toBe('upstream_interrupted');
  });

  it('reports a refused or unresolvable provider as "could not connect", naming its host', () => {
    const at = { ...ctx, endpoint: 'http://127.0.0.1:9/v1' };
    const refused = classify(new APIConnectionError({ cause: new OutboundError('unreachable', 'Could not connect to the server: connection refused.') }), at);
    expect([refused.code, refused.message]).toEqual([
      'upstream_unreachable',
      expect.stringMatching(/^Could not connect to 127\.0\.0\.1:9: connection refused\. Check the connection's base URL/),
    ]);
    expect(classify(new OutboundError('dns', 'The host name could not be resolved: x'), { ...ctx, endpoint: 'https://nope.invalid/v1' }).message).toContain(
      'Could not connect to nope.invalid',
    );
    expect(classify(new OutboundError('blocked', 'Blocked by the network guard'), at).code).toBe('upstream_bad_request');
  });
});
