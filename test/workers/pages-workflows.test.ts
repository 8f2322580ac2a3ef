// The workflow pages (routes/pages/workflows.tsx): the list with its starter templates, "New workflow", the canvas
// frame and its data, the side panel's step form (render, apply, errors), versions with diff and restore, viewers'
// read-only canvas, escaping of names, and another tenant's workflow answering 404 everywhere.
import { SELF } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { type Account, BASE, api, expectNotFound, getPage, postForm, signup } from './helpers';
import { addPerson } from './helpers/people';

/** Makes a workflow through the page's "New workflow" form; its id from the redirect. */
async function newWorkflow(a: Account, fields: Record<string, string> = { name: 'Blank one', template: '' }): Promise<string> {
  const res = await postForm(a, '/app/workflows', fields);
  expect(res.status).toBe(303);
  const m = /^\/app\/workflows\/(wfl_\w+)$/.exec(res.headers.get('location') ?? '');
  expect(m).not.toBeNull();
  return m![1]!;
}

/** The canvas page's data (the definition and the pickers), decoded from its data attribute. */
function canvasData(html: string): any {
  const m = /<div id="wf-data" hidden="" data-json="([^"]*)"/.exec(html) ?? /<div id="wf-data" hidden data-json="([^"]*)"/.exec(html);
  expect(m).not.toBeNull();
  const decoded = m![1]!
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return JSON.parse(decoded);
}

const stepForm = (a: Account, id: string, step: unknown, ids: string[]) =>
  postForm(a, `/app/workflows/${id}/steps/form`, { step: JSON.stringify(step), ids: JSON.stringify(ids) }, { htmx: true });

/** The step the apply answer hands to the canvas (`data-step`), or null when it was not applied. */
function appliedStep(html: string): any {
  const m = /data-step="([^"]*)"/.exec(html);
  if (!m || !html.includes('data-applied="true"')) return null;
  return JSON.parse(
    m[1]!
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}

describe('workflows list', () => {
  it('shows the nav entry, an empty state with the three starter templates and New workflow', async () => {
    const a = await signup();
    const html = await (await getPage(a, '/app/workflows')).text();
    expect(html).toContain('href="/app/workflows" aria-current="page"');
    expect(html).toContain('No workflows yet');
    for (const name of ['Research fan-out', 'Support triage', 'Content pipeline']) expect(html).toContain(name);
    expect(html.match(/Use this template/g)?.length).toBe(3);
    expect(html).toContain('New workflow');
  });

  it('makes a workflow from a template and from nothing, then lists them', async () => {
    const a = await signup();
    const blank = await newWorkflow(a, { name: 'My first', template: '' });
    const html = await (await getPage(a, `/app/workflows/${blank}`)).text();
    expect(canvasData(html).definition.steps.map((s: any) => s.id)).toEqual(['start']);
    const research = await newWorkflow(a, { template: 'research-fan-out' });
    const data = canvasData(await (await getPage(a, `/app/workflows/${research}`)).text());
    expect(data.definition.steps.length).toBeGreaterThanOrEqual(2);
    expect(data.definition.steps.some((s: any) => s.kind === 'map')).toBe(true);
    const list = await (await getPage(a, '/app/workflows')).text();
    expect(list).toContain('My first');
    expect(list).toContain('Research fan-out');
    expect(list).not.toContain('No workflows yet');
  });

  it('escapes names on the list and the canvas', async () => {
    const a = await signup();
    const id = await newWorkflow(a, { name: '<img src=x onerror=alert(1)> "quoted"', template: '' });
    for (const path of ['/app/workflows', `/app/workflows/${id}`, `/app/workflows/${id}/versions`]) {
      const html = await (await getPage(a, path)).text();
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('refuses a name that is too long, with the form shown again', async () => {
    const a = await signup();
    await newWorkflow(a);
    const res = await postForm(a, '/app/workflows', { name: 'x'.repeat(101), template: '' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('role="alert"');
  });
});

describe('the canvas', () => {
  it('renders the frame: palette of eight kinds, toolbar, side panel, JSON view, test run, and its scripts', async () => {
    const a = await signup();
    const id = await newWorkflow(a);
    const html = await (await getPage(a, `/app/workflows/${id}`)).text();
    expect(html).toContain('data-editable="true"');
    for (const kind of ['agent', 'tool', 'transform', 'router', 'map', 'approval', 'wait', 'workflow']) expect(html).toContain(`data-kind="${kind}"`);
    expect(html).toContain('role="listbox"');
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('id="wf-json"');
    expect(html).toContain('id="wf-run-form"');
    expect(html).toContain('src="/assets/vendor/dagre.min.js"');
    expect(html).toContain('src="/assets/workflow-builder.js"');
    expect(html).toContain(`hx-post="/app/workflows/${id}/steps/form"`);
    const data = canvasData(html);
    expect(data.version).toBe(1);
    expect(data.runEvents).toContain('step.completed');
  });

  it('serves the vendored dagre and the canvas script from the Worker', async () => {
    const a = await signup();
    for (const path of ['/assets/vendor/dagre.min.js', '/assets/workflow-builder.js', '/assets/workflow-builder.css']) {
      const res = await getPage(a, path);
      expect(res.status, path).toBe(200);
      expect((await res.text()).length).toBeGreaterThan(1000);
    }
  });

  it('is read-only for a viewer: no palette or save, a disabled step form, and writes refused', async () => {
    const a = await signup();
    const id = await newWorkflow(a);
    const viewer = await addPerson(a, 'viewer');
    const html = await (await getPage(viewer, `/app/workflows/${id}`)).text();
    expect(html).toContain('data-editable="false"');
    expect(html).toContain('data-can-run="false"');
    expect(html).not.toContain('data-kind="agent"');
    expect(html).not.toContain('data-action="save"');
    expect(html).toContain('Read only');
    const form = await (await stepForm(viewer, id, { id: 'start', kind: 'transform', value: 'x' }, ['start'])).text();
    expect(form).toMatch(/<fieldset class="wf-fieldset" disabled/);
    expect(form).not.toContain('>Apply');
    expect((await postForm(viewer, `/app/workflows/${id}/steps/apply`, { original: '{"id":"start","kind":"transform","value":""}', id: 'start' })).status).toBe(
      403,
    );
    expect((await postForm(viewer, '/app/workflows', { name: 'Nope', template: '' })).status).toBe(403);
    expect((await postForm(viewer, `/app/workflows/${id}/versions/1/restore`)).status).toBe(403);
    const list = await (await getPage(viewer, '/app/workflows')).text();
    expect(list).not.toContain('Use this template');
  });
});

describe('the step form (side panel)', () => {
  it('renders a step as a form: its kind’s fields, needs as the other steps, pickers of agents', async () => {
    const a = await signup();
    const id = await newWorkflow(a);
    const step = {
      id: 'summarize',
      name: 'Sum <it>',
      kind: 'agent',
      agent_id: 'agt_missing',
      input: 'Hi {{inputs.text}}',
      needs: ['start'],
      when: '{{inputs.text}} != ""',
    };
    const html = await (await stepForm(a, id, step, ['start', 'summarize', 'other'])).text();
    expect(html).toContain('name="id" value="summarize"');
    expect(html).toContain('value="Sum &lt;it&gt;"');
    expect(html).toContain('agt_missing (not found)');
    expect(html).toMatch(/name="needs" value="start" checked/);
    expect(html).toMatch(/name="needs" value="other"(?! checked)/);
    expect(html).toContain('Hi {{inputs.text}}</textarea>');
    expect(html).not.toContain('name="tool_id"');
    expect(html).not.toContain('data-applied');
  });

  it('applies the form: the updated step comes back for the canvas, keeping its position', async () => {
    const a = await signup();
    const id = await newWorkflow(a);
    const original = { id: 'call', kind: 'tool', tool_id: 'tol_calculator', arguments: { expression: '1+1' }, position: { x: 40, y: 80 } };
    const res = await postForm(
      a,
      `/app/workflows/${id}/steps/apply`,
      {
        original: JSON.stringify(original),
        ids: JSON.stringify(['start', 'call']),
        id: 'compute',
        name: 'Compute',
        tool_id: 'tol_calculator',
        arguments: '{"expression": "{{inputs.text}}"}',
        needs: ['start'],
        when: '',
        retries: '3',
        timeout_seconds: '',
      },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(appliedStep(html)).toEqual({
      id: 'compute',
      name: 'Compute',
      kind: 'tool',
      tool_id: 'tol_calculator',
      arguments: { expression: '{{inputs.text}}' },
      needs: ['start'],
      retries: 3,
      position: { x: 40, y: 80 },
    });
    expect(html).toContain('data-original="call"');
    expect(html).toContain('Applied to the canvas');
  });

  it('reads a transform value as JSON, or as text when it is not JSON; routes as lines', async () => {
    const a = await signup();
    const id = await newWorkflow(a);
    const apply = async (original: object, fields: Record<string, string>) =>
      appliedStep(
        await (
          await postForm(
            a,
            `/app/workflows/${id}/steps/apply`,
            { original: JSON.stringify(original), ids: '["start","t","r","x","y"]', ...fields },
            { htmx: true },
          )
        ).text(),
      );
    expect((await apply({ id: 't', kind: 'transform', value: '' }, { id: 't', value: '{"a": "{{inputs.text}}"}' })).value).toEqual({ a: '{{inputs.text}}' });
    expect((await apply({ id: 't', kind: 'transform', value: '' }, { id: 't', value: 'Hello {{inputs.text}}' })).value).toBe('Hello {{inputs.text}}');
    expect((await apply({ id: 'r', kind: 'router', routes: {} }, { id: 'r', routes: 'big: x, y\nsmall: start' })).routes).toEqual({
      big: ['x', 'y'],
      small: ['start'],
    });
  });

  it('shows errors on the fields and applies nothing: bad JSON, a taken id, an unknown need, a bad id', async () => {
    const a = await signup();
    const id = await newWorkflow(a);
    const post = (fields: Record<string, string | string[]>) =>
      postForm(
        a,
        `/app/workflows/${id}/steps/apply`,
        { original: JSON.stringify({ id: 'call', kind: 'tool', tool_id: 'tol_calculator' }), ids: '["start","call"]', tool_id: 'tol_calculator', ...fields },
        { htmx: true },
      ).then((r) => r.text());
    const badJson = await post({ id: 'call', arguments: '{nope' });
    expect(appliedStep(badJson)).toBeNull();
    expect(badJson).toContain('This is not valid JSON');
    expect(await post({ id: 'start', arguments: '{}' })).toContain('Another step is called start');
    expect(await post({ id: 'call', arguments: '{}', needs: ['ghost'] })).toContain('No step is called ghost');
    const badId = await post({ id: '9 lives', arguments: '{}' });
    expect(badId).toContain('a step id is a letter');
    expect(badId).toContain('aria-invalid="true"');
  });

  it('refuses what is not a step', async () => {
    const a = await signup();
    const id = await newWorkflow(a);
    expect((await stepForm(a, id, { kind: 'nope' }, [])).status).toBe(400);
    expect((await postForm(a, `/app/workflows/${id}/steps/form`, { step: '{not json' }, { htmx: true })).status).toBe(400);
  });
});

describe('test runs from the canvas', () => {
  const testRun = (a: Account, id: string, body: unknown) =>
    SELF.fetch(`${BASE}/app/workflows/${id}/test-runs`, {
      method: 'POST',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });

  it('starts a run of the saved version with trigger `test`, which the run API then answers', async () => {
    const a = await signup();
    const id = await newWorkflow(a);
    const res = await testRun(a, id, { inputs: { text: 'hi' } });
    expect(res.status).toBe(202);
    const run = (await res.json()) as any;
    expect(run).toMatchObject({ workflow_id: id, workflow_version: 1, trigger: { kind: 'test' }, inputs: { text: 'hi' } });
    await vi.waitFor(
      async () => {
        const now = (await (await api(`/api/v1/runs/${run.id}`, { as: a })).json()) as any;
        expect(now.status).toBe('succeeded');
        expect(now.steps[0]).toMatchObject({ id: 'start', status: 'succeeded', output: 'hi' });
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('refuses bad inputs (400, JSON), a viewer (403) and another tenant (404)', async () => {
    const a = await signup();
    const id = await newWorkflow(a);
    const bad = await testRun(a, id, { inputs: { text: 5 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('validation_failed');
    expect((await testRun(a, id, { inputs: [1] })).status).toBe(400);
    const viewer = await addPerson(a, 'viewer');
    expect((await testRun(viewer, id, { inputs: {} })).status).toBe(403);
    expect((await testRun(await signup(), id, { inputs: {} })).status).toBe(404);
  });
});

describe('versions', () => {
  it('diffs a saved version against the one before: steps added and changed, and the definition line by line', async () => {
    const a = await signup();
    const id = await newWorkflow(a, { name: 'Diffed', template: '' });
    const res = await api(`/api/v1/workflows/${id}`, {
      method: 'PATCH',
      as: a,
      body: {
        definition: {
          inputs: { text: { type: 'string' } },
          steps: [
            { id: 'start', kind: 'transform', value: '{{inputs.text}} <b>', position: { x: 0, y: 0 } },
            { id: 'shout', kind: 'transform', needs: ['start'], value: '{{steps.start.output}}!', position: { x: 260, y: 0 } },
          ],
        },
      },
    });
    expect(res.status).toBe(200);
    const html = await (await getPage(a, `/app/workflows/${id}/versions`)).text();
    expect(html).toContain('Version 2 compared with version 1');
    expect(html).toContain('Added shout; changed start');
    expect(html).toContain('Steps added');
    expect(html).toContain('<span class="sr-only">Added: </span>+       &quot;value&quot;: &quot;{{inputs.text}} &lt;b&gt;&quot;</ins>');
  });

  it('lists versions, and restore makes a new version equal to the old one', async () => {
    const a = await signup();
    const id = await newWorkflow(a, { name: 'Versioned', template: '' });
    const res = await postForm(a, `/app/workflows/${id}/versions/1/restore`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/workflows/${id}/versions?restored=1`);
    const page = await (await getPage(a, res.headers.get('location')!)).text();
    expect(page).toContain('Restored version 1 as version 2');
    expect(page).toContain('Restored from version 1');
    expect(page).toContain('Version 2 compared with version 1');
    const v1 = await (await getPage(a, `/app/workflows/${id}/versions?v=1`)).text();
    expect(v1).toContain('Restore version 1');
    expect((await postForm(a, `/app/workflows/${id}/versions/0/restore`)).status).toBe(404);
    expect((await postForm(a, `/app/workflows/${id}/versions/9/restore`)).status).toBe(404);
  });
});

describe('tenancy', () => {
  it("answers 404 for another tenant's workflow on every page and fragment", async () => {
    const a = await signup();
    const b = await signup();
    const id = await newWorkflow(a, { name: 'Secret flow', template: '' });
    expect(await expectNotFound(await getPage(b, `/app/workflows/${id}`))).not.toContain('Secret flow');
    expect(await expectNotFound(await getPage(b, `/app/workflows/${id}/versions`))).not.toContain('Secret flow');
    expect((await stepForm(b, id, { id: 'start', kind: 'transform', value: '' }, [])).status).toBe(404);
    expect(
      (await postForm(b, `/app/workflows/${id}/steps/apply`, { original: '{"id":"start","kind":"transform","value":""}', id: 'start' }, { htmx: true })).status,
    ).toBe(404);
    expect((await postForm(b, `/app/workflows/${id}/versions/1/restore`)).status).toBe(404);
    expect(await (await getPage(b, '/app/workflows')).text()).not.toContain('Secret flow');
  });
});
