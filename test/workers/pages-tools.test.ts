// Tool pages (routes/pages/tools.tsx): HTTP tools from the form (parameter rows → JSON Schema, placement from the
// URL and method), "Try it" through the registry, OpenAPI import by paste and by upload, delete with confirmation,
// and tenant isolation.
import { describe, expect, inject, it } from 'vitest';
import tasks from '../fixtures/openapi/tasks-3.1.json?raw';
import { type Account, api, createAgent, expectNotFound, getPage, postForm, postMultipart, signup } from './helpers';

const API = inject('toolsApiUrl');

const toolFields = (over: Record<string, string | string[]> = {}) => ({
  name: 'echo_item',
  description: 'Echo an item back',
  method: 'GET',
  url: `${API}/echo/{item}`,
  connection_id: '',
  headers: '',
  p_name: ['item', 'units', ''],
  p_type: ['string', 'string', 'string'],
  p_desc: ['The item', 'Units', ''],
  p_required: ['0'],
  ...over,
});

async function newTool(a: Account) {
  const res = await postForm(a, '/app/tools/new', toolFields());
  expect(res.status).toBe(303);
  return /\/app\/tools\/(tol_[0-9a-z]+)/.exec(res.headers.get('location')!)![1]!;
}

describe('tool pages', () => {
  it('creates an HTTP tool from the form: path and query parameters follow from the URL and method', async () => {
    const a = await signup();
    const id = await newTool(a);
    const tool = (await (await api(`/api/v1/tools/${id}`, { as: a })).json()) as any;
    expect(tool.config).toEqual({ method: 'GET', url: `${API}/echo/{item}`, query: ['units'] });
    expect(tool.parameters).toEqual({
      type: 'object',
      properties: { item: { type: 'string', description: 'The item' }, units: { type: 'string', description: 'Units' } },
      required: ['item'],
      additionalProperties: false,
    });
    const page = await (await getPage(a, `/app/tools/${id}?notice=tool_created`)).text();
    expect(page).toContain('Tool created');
    expect(page).toContain('value="echo_item"'); // the edit form round-trips
    expect(page).toContain('Run tool');
  });

  it('adds a parameter row without saving, and shows errors next to the fields', async () => {
    const a = await signup();
    const more = await postForm(a, '/app/tools/new', toolFields({ add_param: '1' }));
    expect(more.status).toBe(200);
    expect((await more.text()).match(/name="p_name"/g)!.length).toBe(4);
    const badName = await postForm(a, '/app/tools/new', toolFields({ name: 'has space' }));
    expect(badName.status).toBe(400);
    const html = await badName.text();
    expect(html).toMatch(/id="field-name-error"/);
    expect(html).toContain('value="has space"');
    const badUrl = await postForm(a, '/app/tools/new', toolFields({ url: 'ftp://x/{item}' }));
    expect(badUrl.status).toBe(400);
    expect(await badUrl.text()).toMatch(/id="field-url-error"[^>]*>.*absolute http/s);
  });

  it('runs a tool with sample arguments ("Try it"), as a fragment and as a plain post', async () => {
    const a = await signup();
    const id = await newTool(a);
    const frag = await postForm(a, `/app/tools/${id}/try`, { arguments: '{"item":"<b>box</b>","units":"cm"}' }, { htmx: true });
    const html = await frag.text();
    expect(html).toContain('Success');
    expect(html).toContain('/echo/%3Cb%3Ebox%3C%2Fb%3E');
    expect(html).toContain('&quot;units&quot;: &quot;cm&quot;');
    const bad = await (await postForm(a, `/app/tools/${id}/try`, { arguments: '{"units":"cm"}' }, { htmx: true })).text();
    expect(bad).toContain('Failed');
    expect(bad).toContain('item');
    const plain = await (await postForm(a, `/app/tools/tol_calculator/try`, { arguments: '{"expression":"6*7"}' })).text();
    expect(plain).toContain('<html');
    expect(plain).toContain('42');
    const refused = await (await postForm(a, `/app/tools/tol_run_python/try`, { arguments: '{}' }, { htmx: true })).text();
    expect(refused).toContain('container runtime');
  });

  it('imports an OpenAPI spec pasted in the form, then refuses the same names again with a hint', async () => {
    const a = await signup();
    const res = await postForm(a, '/app/tools/import', { spec: tasks, connection_id: '', prefix: '' });
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain('tools created');
    expect(html).toContain('tasks_list');
    const again = await postForm(a, '/app/tools/import', { spec: tasks, connection_id: '', prefix: '' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('import with a prefix');
  });

  it('imports an uploaded spec file', async () => {
    const a = await signup();
    const res = await postMultipart(a, '/app/tools/import', {
      spec: '',
      prefix: 'up',
      spec_file: new File([tasks], 'tasks.json', { type: 'application/json' }),
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toContain('up_tasks_list');
    const bad = await postMultipart(a, '/app/tools/import', { spec: 'not: [an, openapi, spec' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('cannot be imported');
  });

  it('asks before deleting a tool in use and removes it from its agents when forced', async () => {
    const a = await signup();
    const id = await newTool(a);
    const agent = await createAgent(a, { name: 'Echo user', tool_ids: [id] });
    expect(await (await getPage(a, `/app/tools/${id}/delete`, { htmx: true })).text()).toContain('Agent “Echo user” uses it');
    expect((await postForm(a, `/app/tools/${id}/delete`)).status).toBe(409);
    expect((await postForm(a, `/app/tools/${id}/delete`, { force: 'true' })).status).toBe(303);
    const after = (await (await api(`/api/v1/agents/${agent.id}`, { as: a })).json()) as any;
    expect(after.tool_ids).toEqual([]);
  });

  it("answers 404 for another tenant's tool pages and actions", async () => {
    const a = await signup();
    const b = await signup();
    const id = await newTool(a);
    for (const path of [`/app/tools/${id}`, `/app/tools/${id}/delete`]) expect(await expectNotFound(await getPage(b, path))).not.toContain('echo_item');
    for (const path of [`/app/tools/${id}`, `/app/tools/${id}/try`, `/app/tools/${id}/delete`]) {
      expect((await postForm(b, path, { ...toolFields(), arguments: '{"item":"x"}', force: 'true' })).status).toBe(404);
    }
    expect(await (await getPage(b, '/app/tools')).text()).not.toContain('echo_item');
  });
});
