// Agents API (routes/api/agents.ts): CRUD, versions and restore, validation, pagination and bad input.
import { describe, expect, it } from 'vitest';
import { api, expectError, signup } from './helpers';

const base = { name: 'Support Bot', instructions: 'Help customers of {{company}}.', model: 'gpt-4o-mini', variables: { company: 'Acme' } };

describe('agents', () => {
  it('creates an agent at version 1 with defaults filled in', async () => {
    const a = await signup();
    const res = await api('/api/v1/agents', { body: base, as: a });
    expect(res.status).toBe(201);
    const agent = (await res.json()) as any;
    expect(agent).toMatchObject({ name: 'Support Bot', slug: 'support-bot', version: 1, max_steps: 8, runtime: 'edge', tool_ids: [], connection_id: null });
    expect(agent.id).toMatch(/^agt_[0-9a-z]{24}$/);
    expect((await (await api(`/api/v1/agents/${agent.id}`, { as: a })).json()) as any).toEqual(agent);
  });

  it('gives a second agent with the same name a distinct slug, and refuses a taken explicit slug', async () => {
    const a = await signup();
    await api('/api/v1/agents', { body: base, as: a });
    const second = (await (await api('/api/v1/agents', { body: base, as: a })).json()) as any;
    expect(second.slug).toBe('support-bot-2');
    await expectError(await api('/api/v1/agents', { body: { ...base, slug: 'support-bot' }, as: a }), 409, 'conflict');
  });

  it('writes a new version on every update and lists the history newest first', async () => {
    const a = await signup();
    const agent = (await (await api('/api/v1/agents', { body: base, as: a })).json()) as any;
    const v2 = (await (await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { temperature: 0.2 }, as: a })).json()) as any;
    expect(v2).toMatchObject({ version: 2, temperature: 0.2, name: 'Support Bot', instructions: base.instructions });
    const v3 = (await (await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { name: 'Helper', description: 'new' }, as: a })).json()) as any;
    expect(v3).toMatchObject({ version: 3, name: 'Helper', slug: 'support-bot', description: 'new' });
    const versions = (await (await api(`/api/v1/agents/${agent.id}/versions`, { as: a })).json()) as any;
    expect(versions.data.map((v: any) => v.version)).toEqual([3, 2, 1]);
    expect(versions.data[2]).toMatchObject({ name: 'Support Bot', temperature: null });
  });

  it('restores an old version as a new current version, keeping history', async () => {
    const a = await signup();
    const agent = (await (await api('/api/v1/agents', { body: base, as: a })).json()) as any;
    await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'Be terse.', variables: {} }, as: a });
    const restored = (await (await api(`/api/v1/agents/${agent.id}/versions/1/restore`, { method: 'POST', as: a })).json()) as any;
    expect(restored).toMatchObject({ version: 3, instructions: base.instructions, variables: { company: 'Acme' } });
    const versions = (await (await api(`/api/v1/agents/${agent.id}/versions?limit=1`, { as: a })).json()) as any;
    expect(versions.data[0]).toMatchObject({ version: 3, restored_from: 1 });
    await expectError(await api(`/api/v1/agents/${agent.id}/versions/9/restore`, { method: 'POST', as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/agents/${agent.id}/versions/abc/restore`, { method: 'POST', as: a }), 400, 'validation_failed');
  });

  it('deletes an agent and its versions', async () => {
    const a = await signup();
    const agent = (await (await api('/api/v1/agents', { body: base, as: a })).json()) as any;
    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await api(`/api/v1/agents/${agent.id}`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/agents/${agent.id}/versions`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/agents/${agent.id}`, { method: 'DELETE', as: a }), 404, 'not_found');
  });

  it('refuses an unknown template variable when the agent is saved', async () => {
    const a = await signup();
    const err = await expectError(
      await api('/api/v1/agents', { body: { ...base, instructions: 'Hi {{customer}} from {{company}}' }, as: a }),
      400,
      'validation_failed',
    );
    expect(err.details).toEqual([{ path: 'instructions', message: expect.stringContaining('{{customer}}') }]);
    // built-in variables need no declaration
    expect((await api('/api/v1/agents', { body: { ...base, instructions: 'Today is {{current_date}}.' }, as: a })).status).toBe(201);
  });

  it('refuses tools and connections that do not exist', async () => {
    const a = await signup();
    const err = await expectError(
      await api('/api/v1/agents', { body: { ...base, tool_ids: ['tol_nope'], connection_id: 'con_00000000000000000000000000' }, as: a }),
      400,
      'validation_failed',
    );
    expect(err.details!.map((d) => d.path).sort()).toEqual(['connection_id', 'tool_ids.0']);
  });

  it('paginates with limit and cursor, newest first, and refuses bad parameters', async () => {
    const a = await signup();
    for (let i = 0; i < 4; i++) await api('/api/v1/agents', { body: { ...base, name: `Agent ${i}` }, as: a });
    const p1 = (await (await api('/api/v1/agents?limit=2', { as: a })).json()) as any;
    expect(p1.data.map((x: any) => x.name)).toEqual(['Agent 3', 'Agent 2']);
    const p2 = (await (await api(`/api/v1/agents?limit=2&cursor=${p1.next_cursor}`, { as: a })).json()) as any;
    expect(p2.data.map((x: any) => x.name)).toEqual(['Agent 1', 'Agent 0']);
    const p3 = (await (await api(`/api/v1/agents?limit=2&cursor=${p2.next_cursor}`, { as: a })).json()) as any;
    expect(p3).toEqual({ data: [expect.objectContaining({ name: 'Hello World' })], next_cursor: null });
    const search = (await (await api('/api/v1/agents?q=agent%202', { as: a })).json()) as any;
    expect(search.data.map((x: any) => x.name)).toEqual(['Agent 2']);
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'cursor=%25%25', 'cursor=Zm9v']) {
      await expectError(await api(`/api/v1/agents?${q}`, { as: a }), 400, 'validation_failed');
    }
  });
});

describe('agents: bad input never becomes a 5xx, and nothing stored is lost', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const a = await signup();
    await expectError(await api('/api/v1/agents', { body: '{"name": ', as: a }), 400, 'invalid_json');
  });

  it('answers a non-JSON content type with 415', async () => {
    const a = await signup();
    await expectError(await api('/api/v1/agents', { body: 'name=x', as: a, headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
  });

  it('answers an oversized body with 413', async () => {
    const a = await signup();
    const big = JSON.stringify({ ...base, instructions: 'x'.repeat(1_100_000) });
    await expectError(await api('/api/v1/agents', { body: big, as: a }), 413, 'payload_too_large');
  });

  it('answers wrong types, unknown fields and missing fields with per-field details', async () => {
    const a = await signup();
    const err = await expectError(
      await api('/api/v1/agents', { body: { name: 3, temperature: 'hot', max_steps: 0, runtime: 'gpu', colour: 'red' }, as: a }),
      400,
      'validation_failed',
    );
    const paths = err.details!.map((d) => d.path);
    for (const p of ['name', 'model', 'temperature', 'max_steps', 'runtime']) expect(paths).toContain(p);
    await expectError(await api('/api/v1/agents', { body: [1, 2], as: a }), 400, 'validation_failed');
  });

  it('keeps the stored agent unchanged when an update is refused', async () => {
    const a = await signup();
    const agent = (await (await api('/api/v1/agents', { body: base, as: a })).json()) as any;
    await expectError(await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: '{{nope}}' }, as: a }), 400);
    await expectError(await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: '{bad', as: a }), 400);
    expect(await (await api(`/api/v1/agents/${agent.id}`, { as: a })).json()).toEqual(agent);
  });

  it('answers 409 to concurrent updates that race for the same version, losing nothing', async () => {
    const a = await signup();
    const agent = (await (await api('/api/v1/agents', { body: base, as: a })).json()) as any;
    const results = await Promise.all([0.1, 0.2, 0.3, 0.4].map((t) => api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { temperature: t }, as: a })));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const ok = statuses.filter((s) => s === 200).length;
    const versions = (await (await api(`/api/v1/agents/${agent.id}/versions`, { as: a })).json()) as any;
    expect(versions.data).toHaveLength(1 + ok);
  });
});
