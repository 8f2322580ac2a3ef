// The agent builder (routes/pages/builder.tsx): the form with the saved values, save = a new version, inline
// errors that keep the draft, the {{variables}} preview, the model list from a connection, tenant isolation.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, api, createAgent, expectNotFound, getPage, postForm, signup } from './helpers';

const builderFields = (over: Record<string, string | string[]> = {}) => ({
  name: 'Support bot',
  description: 'Helps customers',
  instructions: 'You help customers of {{company}} on {{current_date}}.',
  'var.company': 'Acme',
  model: 'edgent-test',
  connection_id: '',
  temperature: '0.3',
  max_steps: '6',
  runtime: 'edge',
  tool_ids: ['tol_current_time'],
  ...over,
});

const agentJson = async (a: Account, id: string) => (await (await api(`/api/v1/agents/${id}`, { as: a })).json()) as any;

describe('agent builder', () => {
  it('shows the saved configuration, the tool picker, the test panel and the agent tabs', async () => {
    const a = await signup();
    const agent = await createAgent(a, { name: 'Shown agent', instructions: 'Hi {{who}}', variables: { who: 'you' }, tool_ids: ['tol_calculator'] });
    const html = await (await getPage(a, `/app/agents/${agent.id}`)).text();
    expect(html).toContain('value="Shown agent"');
    expect(html).toContain('name="var.who" value="you"');
    expect(html).toMatch(/value="tol_calculator" checked/);
    expect(html).toContain('value="tol_run_python"');
    expect(html).toContain(`/app/agents/${agent.id}/test`);
    for (const tab of ['Builder', 'Chat', 'Conversations', 'Versions', 'Embed']) expect(html).toContain(`>${tab}</a>`);
    expect(html).toContain('Save version 2');
  });

  it('saves the form as a new version, with the detected variables', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const res = await postForm(a, `/app/agents/${agent.id}`, builderFields());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/agents/${agent.id}?saved=2`);
    expect(await agentJson(a, agent.id)).toMatchObject({
      version: 2,
      name: 'Support bot',
      temperature: 0.3,
      max_steps: 6,
      variables: { company: 'Acme' },
      tool_ids: ['tol_current_time'],
    });
    expect(await (await getPage(a, res.headers.get('location')!)).text()).toContain('Saved as version 2');
  });

  it('keeps the draft and shows each problem next to its field', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const res = await postForm(a, `/app/agents/${agent.id}`, builderFields({ name: '', temperature: '7', tool_ids: ['tol_run_python'] }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="field-name-error"/);
    expect(html).toMatch(/id="field-temperature-error"[^>]*>.*from 0 \(focused\) to 2/s);
    expect(html).toContain('>You help customers of {{company}} on {{current_date}}.</textarea>');
    expect((await agentJson(a, agent.id)).version).toBe(1);
    const container = await (await postForm(a, `/app/agents/${agent.id}`, builderFields({ tool_ids: ['tol_run_python'] }))).text();
    expect(container).toContain('run_python needs the container runtime');
  });

  it('previews the instructions with the variables filled in, escaping what was typed', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const res = await postForm(
      a,
      `/app/agents/${agent.id}/preview`,
      builderFields({ instructions: 'Hi {{name}} from {{company}} <script>x</script>', 'var.company': '<b>Acme</b>' }),
      { htmx: true },
    );
    const html = await res.text();
    expect(html).toContain('id="variables-panel"');
    expect(html).toContain('name="var.name"');
    expect(html).toContain('<mark class="var-filled">&lt;b&gt;Acme&lt;/b&gt;</mark>');
    expect(html).toContain('<mark class="var-empty">{{name}}</mark>');
    expect(html).not.toContain('<script>x');
  });

  it('lists the models a connection offers, or says why it cannot', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const con = (await (
      await api('/api/v1/connections', {
        body: { name: 'Upstream', kind: 'openai_compatible', base_url: env.LLM_URL, auth: { type: 'bearer', secret: 'sk-any-key-123456' } },
        as: a,
      })
    ).json()) as any;
    const ok = await (await getPage(a, `/app/agents/${agent.id}/models?connection_id=${con.id}&model=gpt-4o`, { htmx: true })).text();
    expect(ok).toContain('<option value="edgent-test">');
    expect(ok).toContain('3 models available');
    expect(ok).toContain('value="gpt-4o"');
    const bad = (await (
      await api('/api/v1/connections', {
        body: { name: 'Bad', kind: 'openai_compatible', base_url: env.LLM_URL, auth: { type: 'bearer', secret: 'bad-key' } },
        as: a,
      })
    ).json()) as any;
    expect(await (await getPage(a, `/app/agents/${agent.id}/models?connection_id=${bad.id}`, { htmx: true })).text()).toContain(
      'Could not list the connection’s models (The API key was rejected',
    );
  });

  it("answers 404 for another tenant's builder and its actions", async () => {
    const a = await signup();
    const b = await signup();
    const agent = await createAgent(a, { name: 'Builder of A' });
    expect(await expectNotFound(await getPage(b, `/app/agents/${agent.id}`))).not.toContain('Builder of A');
    expect((await getPage(b, `/app/agents/${agent.id}/models`, { htmx: true })).status).toBe(404);
    for (const path of ['', '/preview']) expect((await postForm(b, `/app/agents/${agent.id}${path}`, builderFields())).status).toBe(404);
    expect((await agentJson(a, agent.id)).version).toBe(1);
  });
});
