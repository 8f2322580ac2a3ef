// The operator's OPENAI_BASE_URL is trusted configuration (llm/providers.ts): it works on a private address with
// ALLOW_PRIVATE_NETWORK=false, while a tenant connection to the same private address stays refused.
import { env } from 'cloudflare:test';
import { describe, expect, it, inject } from 'vitest';
import type { Bindings } from '../../worker/env';
import { streamChatCompletion } from '../../worker/llm/openai-stream';
import { resolveProvider } from '../../worker/llm/providers';
import type { ConnectionRef } from '../../worker/llm/snapshot';

// The test upstream listens on 127.0.0.1: a private (loopback) address.
const LLM = inject('llmUrl');
const production = { ...env, ALLOW_PRIVATE_NETWORK: 'false', OPENAI_BASE_URL: LLM, OPENAI_API_KEY: 'test-operator-key' } as Bindings;

async function ask(provider: ReturnType<typeof resolveProvider>) {
  if (provider?.kind !== 'openai') throw new Error('expected an OpenAI-style provider');
  let text = '';
  const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi' }], stream: true };
  for await (const c of streamChatCompletion(provider.endpoint, body, new AbortController().signal)) text += c.choices?.[0]?.delta?.content ?? '';
  return text;
}

/** The model call wraps what fetch threw (here the guard's OutboundError) as a connection error: the cause says why. */
async function refusal(provider: ReturnType<typeof resolveProvider>): Promise<string> {
  try {
    await ask(provider);
  } catch (e) {
    return String((e as { cause?: { message?: string } }).cause?.message ?? e);
  }
  return 'no error';
}

describe('the operator endpoint under ALLOW_PRIVATE_NETWORK=false', () => {
  it('calls the operator OPENAI_BASE_URL on a private address', async () => {
    expect(new URL(LLM).hostname).toBe('127.0.0.1');
    const provider = resolveProvider(production, 'gpt-4o-mini', null, null);
    expect(provider?.label).toBe(LLM);
    expect(await ask(provider)).toBeTypeOf('string');
  });

  it('refuses a tenant connection to the same private address', async () => {
    const conn: ConnectionRef = { id: 'con_x', kind: 'openai_compatible', baseUrl: LLM, authType: 'bearer', authMeta: {} };
    const provider = resolveProvider(production, 'gpt-4o-mini', conn, 'tenant-secret');
    expect(await refusal(provider)).toMatch(/network guard.*loopback/i);
  });

  it('still refuses a metadata address even as the operator endpoint', async () => {
    const provider = resolveProvider({ ...production, OPENAI_BASE_URL: 'http://169.254.169.254/v1' } as Bindings, 'gpt-4o-mini', null, null);
    expect(await refusal(provider)).toMatch(/network guard.*metadata/i);
  });
});
