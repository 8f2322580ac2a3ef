// Workflows API (routes/api/workflows.ts, services/workflows.ts, services/workflow-validation.ts): CRUD where every
// save is a version, history, diff and restore, validation errors that name the step, starter templates, audit
// entries, run inputs, and two tenants.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../worker/db/ids';
import { AppError } from '../../worker/errors';
import type { WorkflowDefinition } from '../../worker/schemas/workflows';
import { WORKFLOWS_GUIDE } from '../../views/docs/guide-workflows';
import { checkInputs } from '../../worker/services/workflow-validation';
import { type Account, type Caller, api, createAgent, createTool, expectError, post, signup } from './helpers';
import { addPerson } from './helpers/people';
import { start, stepOf } from './helpers/runs';

type Issue = { path: string; step_id: string | null; message: string };

const transformDef = (value: unknown = 'hello {{inputs.name}}'): WorkflowDefinition => ({
  inputs: { name: { type: 'string', required: true } },
  steps: [{ id: 'greet', kind: 'transform', value }],
  output: '{{steps.greet.output}}',
});

const createWorkflow = (as: Caller, body: Record<string, unknown> = {}) =>
  post<any>(as, '/api/v1/workflows', { name: 'Greeter', definition: transformDef(), ...body });

async function validate(as: Caller, definition: unknown, workflowId?: string): Promise<{ valid: boolean; errors: Issue[] }> {
  const res = await api('/api/v1/workflows/validate', { body: { definition, ...(workflowId ? { workflow_id: workflowId } : {}) }, as });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

async function auditEntry(as: Caller, action: string, id: string) {
  let found: any;
  await vi.waitFor(
    async () => {
      const res = await api('/api/v1/audit-log?limit=100', { as });
      found = ((await res.json()) as { data: any[] }).data.find((e) => e.action === action && e.resource.id === id);
      expect(found).toBeDefined();
    },
    { timeout: 10_000, interval: 100 },
  );
  return found;
}

describe('workflows CRUD and versions', () => {
  it('creates at version 1 with a slug from the name, reads, lists and searches', async () => {
    const a = await signup();
    const wf = await createWorkflow(a, { description: 'Says hello' });
    expect(wf).toMatchObject({ name: 'Greeter', slug: 'greeter', version: 1, description: 'Says hello' });
    expect(wf.id).toMatch(/^wfl_[0-9a-z]{24}$/);
    expect(wf.definition).toEqual(transformDef());
    expect(await (await api(`/api/v1/workflows/${wf.id}`, { as: a })).json()).toEqual(wf);
    const second = await createWorkflow(a);
    expect(second.slug).toBe('greeter-2');
    await expectError(await api('/api/v1/workflows', { body: { name: 'X', slug: 'greeter', definition: transformDef() }, as: a }), 409, 'conflict');
    await createWorkflow(a, { name: 'Other' });
    const list = (await (await api('/api/v1/workflows?limit=2', { as: a })).json()) as any;
    expect(list.data).toHaveLength(2);
    expect(list.next_cursor).toBeTypeOf('string');
    const page2 = (await (await api(`/api/v1/workflows?limit=2&cursor=${list.next_cursor}`, { as: a })).json()) as any;
    expect([...list.data, ...page2.data].map((w: any) => w.id).sort()).toEqual([wf.id, second.id, list.data[0].id].sort());
    const found = (await (await api('/api/v1/workflows?q=othe', { as: a })).json()) as any;
    expect(found.data.map((w: any) => w.name)).toEqual(['Other']);
  });

  it('refuses bodies that are not a workflow', async () => {
    const a = await signup();
    const e1 = await expectError(await api('/api/v1/workflows', { body: { definition: transformDef() }, as: a }), 400, 'validation_failed');
    expect(e1.details).toContainEqual(expect.objectContaining({ path: 'name' }));
    const e2 = await expectError(await api('/api/v1/workflows', { body: { name: 'x' }, as: a }), 400, 'validation_failed');
    expect(e2.details).toContainEqual(expect.objectContaining({ path: 'definition', message: 'Send either a definition or a template' }));
    await expectError(await api('/api/v1/workflows', { body: { name: 'x', definition: transformDef(), template: 'support-triage' }, as: a }), 400);
    await expectError(await api('/api/v1/workflows', { body: { name: 'x', definition: transformDef(), extra: 1 }, as: a }), 400);
    await expectError(await api('/api/v1/workflows', { body: '{"name":', as: a }), 400, 'invalid_json');
    await expectError(await api('/api/v1/workflows/wfl_nope', { as: a }), 404, 'not_found');
  });

  it('writes a version on every change (none when nothing changes), lists them, reads one, diffs and restores', async () => {
    const a = await signup();
    const wf = await createWorkflow(a);
    const patch = (body: unknown) => api(`/api/v1/workflows/${wf.id}`, { method: 'PATCH', body, as: a });
    const v2 = (await (await patch({ definition: transformDef('hi {{inputs.name}}') })).json()) as any;
    expect(v2).toMatchObject({ version: 2, name: 'Greeter' });
    const moved = transformDef('hi {{inputs.name}}');
    moved.steps[0]!.position = { x: 10, y: 20 };
    moved.steps.push({ id: 'shout', kind: 'transform', value: '{{steps.greet.output}}!' });
    moved.inputs.loud = { type: 'boolean', default: false };
    const v3 = (await (await patch({ name: 'Hello', description: 'new', definition: moved })).json()) as any;
    expect(v3).toMatchObject({ version: 3, name: 'Hello', slug: 'greeter', description: 'new' });
    // The same content again: no empty version.
    expect(((await (await patch({ name: 'Hello' })).json()) as any).version).toBe(3);

    const versions = (await (await api(`/api/v1/workflows/${wf.id}/versions`, { as: a })).json()) as any;
    expect(versions.data.map((v: any) => v.version)).toEqual([3, 2, 1]);
    expect(versions.data[2]).toMatchObject({ workflow_id: wf.id, name: 'Greeter', restored_from: null, created_by: a.user.id, definition: transformDef() });
    const one = (await (await api(`/api/v1/workflows/${wf.id}/versions/1`, { as: a })).json()) as any;
    expect(one.definition).toEqual(transformDef());

    const diff = (await (await api(`/api/v1/workflows/${wf.id}/versions/3/diff`, { as: a })).json()) as any;
    expect(diff).toEqual({
      from: 2,
      to: 3,
      fields: [
        { field: 'name', before: 'Greeter', after: 'Hello' },
        { field: 'description', before: null, after: 'new' },
      ],
      inputs: { added: ['loud'], removed: [], changed: [] },
      steps: { added: ['shout'], removed: [], changed: [], moved: ['greet'] },
      output_changed: false,
    });
    const diff13 = (await (await api(`/api/v1/workflows/${wf.id}/versions/3/diff?from=1`, { as: a })).json()) as any;
    expect(diff13.steps.changed).toEqual([{ id: 'greet', fields: ['value'] }]);
    const first = (await (await api(`/api/v1/workflows/${wf.id}/versions/1/diff`, { as: a })).json()) as any;
    expect(first).toMatchObject({
      from: 0,
      to: 1,
      fields: [{ field: 'name', before: null, after: 'Greeter' }],
      inputs: { added: ['name'] },
      steps: { added: ['greet'] },
    });
    expect(first.output_changed).toBe(true);
    await expectError(await api(`/api/v1/workflows/${wf.id}/versions/3/diff?from=0`, { as: a }), 400, 'validation_failed');

    const restored = (await (await api(`/api/v1/workflows/${wf.id}/versions/1/restore`, { method: 'POST', as: a })).json()) as any;
    expect(restored).toMatchObject({ version: 4, name: 'Greeter', description: null, definition: transformDef() });
    const latest = (await (await api(`/api/v1/workflows/${wf.id}/versions?limit=1`, { as: a })).json()) as any;
    expect(latest.data[0]).toMatchObject({ version: 4, restored_from: 1 });
    await expectError(await api(`/api/v1/workflows/${wf.id}/versions/9/restore`, { method: 'POST', as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/workflows/${wf.id}/versions/9`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/workflows/${wf.id}/versions/abc/restore`, { method: 'POST', as: a }), 400, 'validation_failed');
  });

  it('refuses to restore a version whose agent is gone, naming the step', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const wf = await createWorkflow(a, { definition: { steps: [{ id: 'ask', kind: 'agent', agent_id: agent.id, input: 'hi' }] } });
    await api(`/api/v1/workflows/${wf.id}`, { method: 'PATCH', body: { definition: transformDef() }, as: a });
    expect((await api(`/api/v1/agents/${agent.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    const e = await expectError(await api(`/api/v1/workflows/${wf.id}/versions/1/restore`, { method: 'POST', as: a }), 400, 'validation_failed');
    expect(e.details).toEqual([{ path: 'steps.ask.agent_id', message: `No such agent: ${agent.id}` }]);
  });

  it('deletes the workflow and its versions but keeps its runs in the runs list', async () => {
    const a = await signup();
    const wf = await createWorkflow(a);
    const runId = newId('run');
    await env.DB.prepare(
      'insert into workflow_runs (id, tenant_id, workflow_id, workflow_version, status, trigger_kind, created_at) values (?, ?, ?, 1, ?, ?, ?)',
    )
      .bind(runId, a.tenant.id, wf.id, 'succeeded', 'api', Date.now())
      .run();
    expect((await api(`/api/v1/workflows/${wf.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await api(`/api/v1/workflows/${wf.id}`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/workflows/${wf.id}/versions`, { as: a }), 404, 'not_found');
    await expectError(await api(`/api/v1/workflows/${wf.id}`, { method: 'DELETE', as: a }), 404, 'not_found');
    const versions = await env.DB.prepare('select count(*) as n from workflow_versions where workflow_id = ?').bind(wf.id).first<{ n: number }>();
    expect(versions!.n).toBe(0);
    const run = await env.DB.prepare('select workflow_id from workflow_runs where id = ?').bind(runId).first<{ workflow_id: string }>();
    expect(run).toEqual({ workflow_id: wf.id });
  });

  it('records workflow.create, workflow.update, workflow.restore and workflow.delete in the audit log', async () => {
    const a = await signup();
    const wf = await createWorkflow(a);
    await api(`/api/v1/workflows/${wf.id}`, { method: 'PATCH', body: { name: 'Renamed' }, as: a });
    await api(`/api/v1/workflows/${wf.id}/versions/1/restore`, { method: 'POST', as: a });
    await api(`/api/v1/workflows/${wf.id}`, { method: 'DELETE', as: a });
    expect((await auditEntry(a, 'workflow.create', wf.id)).changes).toMatchObject({ name: { after: 'Greeter' }, steps: { after: ['greet'] } });
    expect((await auditEntry(a, 'workflow.update', wf.id)).changes).toEqual({
      name: { before: 'Greeter', after: 'Renamed' },
      version: { before: 1, after: 2 },
    });
    expect((await auditEntry(a, 'workflow.restore', wf.id)).changes).toMatchObject({ restored_from: { after: 1 }, version: { before: 2, after: 3 } });
    expect((await auditEntry(a, 'workflow.delete', wf.id)).changes).toEqual({ name: { before: 'Greeter' } });
  });
});

describe('workflow validation names the step', () => {
  const agentStep = (id: string, extra: Record<string, unknown> = {}) => ({ id, kind: 'transform', value: 'x', ...extra });

  it('accepts a valid definition of every step kind', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    const tool = await createTool(a);
    const child = await createWorkflow(a);
    const def = {
      inputs: { items: { type: 'array', required: true }, topic: { type: 'string', default: 'x' } },
      steps: [
        { id: 'ask', kind: 'agent', agent_id: agent.id, input: 'About {{inputs.topic}}' },
        { id: 'look', kind: 'tool', tool_id: tool.id, arguments: { q: '{{steps.ask.output}}' } },
        { id: 'time', kind: 'tool', tool_id: 'tol_current_time' },
        { id: 'pick', kind: 'router', agent_id: agent.id, routes: { yes: ['ok'], no: ['hold'] }, needs: ['ask'] },
        { id: 'ok', kind: 'transform', value: { n: '{{steps.look.output.count}}' }, needs: ['pick'] },
        { id: 'hold', kind: 'approval', message: 'Go on?', needs: ['pick'], when: '{{steps.ask.output}} != "stop" && !{{inputs.topic}} == false' },
        { id: 'each', kind: 'map', over: '{{inputs.items}}', step: { kind: 'agent', agent_id: agent.id, input: '#{{index}}: {{item.name}}' } },
        { id: 'pause', kind: 'wait', seconds: 5, needs: ['each'] },
        { id: 'sub', kind: 'workflow', workflow_id: child.id, inputs: { name: '{{steps.ask.output}}' } },
      ],
      output: { a: '{{steps.ok.output}}', b: '{{steps.each.output}}' },
    };
    expect(await validate(a, def)).toEqual({ valid: true, errors: [] });
    expect((await post(a, '/api/v1/workflows', { name: 'All kinds', definition: def })).version).toBe(1);
  });

  it.each<[string, (ids: { agent: string }) => unknown, Issue[]]>([
    [
      'a duplicate id (by position)',
      () => ({ steps: [agentStep('a'), agentStep('a')] }),
      [{ path: 'steps[1].id', step_id: 'a', message: 'Duplicate step id "a" (also steps[0])' }],
    ],
    [
      'a bad id (by position)',
      () => ({ steps: [agentStep('1a')] }),
      [{ path: 'steps[0].id', step_id: null, message: 'a step id is a letter then up to 39 letters, digits or _' }],
    ],
    [
      'a missing field of the kind',
      () => ({ steps: [{ id: 'ask', kind: 'agent', input: 'x' }] }),
      [{ path: 'steps.ask.agent_id', step_id: 'ask', message: expect.any(String) }],
    ],
    ['an unknown kind', () => ({ steps: [{ id: 'z', kind: 'teleport' }] }), [{ path: 'steps.z.kind', step_id: 'z', message: expect.any(String) }]],
    [
      'unknown needs',
      () => ({ steps: [agentStep('a'), agentStep('b', { needs: ['a', 'ghost'] })] }),
      [{ path: 'steps.b.needs', step_id: 'b', message: 'needs "ghost", which is not a step of this workflow' }],
    ],
    [
      'a template naming an unknown step',
      () => ({ steps: [agentStep('a', { value: { deep: ['{{steps.nope.output.x}}'] } })] }),
      [{ path: 'steps.a.value', step_id: 'a', message: '{{steps.nope.output}}: there is no step "nope"' }],
    ],
    [
      'a template naming an unknown input',
      ({ agent }) => ({ inputs: { q: { type: 'string' } }, steps: [{ id: 'ask', kind: 'agent', agent_id: agent, input: '{{inputs.question}}' }] }),
      [{ path: 'steps.ask.input', step_id: 'ask', message: '{{inputs.question}}: the workflow has no input "question"' }],
    ],
    [
      'a template that does not parse (with its position)',
      () => ({ steps: [agentStep('a', { value: { q: 'x {{inputs.q' } })] }),
      [{ path: 'steps.a.value.q', step_id: 'a', message: '"{{" is never closed with "}}" (at character 3)' }],
    ],
    [
      '{{item}} outside a map',
      () => ({ steps: [agentStep('a', { value: '{{item}}' })] }),
      [{ path: 'steps.a.value', step_id: 'a', message: "{{item}} is only defined in a map step's inner step" }],
    ],
    [
      'an unknown step in the output',
      () => ({ steps: [agentStep('a')], output: '{{steps.b.output}}' }),
      [{ path: 'output', step_id: null, message: '{{steps.b.output}}: there is no step "b"' }],
    ],
    [
      'a cycle (naming its steps)',
      () => ({ steps: [agentStep('a', { needs: ['c'] }), agentStep('b', { value: '{{steps.a.output}}' }), agentStep('c', { needs: ['b'] }), agentStep('d')] }),
      [{ path: 'steps.a.needs', step_id: 'a', message: 'Dependency cycle: a → c → b → a' }],
    ],
    [
      'a step needing itself',
      () => ({ steps: [agentStep('a', { needs: ['a'] })] }),
      [{ path: 'steps.a.needs', step_id: 'a', message: 'A step cannot need itself' }],
    ],
    [
      'a when that does not parse',
      () => ({ steps: [agentStep('a'), agentStep('b', { when: '{{steps.a.output}} = 3', needs: ['a'] })] }),
      [{ path: 'steps.b.when', step_id: 'b', message: 'unexpected "=": use == to compare (at character 20)' }],
    ],
    [
      'a when naming an unknown step',
      () => ({ steps: [agentStep('a', { when: '{{steps.x.output}}' })] }),
      [{ path: 'steps.a.when', step_id: 'a', message: '{{steps.x.output}}: there is no step "x"' }],
    ],
    [
      'a route naming no step',
      () => ({ steps: [{ id: 'r', kind: 'router', routes: { a: ['x'], b: ['y'] } }, agentStep('x', { needs: ['r'] })] }),
      [{ path: 'steps.r.routes.b', step_id: 'r', message: 'Route "b" names "y", which is not a step of this workflow' }],
    ],
    [
      'a step in two routes of one router',
      () => ({ steps: [{ id: 'r', kind: 'router', routes: { a: ['x'], b: ['x'] } }, agentStep('x', { needs: ['r'] })] }),
      [{ path: 'steps.r.routes.b', step_id: 'r', message: '"x" is in two routes ("a" and "b"): a step belongs to one route of a router' }],
    ],
    [
      'a router reading a step of its own routes (a cycle: routed steps wait for their router)',
      () => ({ steps: [{ id: 'r', kind: 'router', input: '{{steps.x.output}}', routes: { a: ['x'] } }, agentStep('x')] }),
      [{ path: 'steps.r.needs', step_id: 'r', message: 'Dependency cycle: r → x → r' }],
    ],
    [
      'an agent that does not exist',
      () => ({ steps: [{ id: 'ask', kind: 'agent', agent_id: 'agt_000000000000000000000000', input: 'x' }] }),
      [{ path: 'steps.ask.agent_id', step_id: 'ask', message: 'No such agent: agt_000000000000000000000000' }],
    ],
    [
      "a map's inner agent that does not exist",
      () => ({
        steps: [{ id: 'each', kind: 'map', over: '{{steps.a.output}}', step: { kind: 'agent', agent_id: 'nope', input: '{{item}}' } }, agentStep('a')],
      }),
      [{ path: 'steps.each.step.agent_id', step_id: 'each', message: 'No such agent: nope' }],
    ],
    [
      'a tool that does not exist',
      () => ({ steps: [{ id: 't', kind: 'tool', tool_id: 'tol_000000000000000000000000' }] }),
      [{ path: 'steps.t.tool_id', step_id: 't', message: 'No such tool: tol_000000000000000000000000' }],
    ],
    [
      'a sub-workflow that does not exist',
      () => ({ steps: [{ id: 'sub', kind: 'workflow', workflow_id: 'wfl_000000000000000000000000' }] }),
      [{ path: 'steps.sub.workflow_id', step_id: 'sub', message: 'No such workflow: wfl_000000000000000000000000' }],
    ],
    [
      'a map over something that is not one reference',
      () => ({
        steps: [{ id: 'each', kind: 'map', over: 'items: {{inputs.list}}', step: { kind: 'transform', value: '{{item}}' } }],
        inputs: { list: { type: 'array' } },
      }),
      [
        {
          path: 'steps.each.over',
          step_id: 'each',
          message: 'over is one reference that yields a list, e.g. {{inputs.items}} or {{steps.search.output.hits}}',
        },
      ],
    ],
    [
      'a map over an input that is not a list',
      () => ({
        steps: [{ id: 'each', kind: 'map', over: '{{inputs.topic}}', step: { kind: 'transform', value: '{{item}}' } }],
        inputs: { topic: { type: 'string' } },
      }),
      [{ path: 'steps.each.over', step_id: 'each', message: '{{inputs.topic}} is a string, not a list (declare it as an array)' }],
    ],
    [
      'a default of the wrong type',
      () => ({ inputs: { n: { type: 'number', default: 'x' } }, steps: [agentStep('a')] }),
      [{ path: 'inputs.n.default', step_id: null, message: 'The default is not a number' }],
    ],
  ])('%s', async (_name, make, expected) => {
    const a = await signup();
    const agent = await createAgent(a);
    const definition = make({ agent: agent.id });
    expect(await validate(a, definition)).toEqual({ valid: false, errors: expected });
    // Saving refuses it the same way (400, details path + message).
    const e = await expectError(await api('/api/v1/workflows', { body: { name: 'Bad', definition }, as: a }), 400, 'validation_failed');
    expect(e.details).toEqual(expected.map(({ path, message }) => ({ path, message })));
  });

  it('reports every problem at once', async () => {
    const a = await signup();
    const r = await validate(a, { steps: [agentStep('a', { needs: ['x'], value: '{{inputs.q}}' }), agentStep('b', { when: '((' })] });
    expect(r.errors.map((e) => e.path)).toEqual(['steps.a.needs', 'steps.a.value', 'steps.b.when']);
  });

  it('refuses a workflow that runs itself, and a PATCH that makes it do so', async () => {
    const a = await signup();
    const wf = await createWorkflow(a);
    const self = { steps: [{ id: 'again', kind: 'workflow', workflow_id: wf.id }] };
    expect((await validate(a, self, wf.id)).errors).toEqual([
      { path: 'steps.again.workflow_id', step_id: 'again', message: 'A workflow cannot run itself as a step' },
    ]);
    const e = await expectError(await api(`/api/v1/workflows/${wf.id}`, { method: 'PATCH', body: { definition: self }, as: a }), 400, 'validation_failed');
    expect(e.details).toEqual([{ path: 'steps.again.workflow_id', message: 'A workflow cannot run itself as a step' }]);
    expect(((await (await api(`/api/v1/workflows/${wf.id}`, { as: a })).json()) as any).version).toBe(1);
  });

  it("treats another person's private agent as not found (admins may use it)", async () => {
    const owner = await signup();
    const member = await addPerson(owner, 'member');
    const secret = await createAgent(owner, { visibility: 'private' });
    const def = { steps: [{ id: 'ask', kind: 'agent', agent_id: secret.id, input: 'x' }] };
    expect((await validate(member, def)).errors).toEqual([{ path: 'steps.ask.agent_id', step_id: 'ask', message: `No such agent: ${secret.id}` }]);
    await expectError(await api('/api/v1/workflows', { body: { name: 'Mine', definition: def }, as: member }), 400, 'validation_failed');
    expect((await validate(owner, def)).valid).toBe(true);
    const mine = await createAgent(member, { visibility: 'private' });
    expect((await validate(member, { steps: [{ id: 'ask', kind: 'agent', agent_id: mine.id, input: 'x' }] })).valid).toBe(true);
  });
});

describe('starter templates', () => {
  it('lists the three templates with their roles and inputs', async () => {
    const a = await signup();
    const res = await api('/api/v1/workflow-templates', { as: a });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as any;
    expect(data.map((t: any) => t.id)).toEqual(['research-fan-out', 'support-triage', 'content-pipeline']);
    expect(data[1].roles.map((r: any) => r.role)).toEqual(['triager', 'support']);
    expect(data[1].steps.map((s: any) => s.kind)).toEqual(['router', 'agent', 'approval', 'agent', 'transform', 'transform']);
    expect(data[0].inputs.topics).toMatchObject({ type: 'array', required: true });
  });

  it('makes each template into a valid workflow, creating the role agents once and reusing them', async () => {
    const a = await signup();
    for (const template of ['research-fan-out', 'support-triage', 'content-pipeline']) {
      const wf = await post<any>(a, '/api/v1/workflows', { template });
      expect(wf.version).toBe(1);
      expect((await validate(a, wf.definition)).valid).toBe(true);
    }
    const research = await post<any>(a, '/api/v1/workflows', { template: 'research-fan-out', name: 'Second research' });
    expect(research.name).toBe('Second research');
    const agents = (await (await api('/api/v1/agents?limit=100', { as: a })).json()) as any;
    const slugs = agents.data.map((x: any) => x.slug).sort();
    expect(slugs).toEqual([
      'hello-world',
      'workflow-editor',
      'workflow-researcher',
      'workflow-summarizer',
      'workflow-support',
      'workflow-triager',
      'workflow-writer',
    ]);
    const researcher = agents.data.find((x: any) => x.slug === 'workflow-researcher');
    expect(research.definition.steps[0].step.agent_id).toBe(researcher.id);
    const kinds = (await post<any>(a, '/api/v1/workflows', { template: 'support-triage' })).definition.steps.map((s: any) => s.kind);
    expect(kinds).toContain('router');
    expect(kinds).toContain('approval');
  });

  it('fills roles with chosen agents (id or slug) and refuses unknown roles and agents', async () => {
    const a = await signup();
    const writer = await createAgent(a, { name: 'My writer' });
    const wf = await post<any>(a, '/api/v1/workflows', { template: 'content-pipeline', agents: { writer: writer.id, editor: 'hello-world' } });
    const ids = wf.definition.steps.filter((s: any) => s.kind === 'agent').map((s: any) => s.agent_id);
    const hello = ((await (await api('/api/v1/agents?limit=100', { as: a })).json()) as any).data.find((x: any) => x.slug === 'hello-world');
    expect(ids).toEqual([writer.id, hello.id, writer.id]);
    const e = await expectError(
      await api('/api/v1/workflows', { body: { template: 'content-pipeline', agents: { poet: writer.id, editor: 'agt_000000000000000000000000' } }, as: a }),
      400,
      'validation_failed',
    );
    expect(e.details!.map((d) => d.path)).toEqual(['agents.poet', 'agents.editor']);
    // A refused request makes no starter agent.
    const slugs = ((await (await api('/api/v1/agents?limit=100', { as: a })).json()) as any).data.map((x: any) => x.slug);
    expect(slugs.filter((s: string) => s.startsWith('workflow-'))).toEqual([]);
    await expectError(await api('/api/v1/workflows', { body: { template: 'nope' }, as: a }), 400, 'validation_failed');
  });
});

describe('run inputs (checkInputs)', () => {
  const def: WorkflowDefinition = {
    inputs: { q: { type: 'string', required: true }, n: { type: 'number', default: 3 }, tags: { type: 'array' }, opts: { type: 'object' } },
    steps: [{ id: 'a', kind: 'transform', value: '{{inputs.q}}' }],
  };

  it('fills defaults and keeps undeclared inputs', () => {
    expect(checkInputs(def, { q: 'x', extra: true })).toEqual({ q: 'x', n: 3, extra: true });
    expect(checkInputs(def, { q: 'x', n: 5, tags: [], opts: {} })).toEqual({ q: 'x', n: 5, tags: [], opts: {} });
  });

  it('refuses missing required inputs and wrong types, naming each', () => {
    const error = (inputs: unknown) => {
      try {
        checkInputs(def, inputs);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return { code: (e as AppError).code, details: (e as AppError).details };
      }
      throw new Error('accepted');
    };
    expect(error({})).toEqual({ code: 'validation_failed', details: [{ path: 'inputs.q', message: 'is required' }] });
    expect(error({ q: 'x', tags: 'a' }).details).toEqual([{ path: 'inputs.tags', message: 'must be an array' }]);
    expect(error({ q: 1, n: '2', tags: {}, opts: [] }).details!.map((d) => d.path)).toEqual(['inputs.q', 'inputs.n', 'inputs.tags', 'inputs.opts']);
    expect(error([1]).details).toEqual([{ path: 'inputs', message: 'must be a JSON object' }]);
  });
});

describe('two tenants', () => {
  it("answers 404 for another tenant's workflow on every route, and refuses its agents, tools and workflows as not found", async () => {
    const a: Account = await signup('Org A');
    const b: Account = await signup('Org B');
    const wf = await createWorkflow(a);
    const agentA = await createAgent(a);
    const toolA = await createTool(a);
    for (const [method, path] of [
      ['GET', `/api/v1/workflows/${wf.id}`],
      ['PATCH', `/api/v1/workflows/${wf.id}`],
      ['DELETE', `/api/v1/workflows/${wf.id}`],
      ['GET', `/api/v1/workflows/${wf.id}/versions`],
      ['GET', `/api/v1/workflows/${wf.id}/versions/1`],
      ['GET', `/api/v1/workflows/${wf.id}/versions/1/diff?from=1`],
      ['POST', `/api/v1/workflows/${wf.id}/versions/1/restore`],
    ] as const)
      await expectError(await api(path, { method, body: method === 'PATCH' ? { name: 'mine' } : undefined, as: b }), 404, 'not_found');
    await expectError(await api('/api/v1/workflows/validate', { body: { definition: transformDef(), workflow_id: wf.id }, as: b }), 404, 'not_found');
    expect(((await (await api('/api/v1/workflows', { as: b })).json()) as any).data).toEqual([]);
    const def = {
      steps: [
        { id: 'ask', kind: 'agent', agent_id: agentA.id, input: 'x' },
        { id: 'use', kind: 'tool', tool_id: toolA.id },
        { id: 'sub', kind: 'workflow', workflow_id: wf.id },
      ],
    };
    const e = await expectError(await api('/api/v1/workflows', { body: { name: 'Steal', definition: def }, as: b }), 400, 'validation_failed');
    expect(e.details).toEqual([
      { path: 'steps.ask.agent_id', message: `No such agent: ${agentA.id}` },
      { path: 'steps.use.tool_id', message: `No such tool: ${toolA.id}` },
      { path: 'steps.sub.workflow_id', message: `No such workflow: ${wf.id}` },
    ]);
    expect((await validate(a, def)).valid).toBe(true);
    // A's workflow is untouched.
    expect(((await (await api(`/api/v1/workflows/${wf.id}`, { as: a })).json()) as any).version).toBe(1);
  });
});

describe('the Workflows guide', () => {
  it('is on /docs, and each of its curl bodies makes a workflow as written', async () => {
    const html = await (await api('/docs', { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('id="workflows"');
    const a = await signup();
    const agent = await createAgent(a);
    const bodies = [...WORKFLOWS_GUIDE.body.matchAll(/-d '([\s\S]*?)'\n```/g)].map((m) => m[1]!.replaceAll(`'$AGENT'`, agent.id));
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      const res = await api('/api/v1/workflows', { body, as: a });
      expect(res.status, await res.clone().text()).toBe(201);
    }
  });
});

describe('one when grammar for validation and the engine', () => {
  it('the engine compares numeric text as numbers and applies ! before ==, as validation parses it', async () => {
    const a = await signup();
    const definition = {
      inputs: { empty: { type: 'string' as const, default: '' } },
      steps: [
        { id: 'scores', kind: 'transform', value: { a: '10', b: '9' } },
        // Model replies are text: "10" > "9" as numbers.
        { id: 'higher', kind: 'transform', value: 'yes', when: '{{steps.scores.output.a}} > {{steps.scores.output.b}}' },
        // (!"") == false is false; read as !("" == false) it would hold.
        { id: 'negated', kind: 'transform', value: 'ran', needs: ['scores'], when: '!{{inputs.empty}} == false' },
      ],
    };
    expect(await validate(a, definition)).toEqual({ valid: true, errors: [] });
    const run = await start(a.tenant.id, definition);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'higher').status).toBe('succeeded');
    expect(stepOf(run, 'negated').status).toBe('skipped');
  });
});
