// Deleting an agent ends its conversations (services/agents.ts): every session route answers 404 and each
// session's Durable Object storage is removed; another tenant's agent cannot be deleted.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, expectError, signup } from './helpers';

describe('deleting an agent', () => {
  it('ends its conversations: 404 on every session route and the objects’ storage removed', async () => {
    const a = await signup();
    const agent = (await (await api('/api/v1/agents', { body: { name: 'Doomed', model: 'gpt-4o-mini' }, as: a })).json()) as { id: string };
    const other = (await (await api('/api/v1/agents', { body: { name: 'Survivor', model: 'gpt-4o-mini' }, as: a })).json()) as { id: string };
    const sessions: string[] = [];
    for (const target of [agent.id, agent.id, other.id]) {
      const s = (await (await api(`/api/v1/agents/${target}/sessions`, { body: {}, as: a })).json()) as { id: string };
      expect((await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'hello' }, as: a })).status).toBe(200);
      sessions.push(s.id);
    }
    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'DELETE', as: a })).status).toBe(204);

    for (const id of sessions.slice(0, 2)) {
      await expectError(await api(`/api/v1/sessions/${id}`, { as: a }), 404, 'not_found');
      await expectError(await api(`/api/v1/sessions/${id}/messages`, { as: a }), 404, 'not_found');
      await expectError(await api(`/api/v1/sessions/${id}/trace`, { as: a }), 404, 'not_found');
      await expectError(await api(`/api/v1/sessions/${id}/cancel`, { method: 'POST', as: a }), 404, 'not_found');
      await expectError(await api(`/api/v1/sessions/${id}/messages`, { body: { content: 'still there?' }, as: a }), 404, 'not_found');
      await expectError(await api(`/api/v1/sessions/${id}`, { method: 'DELETE', as: a }), 404, 'not_found');
      const stub = env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${a.tenant.id}:${id}`));
      const tables = await runInDurableObject(
        stub,
        (_o, state) => state.storage.sql.exec("select count(*) as n from sqlite_master where type = 'table' and name not like '\\_%' escape '\\'").one().n,
      );
      expect(tables).toBe(0);
    }
    // The other agent's conversation is untouched.
    expect((await api(`/api/v1/sessions/${sessions[2]}/messages`, { as: a })).status).toBe(200);
    expect((await api(`/api/v1/sessions/${sessions[2]}`, { as: a })).status).toBe(200);
  });

  it('answers 404 for another tenant’s agent and leaves its conversations alone', async () => {
    const [a, b] = [await signup(), await signup()];
    const agentId = ((await (await api('/api/v1/agents', { as: a })).json()) as { data: { id: string }[] }).data[0]!.id;
    const s = (await (await api(`/api/v1/agents/${agentId}/sessions`, { body: {}, as: a })).json()) as { id: string };
    await expectError(await api(`/api/v1/agents/${agentId}`, { method: 'DELETE', as: b }), 404, 'not_found');
    expect((await api(`/api/v1/sessions/${s.id}/messages`, { as: a })).status).toBe(200);
  });
});
