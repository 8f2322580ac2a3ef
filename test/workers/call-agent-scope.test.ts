// call_agent reaches only the agents listed in the caller's configuration (callable_agent_ids, carried in the
// session snapshot): not every agent of the tenant. The list is validated: this tenant's agents, never itself.
import { describe, expect, it } from 'vitest';
import { type Account, api, expectError, getPage, postForm, signup } from './helpers';

async function post(a: Account, path: string, body: unknown) {
  const res = await api(path, { body, as: a });
  if (res.status !== 201) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as any;
}
const sessionsOf = async (a: Account, agentId: string) =>
  ((await (await api(`/api/v1/sessions?agent_id=${agentId}`, { as: a })).json()) as any).data as unknown[];

describe('call_agent scope', () => {
  it('refuses an agent the caller does not list, without opening a session for it', async () => {
    const a = await signup();
    const secret = await post(a, '/api/v1/agents', { name: 'Internal finance', slug: 'finance', model: 'edgent-test', instructions: 'Confidential.' });
    const helper = await post(a, '/api/v1/agents', { name: 'FAQ', slug: 'faq', model: 'edgent-test' });
    const front = await post(a, '/api/v1/agents', { name: 'Front desk', model: 'edgent-test', tool_ids: ['tol_call_agent'], callable_agent_ids: [helper.id] });
    expect(front.callable_agent_ids).toEqual([helper.id]);
    const session = await post(a, `/api/v1/agents/${front.id}/sessions`, {});
    for (const ref of ['finance', secret.id]) {
      const res = await api(`/api/v1/sessions/${session.id}/messages`, {
        body: { content: `[[tool:call_agent {"agent":"${ref}","message":"[[echo:system]]"}]]` },
        as: a,
      });
      const out = ((await res.json()) as any).message.content as string;
      expect(out).toContain('is not an agent this agent may call');
      expect(out).not.toContain('Confidential');
    }
    expect(await sessionsOf(a, secret.id)).toEqual([]);
    const ok = await api(`/api/v1/sessions/${session.id}/messages`, {
      body: { content: '[[tool:call_agent {"agent":"faq","message":"[[reply:42]]"}]]' },
      as: a,
    });
    expect(((await ok.json()) as any).message.content).toContain('Tool said: 42');
  });

  it('refuses every agent when none is listed (the default)', async () => {
    const a = await signup();
    await post(a, '/api/v1/agents', { name: 'Other', slug: 'other', model: 'edgent-test' });
    const front = await post(a, '/api/v1/agents', { name: 'Front', model: 'edgent-test', tool_ids: ['tol_call_agent'] });
    expect(front.callable_agent_ids).toEqual([]);
    const session = await post(a, `/api/v1/agents/${front.id}/sessions`, {});
    const res = await api(`/api/v1/sessions/${session.id}/messages`, { body: { content: '[[tool:call_agent {"agent":"other","message":"hi"}]]' }, as: a });
    expect(((await res.json()) as any).message.content).toContain('It may call none');
  });

  it('validates the list: unknown ids, another tenant’s agent and itself are refused with 400 naming the entry', async () => {
    const [a, b] = [await signup(), await signup()];
    const theirs = ((await (await api('/api/v1/agents', { as: b })).json()) as any).data[0].id as string;
    const res = await api('/api/v1/agents', { body: { name: 'X', model: 'm', callable_agent_ids: ['agt_nope', theirs] }, as: a });
    const err = await expectError(res, 400, 'validation_failed');
    expect(err.details!.map((d) => d.path)).toEqual(['callable_agent_ids.0', 'callable_agent_ids.1']);
    const mine = await post(a, '/api/v1/agents', { name: 'Y', model: 'm' });
    const self = await api(`/api/v1/agents/${mine.id}`, { method: 'PATCH', body: { callable_agent_ids: [mine.id] }, as: a });
    expect((await expectError(self, 400, 'validation_failed')).details).toEqual([{ path: 'callable_agent_ids.0', message: 'An agent cannot call itself' }]);
  });

  it('is set in the builder form: the other agents as checkboxes, saved with the version', async () => {
    const a = await signup();
    const helper = await post(a, '/api/v1/agents', { name: 'Helper agent', model: 'edgent-test' });
    const agent = await post(a, '/api/v1/agents', { name: 'Caller agent', model: 'edgent-test', tool_ids: ['tol_call_agent'] });
    const html = await (await getPage(a, `/app/agents/${agent.id}`)).text();
    expect(html).toContain(`name="callable_agent_ids" value="${helper.id}"`);
    expect(html).not.toContain(`name="callable_agent_ids" value="${agent.id}"`);
    const fields = {
      name: 'Caller agent',
      description: '',
      instructions: '',
      model: 'edgent-test',
      connection_id: '',
      temperature: '',
      max_steps: '8',
      runtime: 'edge',
      tool_ids: ['tol_call_agent'],
      callable_agent_ids: [helper.id],
    };
    expect((await postForm(a, `/app/agents/${agent.id}`, fields)).status).toBe(303);
    expect(((await (await api(`/api/v1/agents/${agent.id}`, { as: a })).json()) as any).callable_agent_ids).toEqual([helper.id]);
    expect(await (await getPage(a, `/app/agents/${agent.id}`)).text()).toMatch(new RegExp(`value="${helper.id}" checked`));
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await api('/api/v1/openapi.json')).json()) as any;
    expect(JSON.stringify(doc.components.schemas.Agent)).toContain('callable_agent_ids');
  });
});
