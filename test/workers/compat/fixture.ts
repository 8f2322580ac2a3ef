// The setup every compatibility suite shares, made as a user would: a tenant, an API key, a model connection to the
// scripted test upstream (test/fixtures/llm-upstream.mjs) and an agent on it; plus the Worker as the libraries' fetch.
import { SELF } from 'cloudflare:test';
import { inject } from 'vitest';
import { type Account, type Agent, apiKey, BASE, createAgent, createConnection, signup } from '../helpers';

export { BASE };

/** Every library's `fetch` option: requests go to the Worker in this runtime (no network). */
export const workerFetch = ((url: string | URL | Request, init?: RequestInit) => SELF.fetch(url, init)) as typeof fetch;

export type Tenant = { account: Account; key: string; agent: Agent };

/** A new tenant with an API key (all scopes unless `scopes`) and one agent on the test model over its own connection. */
export async function tenant(agent: Record<string, unknown> = {}, scopes?: string[]): Promise<Tenant> {
  const account = await signup();
  const key = await apiKey(account, scopes);
  const connection = await createConnection(account, {
    name: 'Test model',
    kind: 'openai_compatible',
    base_url: inject('llmUrl'),
    auth: { type: 'bearer', secret: 'sk-compat-0123456789' },
  });
  const created = await createAgent(account, {
    name: 'Compat Bot',
    instructions: 'You are {{agent_name}}.',
    connection_id: connection.id,
    model: 'edgent-test',
    ...agent,
  });
  return { account, key, agent: created };
}

/** A function tool the caller defines (it runs in the client, never on the server), in Chat Completions' shape. */
export const WEATHER_PARAMETERS = {
  type: 'object' as const,
  properties: { city: { type: 'string' as const } },
  required: ['city'],
  additionalProperties: false,
};
