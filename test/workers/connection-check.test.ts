// POST /api/v1/connections/:id/test (services/connection-check.ts): real checks against local servers, through the
// SSRF guard, with reasons a user can act on; never the secret in the answer.
import { describe, expect, it, inject } from 'vitest';
import { type Account, api, apiKey, expectError, signup } from './helpers';

const API = inject('toolsApiUrl');
const LLM = inject('llmUrl');
const MCP_TOKEN = 'mcp-SECRET-token-5b7d9f1a3c2e';

async function check(a: Account, body: Record<string, unknown>) {
  const created = await api('/api/v1/connections', { body: { name: 'Checked', ...body }, as: a });
  expect(created.status).toBe(201);
  const conn = (await created.json()) as any;
  const res = await api(`/api/v1/connections/${conn.id}/test`, { method: 'POST', as: a });
  expect(res.status).toBe(200);
  const r = (await res.json()) as { ok: boolean; latency_ms: number; message: string };
  expect(Object.keys(r).sort()).toEqual(['latency_ms', 'message', 'ok']);
  expect(r.latency_ms).toBeGreaterThanOrEqual(0);
  return r;
}

describe('connection tests', () => {
  it('lists the models of an OpenAI-compatible endpoint, and says when the key is rejected', async () => {
    const a = await signup();
    expect(await check(a, { kind: 'openai_compatible', base_url: LLM, auth: { type: 'bearer', secret: 'sk-good-key-123456' } })).toMatchObject({
      ok: true,
      message: 'Connected: 3 models available (edgent-test, gpt-4o-mini, gpt-4o)',
    });
    expect(await check(a, { kind: 'openai_compatible', base_url: LLM, auth: { type: 'bearer', secret: 'bad-key' } })).toMatchObject({
      ok: false,
      message: 'The API key was rejected (HTTP 401)',
    });
    expect(await check(a, { kind: 'openai_compatible', base_url: API, auth: { type: 'none' } })).toMatchObject({
      ok: false,
      message: expect.stringContaining('404 for /models: check the base URL'),
    });
    expect(await check(a, { kind: 'openai', base_url: `${API}/echo`, auth: { type: 'bearer', secret: 'sk-x-123456' } })).toMatchObject({
      ok: false,
      message: expect.stringContaining('not with an OpenAI-style model list'),
    });
  });

  it('requests the health path of an http connection with its credential', async () => {
    const a = await signup();
    expect(await check(a, { kind: 'http', base_url: API, config: { health_path: '/health' }, auth: { type: 'none' } })).toMatchObject({
      ok: true,
      message: 'Reachable: HTTP 200 for /health',
    });
    expect(await check(a, { kind: 'http', base_url: API, auth: { type: 'none' } })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/HTTP 404 for the base URL; set config.health_path/),
    });
    const header = { type: 'header', header_name: 'X-Api-Key' };
    expect(
      await check(a, { kind: 'http', base_url: `${API}/private`, config: { health_path: '/health' }, auth: { ...header, secret: 'hk-good-key-123' } }),
    ).toMatchObject({ ok: true });
    expect(
      await check(a, { kind: 'http', base_url: `${API}/private`, config: { health_path: '/health' }, auth: { ...header, secret: 'hk-bad-key-456' } }),
    ).toMatchObject({
      ok: false,
      message: 'The credentials were rejected (HTTP 403 for /health)',
    });
  });

  it('initializes an MCP server and lists its tools, and tells a URL that does not speak MCP', async () => {
    const a = await signup();
    expect(await check(a, { kind: 'mcp', base_url: `${API}/mcp`, auth: { type: 'bearer', secret: MCP_TOKEN } })).toMatchObject({
      ok: true,
      message: 'Connected to edgent-test-mcp: 2 tools (add, lookup_order)',
    });
    expect(await check(a, { kind: 'mcp', base_url: `${API}/mcp-json`, auth: { type: 'bearer', secret: MCP_TOKEN } })).toMatchObject({ ok: true });
    const bad = await check(a, { kind: 'mcp', base_url: `${API}/mcp`, auth: { type: 'bearer', secret: 'nope-nope-nope' } });
    expect(bad).toEqual({ ok: false, latency_ms: expect.any(Number), message: 'The MCP server refused the credentials (HTTP 401): check the token' });
    expect(await check(a, { kind: 'mcp', base_url: `${API}/health`, auth: { type: 'none' } })).toMatchObject({
      ok: false,
      message: expect.stringContaining('does not speak MCP'),
    });
  });

  it('explains network failures: unreachable, blocked by the guard, TLS', async () => {
    const a = await signup();
    expect(await check(a, { kind: 'http', base_url: 'http://127.0.0.1:9', auth: { type: 'none' } })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Could not connect to the server.*Check the base URL/),
    });
    expect(
      await check(a, { kind: 'openai_compatible', base_url: 'http://169.254.169.254/v1', auth: { type: 'bearer', secret: 'sk-123456789' } }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('Blocked by the network guard: 169.254.169.254 is a cloud metadata address'),
    });
    // https to a server that speaks plain http: the handshake fails
    const tls = await check(a, { kind: 'http', base_url: API.replace('http:', 'https:'), auth: { type: 'none' } });
    expect(tls).toMatchObject({ ok: false, message: expect.stringMatching(/^The https connection failed \(TLS handshake.*certificate/) });
  });

  it('never puts the secret in the answer, even when the server echoes it', async () => {
    const a = await signup();
    const secret = 'qs-secret-value-424242';
    const r = await check(a, { kind: 'http', base_url: `${API}/status/500`, auth: { type: 'query', secret, param_name: 'key' } });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain(secret);
  });

  it("answers 404 for another tenant's connection and 403 without the write scope", async () => {
    const a = await signup();
    const b = await signup();
    const conn = (await (await api('/api/v1/connections', { body: { name: 'A', kind: 'http', base_url: API, auth: { type: 'none' } }, as: a })).json()) as any;
    await expectError(await api(`/api/v1/connections/${conn.id}/test`, { method: 'POST', as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/connections/${conn.id}/test`, { method: 'POST', as: { key: await apiKey(b) } }), 404, 'not_found');
    await expectError(
      await api(`/api/v1/connections/${conn.id}/test`, { method: 'POST', as: { key: await apiKey(a, ['connections:read']) } }),
      403,
      'insufficient_scope',
    );
    await expectError(await api('/api/v1/connections/con_00000000000000000000000000/test', { method: 'POST', as: a }), 404, 'not_found');
  });

  it('validates config.health_path', async () => {
    const a = await signup();
    const err = await expectError(
      await api('/api/v1/connections', { body: { name: 'x', kind: 'http', base_url: API, config: { health_path: 'health' }, auth: { type: 'none' } }, as: a }),
      400,
    );
    expect(err.details).toEqual([{ path: 'config.health_path', message: expect.stringContaining('starting with /') }]);
    await expectError(
      await api('/api/v1/connections', { body: { name: 'x', kind: 'http', base_url: API, config: { other: 1 }, auth: { type: 'none' } }, as: a }),
      400,
    );
  });
});
