// Agent pages (routes/pages/agents.tsx): the list with search and filters (a fragment for htmx), new agents from a
// blank page or a template (the API helper imports its spec as tools), inline errors, delete, tenant isolation.
import { describe, expect, it } from 'vitest';
import tasks from '../fixtures/openapi/tasks-3.1.json?raw';
import { api, createAgent, expectNotFound, getPage, postForm, signup } from './helpers';

const newAgent = (over: Record<string, string> = {}) => ({
  template: 'blank',
  name: '',
  connection_id: '',
  model: 'edgent-test',
  spec: '',
  prefix: '',
  spec_connection_id: '',
  ...over,
});
const agentOf = async (a: Awaited<ReturnType<typeof signup>>, location: string) => {
  const id = /\/app\/agents\/(agt_[0-9a-z]+)/.exec(location)![1]!;
  return (await (await api(`/api/v1/agents/${id}`, { as: a })).json()) as any;
};

describe('agents list', () => {
  it('lists agents with status and filters them by name and runtime, in place for htmx', async () => {
    const a = await signup();
    await createAgent(a, { name: 'Billing helper' });
    await createAgent(a, { name: 'Python cruncher', runtime: 'container' });
    const all = await (await getPage(a, '/app/agents')).text();
    for (const name of ['Hello World', 'Billing helper', 'Python cruncher']) expect(all).toContain(name);
    expect(all).toContain('role="search"');
    const search = await (await getPage(a, '/app/agents?q=billing', { htmx: true })).text();
    expect(search).toContain('Billing helper');
    expect(search).not.toContain('Python cruncher');
    expect(search).not.toContain('<html');
    const container = await (await getPage(a, '/app/agents?runtime=container')).text();
    expect(container).toContain('Python cruncher');
    expect(container).not.toContain('Billing helper');
    expect(await (await getPage(a, '/app/agents?q=nothing-like-this', { htmx: true })).text()).toContain('No agent matches');
  });
});

describe('new agent', () => {
  it('offers a blank agent and at least five templates', async () => {
    const a = await signup();
    const html = await (await getPage(a, '/app/agents/new')).text();
    for (const t of ['blank', 'support-bot', 'research-assistant', 'api-helper', 'code-analyst', 'summarizer']) expect(html).toContain(`value="${t}"`);
  });

  it('creates an agent from a template and opens its builder', async () => {
    const a = await signup();
    const res = await postForm(a, '/app/agents/new', newAgent({ template: 'research-assistant' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/app\/agents\/agt_[0-9a-z]+\?notice=agent_created$/);
    const agent = await agentOf(a, res.headers.get('location')!);
    expect(agent).toMatchObject({ name: 'Research assistant', model: 'edgent-test', tool_ids: ['tol_fetch_url', 'tol_current_time'] });
    const code = await agentOf(a, (await postForm(a, '/app/agents/new', newAgent({ template: 'code-analyst', name: 'My analyst' }))).headers.get('location')!);
    expect(code).toMatchObject({ name: 'My analyst', runtime: 'container', tool_ids: ['tol_run_python', 'tol_calculator'] });
  });

  it('creates the API helper with tools imported from its OpenAPI spec', async () => {
    const a = await signup();
    const res = await postForm(a, '/app/agents/new', newAgent({ template: 'api-helper', spec: tasks, prefix: 'tasks' }));
    expect(res.status).toBe(303);
    const agent = await agentOf(a, res.headers.get('location')!);
    expect(agent.tool_ids.length).toBeGreaterThan(2);
    const tools = (await (await api('/api/v1/tools?builtin=false', { as: a })).json()) as any;
    expect(tools.data.map((t: any) => t.name)).toContain('tasks_tasks_list');
  });

  it('shows errors next to the fields and keeps the choices', async () => {
    const a = await signup();
    const res = await postForm(a, '/app/agents/new', newAgent({ template: 'summarizer', model: '' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="field-model-error"[^>]*>.*Choose a model/s);
    expect(html).toMatch(/value="summarizer" checked/);
    const spec = await postForm(a, '/app/agents/new', newAgent({ template: 'api-helper', spec: '{"openapi":"3.1.0"}' }));
    expect(spec.status).toBe(400);
    expect(await spec.text()).toMatch(/field-spec-hint[^>]*>[^<]*(spec|paths)/);
  });
});

describe('delete agent', () => {
  it('confirms, then deletes the agent', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Short lived' });
    expect(await (await getPage(a, `/app/agents/${agent.id}/delete`)).text()).toContain('Delete the agent “Short lived”?');
    const res = await postForm(a, `/app/agents/${agent.id}/delete`);
    expect(res.headers.get('location')).toBe('/app/agents?notice=agent_deleted');
    expect((await api(`/api/v1/agents/${agent.id}`, { as: a })).status).toBe(404);
  });

  it("answers 404 for another tenant's agent and never lists it", async () => {
    const a = await signup();
    const b = await signup();
    const agent = await createAgent(a, { name: 'Private to A' });
    expect(await expectNotFound(await getPage(b, `/app/agents/${agent.id}/delete`))).not.toContain('Private to A');
    expect((await postForm(b, `/app/agents/${agent.id}/delete`)).status).toBe(404);
    expect(await (await getPage(b, '/app/agents?q=Private')).text()).not.toContain('Private to A');
    expect((await api(`/api/v1/agents/${agent.id}`, { as: a })).status).toBe(200);
  });
});
