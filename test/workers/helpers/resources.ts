// Tenant resources made through the public API (agents, conversations, connections, tools, embed keys), typed with
// the fields tests read; the answer's other fields are there too.
import { expect } from 'vitest';
import { type Caller, api } from './api';

export type Agent = { id: string; slug: string; name: string; version: number; model: string; [field: string]: unknown };
export type Session = { id: string; agent_id: string; agent_version: number; [field: string]: unknown };
export type Connection = { id: string; name: string; kind: string; base_url: string | null; [field: string]: unknown };
export type Tool = { id: string; name: string; kind: string; [field: string]: unknown };
export type EmbedKey = { id: string; public_key: string; agent_id: string; [field: string]: unknown };

/** POSTs JSON as `as` and returns the answer; any other status than `status` fails with the answer's body. */
export async function post<T = any>(as: Caller, path: string, body: unknown = {}, status = 201): Promise<T> {
  const res = await api(path, { method: 'POST', body, as });
  if (res.status !== status) throw new Error(`POST ${path} → ${res.status} (expected ${status}): ${await res.text()}`);
  return (await res.json()) as T;
}

/** An agent on the scripted test model (test/fixtures/llm-upstream.mjs); `body` overrides any field. */
export const createAgent = (as: Caller, body: Record<string, unknown> = {}) =>
  post<Agent>(as, '/api/v1/agents', { name: 'Test agent', model: 'edgent-test', ...body });

/** The "Hello World" agent every new organization starts with. */
export async function helloWorld(as: Caller): Promise<Agent> {
  const res = await api('/api/v1/agents?limit=100', { as });
  expect(res.status).toBe(200);
  const agent = ((await res.json()) as { data: Agent[] }).data.find((x) => x.slug === 'hello-world');
  if (!agent) throw new Error('this organization has no hello-world agent');
  return agent;
}

export const createSession = (as: Caller, agentId: string, body: Record<string, unknown> = {}) => post<Session>(as, `/api/v1/agents/${agentId}/sessions`, body);

/** An HTTP connection with a bearer secret unless `body` says otherwise. */
export const createConnection = (as: Caller, body: Record<string, unknown> = {}) =>
  post<Connection>(as, '/api/v1/connections', {
    name: 'Test API',
    kind: 'http',
    base_url: 'https://api.example.test/v1',
    auth: { type: 'bearer', secret: 'test-secret-0123456789' },
    ...body,
  });

/** An HTTP tool (GET on its connection, or on an absolute URL without one). */
export const createTool = (as: Caller, body: Record<string, unknown> = {}) =>
  post<Tool>(as, '/api/v1/tools', {
    name: `test_tool_${crypto.randomUUID().slice(0, 8)}`,
    description: 'A test tool',
    kind: 'http',
    parameters: { type: 'object', properties: {} },
    config: { method: 'GET', url: 'https://api.example.test/v1/ping' },
    ...body,
  });

export const createEmbedKey = (as: Caller, agentId: string, body: Record<string, unknown> = {}) =>
  post<EmbedKey>(as, `/api/v1/agents/${agentId}/embed-keys`, { allowed_origins: ['https://shop.example.com'], ...body });
