// Starting runs through the API (POST /api/v1/workflows/:id/runs): 202 at once or 200 when finished with `wait`,
// the Idempotency-Key, input errors, tenancy; sub-workflow steps (a child run that reports to its parent).
import { describe, expect, it } from 'vitest';
import type { RunJson } from '../../worker/schemas/workflows';
import { type Account, api, apiKey, expectError, signup } from './helpers';
import { stepOf, waitFor } from './helpers/runs';

async function workflow(owner: Account, definition: unknown, name = `Flow ${crypto.randomUUID().slice(0, 6)}`) {
  const res = await api('/api/v1/workflows', { as: owner, body: { name, definition } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const simple = {
  inputs: { name: { type: 'string', required: true } },
  steps: [{ id: 'hello', kind: 'transform', value: 'Hello {{inputs.name}}' }],
  output: '{{steps.hello.output}}',
};

describe('POST /api/v1/workflows/:id/runs', () => {
  it('answers 202 with the run, or 200 with the finished run when asked to wait', async () => {
    const owner = await signup('Run API');
    const id = await workflow(owner, simple);
    const started = await api(`/api/v1/workflows/${id}/runs`, { as: owner, body: { inputs: { name: 'Ada' } } });
    expect(started.status).toBe(202);
    const run = (await started.json()) as RunJson;
    expect(run).toMatchObject({ workflow_id: id, workflow_version: 1, trigger: { kind: 'api', id: null }, inputs: { name: 'Ada' } });
    const waited = await api(`/api/v1/workflows/${id}/runs`, { as: owner, body: { inputs: { name: 'Bo' }, wait: true } });
    expect(waited.status).toBe(200);
    expect(((await waited.json()) as RunJson).output).toBe('Hello Bo');
    // With an API key too.
    const key = await apiKey(owner, ['runs:write']);
    const keyed = await api(`/api/v1/workflows/${id}/runs`, { as: { key }, body: { inputs: { name: 'Key' }, wait: true } });
    expect(keyed.status).toBe(200);
  });

  it('with wait, a run that stops for a person answers 202 at once (waiting), not after the 60 s', async () => {
    const owner = await signup('Run API approval wait');
    const id = await workflow(owner, {
      steps: [
        { id: 'draft', kind: 'transform', value: 'draft' },
        { id: 'review', kind: 'approval', message: 'Ship {{steps.draft.output}}?', needs: ['draft'] },
      ],
    });
    const t0 = Date.now();
    const res = await api(`/api/v1/workflows/${id}/runs`, { as: owner, body: { inputs: {}, wait: true } });
    expect(res.status).toBe(202);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const run = (await res.json()) as RunJson;
    expect(run.status).toBe('waiting');
    expect(stepOf(run, 'review').status).toBe('waiting');
  });

  it('the same Idempotency-Key answers the same run; bad inputs and keys are 400; another tenant’s workflow is 404', async () => {
    const owner = await signup('Run API idempotency');
    const id = await workflow(owner, simple);
    const headers = { 'idempotency-key': `order-${crypto.randomUUID()}` };
    const one = (await (await api(`/api/v1/workflows/${id}/runs`, { as: owner, headers, body: { inputs: { name: 'A' } } })).json()) as RunJson;
    const two = (await (await api(`/api/v1/workflows/${id}/runs`, { as: owner, headers, body: { inputs: { name: 'B' } } })).json()) as RunJson;
    expect(two.id).toBe(one.id);
    expect(two.inputs).toEqual({ name: 'A' });
    const e = await expectError(await api(`/api/v1/workflows/${id}/runs`, { as: owner, body: { inputs: { name: 5 } } }), 400, 'validation_failed');
    expect(e.details).toContainEqual({ path: 'inputs.name', message: expect.stringMatching(/string/) });
    await expectError(await api(`/api/v1/workflows/${id}/runs`, { as: owner, body: { inputs: {}, extra: 1 } }), 400, 'validation_failed');
    await expectError(await api(`/api/v1/workflows/${id}/runs`, { as: owner, headers: { 'idempotency-key': 'a b' }, body: {} }), 400, 'validation_failed');
    const stranger = await signup('Run API stranger');
    await expectError(await api(`/api/v1/workflows/${id}/runs`, { as: stranger, body: { inputs: { name: 'x' } } }), 404, 'not_found');
    await expectError(await api(`/api/v1/runs/${one.id}`, { as: stranger }), 404, 'not_found');
  });

  it('a sub-workflow step runs the child workflow as its own run and takes its output', async () => {
    const owner = await signup('Sub-workflows');
    const child = await workflow(owner, {
      inputs: { n: { type: 'number', required: true } },
      steps: [{ id: 'double', kind: 'transform', value: { doubled: '{{inputs.n}}', again: '{{inputs.n}}' } }],
    });
    const parent = await workflow(owner, {
      inputs: { list: { type: 'array', required: true } },
      steps: [
        { id: 'call', kind: 'workflow', workflow_id: child, inputs: { n: 21 } },
        { id: 'each', kind: 'map', over: '{{inputs.list}}', concurrency: 2, step: { kind: 'workflow', workflow_id: child, inputs: { n: '{{item}}' } } },
      ],
      output: { one: '{{steps.call.output}}', many: '{{steps.each.output}}' },
    });
    const res = await api(`/api/v1/workflows/${parent}/runs`, { as: owner, body: { inputs: { list: [1, 2, 3] } } });
    expect(res.status).toBe(202);
    const run = (await res.json()) as RunJson;
    const done = await waitFor(owner.tenant.id, run.id, ['succeeded', 'failed'], 20_000);
    expect(done.error ?? null).toBeNull();
    expect(done.output).toEqual({
      one: { doubled: 21, again: 21 },
      many: [1, 2, 3].map((n) => ({ doubled: n, again: n })),
    });
    const childId = stepOf(done, 'call').child_run_id!;
    expect(childId).toMatch(/^run_/);
    const childRun = (await (await api(`/api/v1/runs/${childId}`, { as: owner })).json()) as RunJson;
    expect(childRun).toMatchObject({ workflow_id: child, parent_run_id: run.id, trigger: { kind: 'workflow', id: run.id }, status: 'succeeded' });
  });
});
