// JSON bodies (lib/validate.ts): text that is not valid Unicode is refused with 400, never stored as U+FFFD.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, api, apiKey, expectError, signup } from './helpers';

describe('lone UTF-16 surrogates in JSON bodies', () => {
  it('refuses a lone high or low surrogate in a value with 400 naming the field', async () => {
    const a = await signup();
    for (const raw of ['"bad \\ud800 text"', '"\\udc00"', '"ok \\ud83d\\ude00 then \\ud83d"']) {
      const res = await api('/api/v1/agents', { body: `{"name": ${raw}, "model": "gpt-4o-mini"}`, as: a });
      const err = await expectError(res, 400, 'validation_failed');
      expect(err.details?.[0]?.path).toBe('name');
    }
    const list = (await (await api('/api/v1/agents', { as: a })).json()) as { data: { name: string }[] };
    expect(list.data.some((x) => x.name.includes('\ufffd'))).toBe(false);
  });

  it('refuses a lone surrogate in a nested value or an object key', async () => {
    const a = await signup();
    const agents = (await (await api('/api/v1/agents', { as: a })).json()) as { data: { id: string }[] };
    const res = await api(`/api/v1/agents/${agents.data[0]!.id}/sessions`, { body: '{"metadata": {"tags": ["fine", "x\\udbff"]}}', as: a });
    expect((await expectError(res, 400, 'validation_failed')).details?.[0]?.path).toBe('metadata.tags.1');
    const key = await api(`/api/v1/agents/${agents.data[0]!.id}/sessions`, { body: '{"metadata": {"\\ud800": 1}}', as: a });
    await expectError(key, 400, 'validation_failed');
  });

  it('refuses bytes that are not UTF-8 (a surrogate encoded as bytes) instead of storing U+FFFD', async () => {
    const a = await signup();
    const body = new Uint8Array([...new TextEncoder().encode('{"name": "x'), 0xed, 0xa0, 0x80, ...new TextEncoder().encode('", "model": "m"}')]);
    const res = await SELF.fetch(`${BASE}/api/v1/agents`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    await expectError(res, 400, 'validation_failed');
  });

  it('keeps valid text with astral characters and a real U+FFFD', async () => {
    const a = await signup();
    const res = await api('/api/v1/agents', { body: '{"name": "Bot \\ud83d\\ude00 \ufffd", "model": "gpt-4o-mini"}', as: a });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { name: string }).name).toBe('Bot 😀 \ufffd');
  });

  it('answers an MCP request with a lone surrogate with a JSON-RPC error, not a stored U+FFFD', async () => {
    const a = await signup();
    const key = await apiKey(a);
    const res = await api('/mcp', {
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"message":"\\ud800"}}}',
      as: { key },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/surrogate/);
  });
});
