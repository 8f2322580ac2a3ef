// Saving and testing in the builder: a save without a change makes no version, unsaved changes are marked, and an
// empty {{variable}} is flagged before the model is called (builder preview, test panel, chat and API).
import { describe, expect, it } from 'vitest';
import { type Account, type Fields, api, createAgent, expectError, getPage, postForm, signup } from './helpers';

const formOf = (agent: Record<string, any>, extra: Fields = {}): Fields => ({
  name: agent.name,
  description: agent.description ?? '',
  instructions: agent.instructions,
  model: agent.model,
  connection_id: agent.connection_id ?? '',
  temperature: agent.temperature === null ? '' : String(agent.temperature),
  max_steps: String(agent.max_steps),
  runtime: agent.runtime,
  tool_ids: agent.tool_ids,
  ...Object.fromEntries(Object.entries(agent.variables as Record<string, string>).map(([k, v]) => [`var.${k}`, v])),
  ...extra,
});

const versions = async (a: Account, id: string) => ((await (await api(`/api/v1/agents/${id}/versions`, { as: a })).json()) as { data: unknown[] }).data.length;

describe('saving without a change', () => {
  it('makes no version from the builder, and says so', async () => {
    const a = await signup();
    const agent = await createAgent(a, { instructions: 'Hi {{customer}}', variables: { customer: 'Bob' }, tool_ids: ['tol_current_time'] });
    const res = await postForm(a, `/app/agents/${agent.id}`, formOf(agent));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/agents/${agent.id}?notice=no_changes`);
    expect(await versions(a, agent.id)).toBe(1);
    expect(await (await getPage(a, res.headers.get('location')!)).text()).toContain('No changes to save');
    const changed = await postForm(a, `/app/agents/${agent.id}`, formOf(agent, { description: 'Now described' }));
    expect(changed.headers.get('location')).toBe(`/app/agents/${agent.id}?saved=2`);
  });

  it('makes no version through the API either', async () => {
    const a = await signup();
    const agent = await createAgent(a, { variables: { b: '2', a: '1' }, instructions: '{{a}} {{b}}' });
    const res = await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { name: agent.name, variables: { a: '1', b: '2' } }, as: a });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { version: number }).version).toBe(1);
    expect(await versions(a, agent.id)).toBe(1);
  });

  it('marks unsaved changes on the builder page (builder.js)', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const html = await (await getPage(a, `/app/agents/${agent.id}`)).text();
    expect(html).toMatch(/id="unsaved-marker"[^>]*hidden/);
    expect(html).toContain('src="/assets/builder.js"');
  });
});

describe('an empty {{variable}}', () => {
  it('is flagged in the builder preview and refused by the test panel before any model call', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const preview = await (
      await postForm(a, `/app/agents/${agent.id}/preview`, formOf(agent, { instructions: 'Help {{customer}}', 'var.customer': '' }), { htmx: true })
    ).text();
    expect(preview).toContain('The variable {{customer}} has no value');
    const test = await postForm(
      a,
      `/app/agents/${agent.id}/test`,
      formOf(agent, { instructions: 'Help {{customer}}', 'var.customer': '', test_message: 'hi', test_session: '' }),
      { htmx: true },
    );
    expect(test.status).toBe(400);
    expect(await test.text()).toContain('Before testing: The variable {{customer}} has no value');
  });

  it('makes the API refuse the message with a 400 naming the variable, and a given value fixes it', async () => {
    const a = await signup();
    const agent = await createAgent(a, { instructions: 'You help {{customer}} of {{company}}.', variables: { customer: '', company: 'Acme' } });
    const s = (await (await api(`/api/v1/agents/${agent.id}/sessions`, { body: {}, as: a })).json()) as { id: string };
    const err = await expectError(await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'hi' }, as: a }), 400, 'bad_request');
    expect(err.message).toContain('{{customer}}');
    expect(err.message).not.toContain('{{company}}');
    const trace = (await (await api(`/api/v1/sessions/${s.id}/trace`, { as: a })).json()) as { data: unknown[] };
    expect(trace.data).toEqual([]); // the model was never called
    // Streamed too: the turn fails before its first token, so the answer is the 400, not a stream.
    const streamed = await expectError(await api(`/api/v1/sessions/${s.id}/messages`, { body: { content: 'hi', stream: true }, as: a }), 400, 'bad_request');
    expect(streamed.details).toEqual([{ path: 'turn', message: 'missing_variable' }]);

    const given = (await (await api(`/api/v1/agents/${agent.id}/sessions`, { body: { variables: { customer: 'Bob' } }, as: a })).json()) as { id: string };
    const ok = await api(`/api/v1/sessions/${given.id}/messages`, { body: { content: '[[reply:fine]]' }, as: a });
    expect(ok.status).toBe(200);
  });
});
