// Session metadata from the API (services/chat-sessions.ts): keys the platform writes itself (draft marks, entry
// points) are refused with 400 naming the field, so no caller can hide a conversation from lists and monitoring.
import { describe, expect, it } from 'vitest';
import { api, apiKey, expectError, signup } from './helpers';

async function firstAgent(a: Awaited<ReturnType<typeof signup>>) {
  return ((await (await api('/api/v1/agents', { as: a })).json()) as { data: { id: string }[] }).data[0]!.id;
}

describe('reserved session metadata', () => {
  it('refuses metadata.draft with 400 naming the field, so the conversation cannot be hidden', async () => {
    const a = await signup();
    const key = await apiKey(a);
    const agentId = await firstAgent(a);
    for (const draft of [true, false, 'yes']) {
      const res = await api(`/api/v1/agents/${agentId}/sessions`, { body: { metadata: { draft } }, as: { key } });
      const err = await expectError(res, 400, 'validation_failed');
      expect(err.details).toContainEqual({ path: 'metadata.draft', message: expect.stringContaining('reserved') });
    }
    const listed = (await (await api(`/api/v1/sessions?agent_id=${agentId}`, { as: { key } })).json()) as { data: unknown[] };
    expect(listed.data).toEqual([]);
  });

  it('refuses every key the platform writes itself, each named', async () => {
    const a = await signup();
    const agentId = await firstAgent(a);
    const metadata = {
      draft_key: 'x',
      base_version: 1,
      via: 'widget',
      parent_session_id: 'ses_x',
      depth: 2,
      embed_key_id: 'emb_x',
      origin: 'https://a.example',
    };
    const err = await expectError(await api(`/api/v1/agents/${agentId}/sessions`, { body: { metadata }, as: a }), 400, 'validation_failed');
    expect(err.details!.map((d) => d.path).sort()).toEqual(
      Object.keys(metadata)
        .map((k) => `metadata.${k}`)
        .sort(),
    );
  });

  it('keeps ordinary metadata and lists the conversation', async () => {
    const a = await signup();
    const agentId = await firstAgent(a);
    const res = await api(`/api/v1/agents/${agentId}/sessions`, { body: { metadata: { customer: 'c_1', drafted: true } }, as: a });
    expect(res.status).toBe(201);
    const listed = (await (await api(`/api/v1/sessions?agent_id=${agentId}`, { as: a })).json()) as { data: { metadata: unknown }[] };
    expect(listed.data.map((s) => s.metadata)).toEqual([{ customer: 'c_1', drafted: true }]);
  });
});
