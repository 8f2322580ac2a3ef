// Per-agent visibility (API.md, Teams and access): a private agent is its creator's, admins' and owners' alone, and
// is "not found" (never 403) for other members and viewers on every surface: the agents API, versions, conversations
// (their objects included), embed keys, pages, /v1/models and completions, Responses, MCP and call_agent.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clearAgentCache } from '../../worker/services/agent-resolver';
import { api, BASE, createAgent, createEmbedKey, createTool, createSession, expectError, getPage, signup } from './helpers';
import { addPerson, keyOf } from './helpers/people';

const json = async (res: Response) => (await res.json()) as any;
const ids = async (res: Response) => ((await json(res)).data as { id: string }[]).map((x) => x.id);

/** An organization: the owner, an admin, the private agent's creator A (member), member B and viewer C. */
async function org() {
  const owner = await signup('Sharing Co');
  const [admin, a, b, c] = await Promise.all([addPerson(owner, 'admin'), addPerson(owner, 'member'), addPerson(owner, 'member'), addPerson(owner, 'viewer')]);
  const secret = await createAgent(a, { name: 'Secret plans', slug: 'secret-plans', visibility: 'private', instructions: 'Private of A' });
  return { owner, admin, a, b, c, secret };
}

const mcp = (key: string, body: unknown) =>
  SELF.fetch(`${BASE}/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify(body),
  });

describe('visibility', () => {
  it('is team by default, settable on create and PATCH by whoever may edit and see the agent, and refused when unknown', async () => {
    const owner = await signup();
    const agent = await createAgent(owner);
    expect(agent.visibility).toBe('team');
    const res = await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'private' }, as: owner });
    expect(res.status).toBe(200);
    const patched = await json(res);
    expect(patched.visibility).toBe('private');
    expect(patched.version).toBe(agent.version); // not a version: a conversation's configuration did not change
    await expectError(await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'secret' }, as: owner }), 400, 'validation_failed');
    const viewer = await addPerson(owner, 'viewer');
    await expectError(await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'team' }, as: viewer }), 403, 'forbidden');
    const member = await addPerson(owner, 'member');
    // member may edit agents, but cannot see this one: 404, and nothing changed
    await expectError(await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'team' }, as: member }), 404, 'not_found');
    expect((await json(await api(`/api/v1/agents/${agent.id}`, { as: owner }))).visibility).toBe('private');
  });

  it('hides a private agent from other members and viewers in the agents API, and shows it to its creator, admins and owners', async () => {
    const { owner, admin, a, b, c, secret } = await org();
    for (const who of [a, admin, owner]) {
      expect(await ids(await api('/api/v1/agents?limit=100', { as: who }))).toContain(secret.id);
      expect(await ids(await api('/api/v1/agents?q=secret', { as: who }))).toEqual([secret.id]);
      expect((await api(`/api/v1/agents/${secret.id}`, { as: who })).status).toBe(200);
      expect((await api(`/api/v1/agents/${secret.id}/versions`, { as: who })).status).toBe(200);
    }
    for (const who of [b, c]) {
      expect(await ids(await api('/api/v1/agents?limit=100', { as: who }))).not.toContain(secret.id);
      expect(await ids(await api('/api/v1/agents?q=secret', { as: who }))).toEqual([]);
      await expectError(await api(`/api/v1/agents/${secret.id}`, { as: who }), 404, 'not_found');
      await expectError(await api(`/api/v1/agents/${secret.id}/versions`, { as: who }), 404, 'not_found');
      await expectError(await api(`/api/v1/agents/${secret.id}/sessions`, { method: 'POST', body: {}, as: who }), 404, 'not_found');
      await expectError(await api(`/api/v1/agents/${secret.id}/embed-keys`, { as: who }), 404, 'not_found');
      await expectError(await api(`/api/v1/agents/${secret.id}/share-link`, { as: b }), 404, 'not_found');
    }
    await expectError(await api(`/api/v1/agents/${secret.id}`, { method: 'PATCH', body: { name: 'Mine now' }, as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/agents/${secret.id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/agents/${secret.id}/versions/1/restore`, { method: 'POST', as: b }), 404, 'not_found');
    // a slug taken by a hidden agent is still taken (without saying by what)
    await expectError(await api('/api/v1/agents', { body: { name: 'x', slug: 'secret-plans', model: 'edgent-test' }, as: b }), 409, 'conflict');
    expect((await api(`/api/v1/agents/${secret.id}`, { as: a })).status).toBe(200);
    // another organization never sees it
    const other = await signup('Other Co');
    await expectError(await api(`/api/v1/agents/${secret.id}`, { as: other }), 404, 'not_found');
  });

  it('hides its conversations: lists, filters, the conversation and its object (messages, trace, stream, cancel, send, delete)', async () => {
    const { owner, a, b, c, secret } = await org();
    const s = await createSession(a, secret.id);
    const sent = await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[reply:plans]]' }, as: a });
    expect(sent.status).toBe(200);
    for (const who of [a, owner]) {
      expect(await ids(await api('/api/v1/sessions?limit=100', { as: who }))).toContain(s.id);
      expect((await api(`/api/v1/sessions/${s.id}/messages`, { as: who })).status).toBe(200);
    }
    for (const who of [b, c]) {
      expect(await ids(await api('/api/v1/sessions?limit=100', { as: who }))).not.toContain(s.id);
      expect(await ids(await api(`/api/v1/sessions?agent_id=${secret.id}`, { as: who }))).toEqual([]);
      for (const path of ['', '/messages', '/trace', '/stream']) await expectError(await api(`/api/v1/sessions/${s.id}${path}`, { as: who }), 404, 'not_found');
      await expectError(await api(`/api/v1/sessions/${s.id}/cancel`, { method: 'POST', as: who }), 404, 'not_found');
      await expectError(await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'hi' }, as: who }), 404, 'not_found');
      await expectError(await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'hi', stream: true }, as: who }), 404, 'not_found');
      await expectError(await api(`/api/v1/sessions/${s.id}`, { method: 'DELETE', as: who }), 404, 'not_found');
    }
    // the conversation survived the refused delete, untouched
    expect((await json(await api(`/api/v1/sessions/${s.id}/messages`, { as: a }))).data).toHaveLength(2);
  });

  it('follows a visibility change in conversations made before it (their objects are told)', async () => {
    const owner = await signup();
    const [a, b] = await Promise.all([addPerson(owner, 'member'), addPerson(owner, 'member')]);
    const agent = await createAgent(a, { name: 'Was team' });
    const s = await createSession(b, agent.id);
    expect((await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[reply:ok]]' }, as: b })).status).toBe(200);
    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'private' }, as: a })).status).toBe(200);
    await expectError(await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'still?' }, as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/sessions/${s.id}/messages`, { as: b }), 404, 'not_found');
    expect((await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).status).toBe(200);
    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { visibility: 'team' }, as: a })).status).toBe(200);
    expect((await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: '[[reply:back]]' }, as: b })).status).toBe(200);
  });

  it('hides it on every page: agents list, builder, chat, test panel, versions, sessions, embed, dashboard', async () => {
    const { owner, a, b, c, secret } = await org();
    const s = await createSession(a, secret.id);
    for (const who of [b, c]) {
      for (const path of ['/app/agents', '/app', '/app/logs']) {
        const res = await getPage(who, path);
        expect(res.status).toBe(200);
        expect(await res.text()).not.toContain('Secret plans');
      }
      for (const path of [
        `/app/agents/${secret.id}`,
        `/app/agents/${secret.id}/chat`,
        `/app/agents/${secret.id}/versions`,
        `/app/agents/${secret.id}/sessions`,
        `/app/agents/${secret.id}/embed`,
        `/app/sessions/${s.id}`,
      ]) {
        expect((await getPage(who, path)).status, path).toBe(404);
      }
    }
    const test = await api(`/app/agents/${secret.id}/test`, { body: 'content=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' }, as: b });
    expect(test.status).toBe(404);
    for (const who of [a, owner]) {
      expect(await (await getPage(who, '/app/agents')).text()).toContain('Secret plans');
      expect((await getPage(who, `/app/agents/${secret.id}`)).status).toBe(200);
      expect((await getPage(who, `/app/sessions/${s.id}`)).status).toBe(200);
    }
  });

  it('is not a model for others on /v1 (models, chat completions, responses); API keys act as their creator', async () => {
    const { owner, a, b, secret } = await org();
    clearAgentCache();
    const [keyA, keyB, keyOwner] = [await keyOf(owner, a), await keyOf(owner, b), await keyOf(owner, owner)];
    const models = async (key: string) => ((await json(await api('/v1/models', { as: { key } }))).data as { id: string }[]).map((m) => m.id);
    expect(await models(keyA)).toContain('secret-plans');
    expect(await models(keyOwner)).toContain('secret-plans');
    expect(await models(keyB)).not.toContain('secret-plans');
    expect((await api('/v1/models/secret-plans', { as: { key: keyB } })).status).toBe(404);
    const chat = (key: string) =>
      api('/v1/chat/completions', { body: { model: 'secret-plans', messages: [{ role: 'user', content: '[[reply:hi]]' }] }, as: { key } });
    expect((await chat(keyA)).status).toBe(200); // cached for A now: B must still not get it from the cache
    expect((await chat(keyB)).status).toBe(404);
    expect((await api('/v1/responses', { body: { model: 'secret-plans', input: '[[reply:hi]]' }, as: { key: keyB } })).status).toBe(404);
    const stored = await api('/v1/responses', { body: { model: secret.id, input: '[[reply:hi]]' }, as: { key: keyA } });
    expect(stored.status).toBe(200);
    // A stored response of the private agent, by its id: A and the owner read it; B finds nothing, and cannot delete it.
    const responseId = (await json(stored)).id as string;
    for (const path of [`/v1/responses/${responseId}`, `/v1/responses/${responseId}/input_items`]) {
      expect((await api(path, { as: { key: keyA } })).status).toBe(200);
      expect((await api(path, { as: { key: keyOwner } })).status).toBe(200);
      expect((await api(path, { as: { key: keyB } })).status).toBe(404);
    }
    expect((await api(`/v1/responses/${responseId}`, { method: 'DELETE', as: { key: keyB } })).status).toBe(404);
    expect((await api(`/v1/responses/${responseId}`, { as: { key: keyA } })).status).toBe(200);
    // the agent made through A's key is A's
    const made = await json(await api('/api/v1/agents', { body: { name: 'By key', model: 'edgent-test', visibility: 'private' }, as: { key: keyA } }));
    expect((await api(`/api/v1/agents/${made.id}`, { as: a })).status).toBe(200);
    expect((await api(`/api/v1/agents/${made.id}`, { as: b })).status).toBe(404);
  });

  it('is not an MCP tool or prompt for others, and cannot be called through MCP', async () => {
    const { owner, a, b } = await org();
    const [keyA, keyB] = [await keyOf(owner, a), await keyOf(owner, b)];
    const names = async (key: string, method: string, field: string) =>
      ((await json(await mcp(key, { jsonrpc: '2.0', id: 1, method, params: {} }))).result[field] as { name: string }[]).map((t) => t.name);
    expect(await names(keyA, 'tools/list', 'tools')).toContain('ask_secret-plans');
    expect(await names(keyB, 'tools/list', 'tools')).not.toContain('ask_secret-plans');
    expect((await names(keyB, 'prompts/list', 'prompts')).join()).not.toContain('secret-plans');
    const call = await json(
      await mcp(keyB, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ask_secret-plans', arguments: { message: 'hi' } } }),
    );
    expect(JSON.stringify(call)).not.toContain('Private of A');
    expect(call.error ?? call.result.isError).toBeTruthy();
    const prompt = await json(await mcp(keyB, { jsonrpc: '2.0', id: 3, method: 'prompts/get', params: { name: 'secret-plans' } }));
    expect(prompt.error).toBeTruthy();
  });

  it('call_agent: a private agent is reached only from a private agent of its creator', async () => {
    const { owner, a, secret } = await org();
    const call = '[[tool:call_agent {"agent":"secret-plans","message":"[[reply:the plans]]"}]]';
    // The owner (who sees it) lets a team agent call it: the team agent's users are the whole team, so it is refused.
    const front = await createAgent(owner, { name: 'Front', tool_ids: ['tol_call_agent'], callable_agent_ids: [secret.id] });
    const s1 = await createSession(owner, front.id);
    const out1 = (await json(await api(`/api/v1/sessions/${s1.id}/messages`, { body: { content: call }, as: owner }))).message.content as string;
    expect(out1).not.toContain('the plans');
    expect(out1).toContain('is not an agent this agent may call');
    // A's own private agent may call it.
    const mine = await createAgent(a, { name: 'Mine', visibility: 'private', tool_ids: ['tol_call_agent'], callable_agent_ids: [secret.id] });
    const s2 = await createSession(a, mine.id);
    const out2 = (await json(await api(`/api/v1/sessions/${s2.id}/messages`, { body: { content: call }, as: a }))).message.content as string;
    expect(out2).toContain('the plans');
    // B cannot even name it in a configuration
    const b = await addPerson(owner, 'member');
    const err = await expectError(await api('/api/v1/agents', { body: { name: 'x', model: 'edgent-test', callable_agent_ids: [secret.id] }, as: b }), 400);
    expect(err.details?.[0]).toEqual({ path: 'callable_agent_ids.0', message: `No such agent: ${secret.id}` });
  });

  it('a tool deleted by someone who cannot see the agent still leaves it (no dangling tool id)', async () => {
    const { owner, a, b } = await org();
    const tool = await createTool(owner);
    const mine = await createAgent(a, { name: 'Uses the tool', visibility: 'private', tool_ids: [tool.id] });
    expect((await api(`/api/v1/tools/${tool.id}?force=true`, { method: 'DELETE', as: b })).status).toBe(204);
    expect((await json(await api(`/api/v1/agents/${mine.id}`, { as: a }))).tool_ids).toEqual([]);
  });

  it('keeps an embed key made by its creator working (the widget is a deliberate publication)', async () => {
    const { a, b, secret } = await org();
    const key = await createEmbedKey(a, secret.id);
    const res = await SELF.fetch(`${BASE}/embed/v1/${key.public_key}/sessions`, { method: 'POST', headers: { origin: 'https://shop.example.com' } });
    expect(res.status).toBe(201);
    await expectError(await api(`/api/v1/agents/${secret.id}/embed-keys/${key.id}`, { method: 'PATCH', body: { name: 'taken' }, as: b }), 404, 'not_found');
    await expectError(await api(`/api/v1/agents/${secret.id}/embed-keys/${key.id}`, { method: 'DELETE', as: b }), 404, 'not_found');
    expect(await env.DB.prepare('select revoked_at from embed_keys where id = ?').bind(key.id).first('revoked_at')).toBeNull();
  });
});
