// A changed connection in existing conversations (durable-objects/secret-cache.ts, crypto/envelope.ts): the secret
// travels only with the endpoint it was sealed with, and a rotated or deleted secret stops being used at once.
import { describe, expect, it, inject } from 'vitest';
import { type Account, api, signup } from './helpers';

const LLM = inject('llmUrl');
const TOOLS = inject('toolsApiUrl');
/** The same local server under another host name: a different origin for the platform. */
const elsewhere = (url: string) => url.replace('127.0.0.1', 'localhost');

async function post(a: Account, path: string, body: unknown) {
  const res = await api(path, { body, as: a });
  if (res.status !== 201) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}
const patch = async (a: Account, id: string, body: unknown) =>
  expect((await api(`/api/v1/connections/${id}`, { method: 'PATCH', body, as: a })).status).toBe(200);
const say = (a: Account, sessionId: string, content: string) => api(`/api/v1/sessions/${sessionId}/messages`, { body: { content }, as: a });
const reply = async (res: Response) => {
  expect(res.status).toBe(200);
  return ((await res.json()) as { message: { content: string } }).message.content;
};

describe('a conversation whose model connection changes', () => {
  it('uses a rotated secret at once, never sends a new secret to the old URL, and stops using a deleted one', async () => {
    const a = await signup();
    const [s1, s2, s3] = ['one', 'two', 'three'].map((n) => `sk-${n}-${crypto.randomUUID()}`);
    const conn = await post(a, '/api/v1/connections', { name: 'Gateway', kind: 'openai_compatible', base_url: LLM, auth: { type: 'bearer', secret: s1 } });
    const agent = await post(a, '/api/v1/agents', { name: 'Echo', model: 'gpt-4o-mini', connection_id: conn.id });
    const session = await post(a, `/api/v1/agents/${agent.id}/sessions`, {});
    expect(await reply(await say(a, session.id, '[[echo:auth]]'))).toBe(`Bearer ${s1}`);

    // Rotated: the next turn uses the new secret, not a cached copy of the old one.
    await patch(a, conn.id, { auth: { secret: s2 } });
    expect(await reply(await say(a, session.id, '[[echo:auth]]'))).toBe(`Bearer ${s2}`);

    // Moved and re-keyed: the new secret must not reach the old URL the session snapshotted. The new URL is down,
    // so the turn fails there instead of answering from the old host.
    await patch(a, conn.id, { base_url: 'http://127.0.0.1:9/v1', auth: { secret: s3 } });
    const moved = await say(a, session.id, '[[echo:auth]]');
    expect(await moved.text()).not.toContain(s3);
    expect(moved.status).toBe(502);

    // Moved to a working URL: the conversation follows the connection with its secret.
    await patch(a, conn.id, { base_url: elsewhere(LLM) });
    expect(await reply(await say(a, session.id, '[[echo:auth]]'))).toBe(`Bearer ${s3}`);

    // Deleted: the secret is not used by the next turn.
    expect((await api(`/api/v1/connections/${conn.id}?force=true`, { method: 'DELETE', as: a })).status).toBe(204);
    const after = await say(a, session.id, '[[echo:auth]]');
    expect(await after.text()).not.toContain(s3);
  });
});

describe('a conversation whose tool connection changes', () => {
  it('sends the new secret only to the new URL', async () => {
    const a = await signup();
    const [s1, s2] = [`tk-${crypto.randomUUID()}`, `tk-${crypto.randomUUID()}`];
    const conn = await post(a, '/api/v1/connections', {
      name: 'API',
      kind: 'http',
      base_url: TOOLS,
      auth: { type: 'header', header_name: 'X-Key', secret: s1 },
    });
    const tool = await post(a, '/api/v1/tools', {
      name: 'probe',
      description: 'Echoes the request',
      kind: 'http',
      parameters: { type: 'object', properties: {} },
      config: { method: 'GET', url: '/echo/probe' },
      connection_id: conn.id,
    });
    const agent = await post(a, '/api/v1/agents', { name: 'Prober', model: 'edgent-test', tool_ids: [tool.id] });
    const session = await post(a, `/api/v1/agents/${agent.id}/sessions`, {});
    const hostOf = (text: string) => /"host": "([^"]+)"/.exec(text)?.[1];
    const first = await reply(await say(a, session.id, '[[tool:probe {}]]'));
    expect(hostOf(first)).toBe(new URL(TOOLS).host);

    await patch(a, conn.id, { base_url: elsewhere(TOOLS), auth: { secret: s2 } });
    const second = await reply(await say(a, session.id, '[[tool:probe {}]]'));
    expect(hostOf(second)).toBe(new URL(elsewhere(TOOLS)).host);
    expect(second).toContain('"x-key": "[redacted]"');
    expect(second).not.toContain(s1);
    expect(second).not.toContain(s2);
  });
});
