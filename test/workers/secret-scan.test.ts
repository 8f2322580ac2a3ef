// "No secret appears in any API answer or page": a tenant with connections of every auth type (whose secrets the
// local APIs echo back), tools on them, an agent that used every tool; then every API route and page this tenant
// can reach is fetched and scanned for each secret and its encodings.
import { SELF } from 'cloudflare:test';
import { describe, expect, it, inject } from 'vitest';
import { BASE, api, signup } from './helpers';

const API = inject('toolsApiUrl');
const LLM = inject('llmUrl');
const MCP_TOKEN = 'mcp-SECRET-token-5b7d9f1a3c2e';

const SECRETS = {
  model: 'sk-MODELSECRET-0a1b2c3d4e5f',
  bearer: 'tapi-BEARERSECRET-6a7b8c9d',
  header: 'HEADERSECRET-1f2e3d4c5b',
  query: 'QUERYSECRET-9z8y7x6w5v',
  basic: 'BASICSECRET-4u3t2s1r0q',
  mcp: MCP_TOKEN,
};

/** Every string that would reveal a secret: the secret itself and the encodings a request carries. */
const NEEDLES = [
  ...Object.values(SECRETS),
  btoa(`bot:${SECRETS.basic}`),
  'MODELSECRET',
  'BEARERSECRET',
  'HEADERSECRET',
  'QUERYSECRET',
  'BASICSECRET',
  'mcp-SECRET',
];

describe('secrets in answers and pages', () => {
  it('never appear in any API answer, SSE stream or page, after tools echoed them back', async () => {
    const a = await signup();
    const bodies: [string, string][] = [];
    const call = async (path: string, init: Parameters<typeof api>[1] = {}) => {
      const res = await api(path, { ...init, as: a });
      const text = await res.text();
      bodies.push([`${init.method ?? (init.body ? 'POST' : 'GET')} ${path} → ${res.status}`, text]);
      expect(res.status, `${path}: ${text.slice(0, 300)}`).toBeLessThan(500);
      return text ? (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) : null;
    };

    const conn = (body: Record<string, unknown>) => call('/api/v1/connections', { body });
    const model = await conn({ name: 'Model', kind: 'openai_compatible', base_url: LLM, auth: { type: 'bearer', secret: SECRETS.model } });
    const conns = [
      await conn({ name: 'Bearer', kind: 'http', base_url: `${API}/echo`, auth: { type: 'bearer', secret: SECRETS.bearer } }),
      await conn({ name: 'Header', kind: 'http', base_url: `${API}/echo`, auth: { type: 'header', secret: SECRETS.header, header_name: 'X-Api-Key' } }),
      await conn({
        name: 'Query',
        kind: 'http',
        base_url: `${API}/echo`,
        config: { health_path: '/health' },
        auth: { type: 'query', secret: SECRETS.query, param_name: 'key' },
      }),
      await conn({ name: 'Basic', kind: 'http', base_url: `${API}/echo`, auth: { type: 'basic', secret: SECRETS.basic, username: 'bot' } }),
    ];
    const mcp = await conn({ name: 'MCP', kind: 'mcp', base_url: `${API}/mcp`, auth: { type: 'bearer', secret: SECRETS.mcp } });
    const tools = [];
    for (const [i, c] of conns.entries()) {
      tools.push(
        await call('/api/v1/tools', {
          body: {
            name: `echo_${i}`,
            description: 'Echo',
            kind: 'http',
            parameters: { type: 'object', properties: { q: { type: 'string' } } },
            config: { method: 'POST', url: '/x', body: 'json' },
            connection_id: c.id,
          },
        }),
      );
    }
    const discovered = (await call(`/api/v1/connections/${mcp.id}/tools`, { method: 'POST' })).data;
    for (const c of [model, ...conns, mcp]) await call(`/api/v1/connections/${c.id}/test`, { method: 'POST' });

    const agent = await call('/api/v1/agents', {
      body: {
        name: 'Leaky',
        model: 'edgent-test',
        connection_id: model.id,
        tool_ids: [...tools.map((t) => t.id), ...discovered.map((t: any) => t.id), 'tol_fetch_url'],
      },
    });
    const session = await call(`/api/v1/agents/${agent.id}/sessions`, { body: {} });
    const everyTool = [
      ...tools.map((t) => `[[tool:${t.name} {"q":"hi"}]]`),
      '[[tool:add {"a":1,"b":2}]]',
      `[[tool:fetch_url {"url":"${API}/echo/page"}]]`,
    ].join(' ');
    await call(`/api/v1/sessions/${session.id}/messages`, { body: { content: everyTool } });
    await call(`/api/v1/sessions/${session.id}/messages`, { body: { content: everyTool, stream: true } });
    // the tools really were called with the credentials (the trace shows them redacted)
    const trace = await call(`/api/v1/sessions/${session.id}/trace`);
    expect(trace.data.filter((s: any) => s.type === 'tool' && s.ok)).toHaveLength(12);
    expect(JSON.stringify(trace)).toContain('[redacted]');

    for (const path of [
      '/api/v1/me',
      '/api/v1/api-keys',
      '/api/v1/connections',
      ...[model, ...conns, mcp].map((c) => `/api/v1/connections/${c.id}`),
      '/api/v1/tools',
      ...[...tools, ...discovered].map((t) => `/api/v1/tools/${t.id}`),
      '/api/v1/agents',
      `/api/v1/agents/${agent.id}`,
      `/api/v1/agents/${agent.id}/versions`,
      '/api/v1/sessions',
      `/api/v1/sessions/${session.id}`,
      `/api/v1/sessions/${session.id}/messages`,
      `/api/v1/sessions/${session.id}/trace`,
    ]) {
      await call(path);
    }
    await call(`/api/v1/connections/${conns[0].id}`, { method: 'PATCH', body: { name: 'Renamed' } });
    for (const page of ['/app', '/app/agents', `/app/agents/${agent.id}/chat`, `/app/agents/${agent.id}/chat?session=${session.id}`]) {
      const res = await SELF.fetch(BASE + page, { headers: { cookie: a.cookie } });
      expect(res.status, page).toBe(200);
      bodies.push([`page ${page}`, await res.text()]);
    }

    expect(bodies.length).toBeGreaterThan(40);
    for (const [where, text] of bodies) for (const needle of NEEDLES) expect(text.includes(needle), `${needle} in ${where}`).toBe(false);
  });
});
