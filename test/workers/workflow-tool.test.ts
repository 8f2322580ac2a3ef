// An agent calling a workflow as a tool (tools/workflow-tool.ts): the workflow in the agent's tool_ids becomes
// `workflow_<slug>` with the workflow's inputs as parameters; the scripted model calls it, the run starts with
// trigger agent and the tool answers the run's output (or why it did not start, or that it is still running);
// an unknown workflow id is refused on save; the builder offers the tenant's workflows.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { RunJson } from '../../worker/schemas/workflows';
import { runTool } from '../../worker/tools/registry';
import { type Account, api, expectError, post, signup } from './helpers';
import { seedWorkflow } from './helpers/workflow-seed';

async function say(a: Account, sessionId: string, content: string) {
  const res = await api(`/api/v1/sessions/${sessionId}/messages`, { body: { content }, as: a });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

const toolSteps = async (a: Account, sessionId: string) =>
  (((await (await api(`/api/v1/sessions/${sessionId}/trace`, { as: a })).json()) as any).data as any[]).filter((s) => s.type === 'tool');

describe('workflow tools', () => {
  it('lets the model call a workflow with its inputs and answers the run’s output', async () => {
    const a = await signup('Workflow tool');
    const wf = await seedWorkflow(a, undefined, 'Echo');
    const agent = await post(a, '/api/v1/agents', { name: 'Runner', model: 'edgent-test', tool_ids: [wf.id] });
    const session = await post(a, `/api/v1/agents/${agent.id}/sessions`, {});
    const name = `workflow_${wf.slug}`;
    const r = await say(a, session.id, `[[tool:${name} {"topic":"tides","extra":"x"}]] [[tool:${name} {"topic":7}]]`);
    const [ok, bad] = await toolSteps(a, session.id);
    expect(ok).toMatchObject({ ok: true, name });
    expect(JSON.parse(ok.output)).toEqual({ topic: 'tides', extra: 'x' });
    expect(bad).toMatchObject({ ok: false, output: expect.stringContaining('inputs.topic') });
    expect(r.message.content).toContain('tides');

    // The run is recorded with trigger agent (the calling agent's id).
    // The runs list is written through the EVENTS queue, a moment after the run.
    await vi.waitFor(
      async () => {
        const runs = ((await (await api(`/api/v1/runs?workflow_id=${wf.id}`, { as: a })).json()) as any).data;
        const run = runs.find((x: any) => x.trigger.kind === 'agent');
        expect(run).toMatchObject({ trigger: { kind: 'agent', id: agent.id }, status: 'succeeded' });
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('refuses an unknown workflow in tool_ids, and offers the workflows in the builder', async () => {
    const a = await signup('Workflow tool builder');
    const wf = await seedWorkflow(a, undefined, 'Report Builder');
    const err = await expectError(
      await api('/api/v1/agents', { body: { name: 'X', model: 'edgent-test', tool_ids: ['wfl_00000000000000000000000000'] }, as: a }),
      400,
      'validation_failed',
    );
    expect(err.details).toEqual([{ path: 'tool_ids.0', message: 'No such workflow: wfl_00000000000000000000000000' }]);
    // Another tenant's workflow is just as unknown.
    const b = await signup('Other tenant');
    await expectError(await api('/api/v1/agents', { body: { name: 'Y', model: 'edgent-test', tool_ids: [wf.id] }, as: b }), 400, 'validation_failed');

    const agent = await post(a, '/api/v1/agents', { name: 'Builder test', model: 'edgent-test' });
    const page = await (await api(`/app/agents/${agent.id}`, { as: a, headers: { accept: 'text/html' } })).text();
    expect(page).toContain(`value="${wf.id}"`);
    expect(page).toContain(`workflow_${wf.slug}`);
    expect(page).toContain('Workflows');
  });

  it('answers "still running" with the run id past its wait, and refuses where workflows cannot start', async () => {
    const spec = {
      id: 'wfl_x',
      name: 'workflow_slow',
      description: '',
      kind: 'workflow' as const,
      parameters: {},
      config: { workflow_id: 'wfl_x', version: 1, definition: { inputs: {}, steps: [{ id: 'a', kind: 'transform', value: 1 }] }, wait_seconds: 1 },
      connectionId: null,
    };
    const base = {
      env,
      tenantId: 'ten_x',
      sessionId: 'ses_x',
      agentId: 'agt_x',
      runtime: 'edge' as const,
      signal: new AbortController().signal,
      connection: () => undefined,
      secretFor: async () => null,
      depth: 0,
      runAgent: async () => ({ found: false as const }),
    };
    let waited = 0;
    const running = { id: 'run_x', status: 'waiting' } as RunJson;
    const r = await runTool([spec], 'workflow_slow', '{}', {
      ...base,
      runWorkflow: async (_w, _inputs, waitMs) => ((waited = waitMs), running),
    });
    expect(waited).toBe(1000);
    expect(r).toMatchObject({ ok: true, output: expect.stringContaining('still waiting') });
    expect(r.output).toContain('run_x');
    expect(await runTool([spec], 'workflow_slow', '{}', base)).toMatchObject({ ok: false, output: expect.stringContaining('cannot be run from here') });
  });
});
