// The workflow engine without the queue: transform steps, templates, `when`, skips, the run's output, the run's
// events (SSE, resumable), the runs list row written through the EVENTS queue, idempotent starts, tenancy.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { getRun } from '../../worker/services/workflow-runs';
import { api, expectError, signup } from './helpers';
import { parseRunSse, start, stepOf } from './helpers/runs';

describe('workflow engine: transform steps', () => {
  it('runs a chain of transforms with templates, when and skips, and answers the output', async () => {
    const owner = await signup('Transforms');
    const run = await start(
      owner.tenant.id,
      {
        inputs: { name: { type: 'string', required: true }, n: { type: 'number', default: 3 } },
        steps: [
          { id: 'greet', kind: 'transform', value: 'Hello {{inputs.name}}' },
          { id: 'shape', kind: 'transform', value: { who: '{{inputs.name}}', n: '{{inputs.n}}', list: [1, 2] } },
          { id: 'big', kind: 'transform', value: 'big', when: '{{steps.shape.output.n}} > 5' },
          { id: 'small', kind: 'transform', value: 'small', when: '{{steps.shape.output.n}} <= 5 && {{inputs.name}} == "Ada"' },
          { id: 'after_big', kind: 'transform', value: '{{steps.big.output}}!' },
          { id: 'join', kind: 'transform', needs: ['big', 'small'], value: 'picked {{steps.small.output}}{{steps.big.output}}' },
        ],
        output: { greeting: '{{steps.greet.output}}', picked: '{{steps.join.output}}', second: '{{steps.shape.output.list.1}}' },
      },
      { name: 'Ada' },
    );
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ greeting: 'Hello Ada', picked: 'picked small', second: 2 });
    expect(stepOf(run, 'shape').output).toEqual({ who: 'Ada', n: 3, list: [1, 2] });
    expect(stepOf(run, 'big').status).toBe('skipped');
    expect(stepOf(run, 'after_big').status).toBe('skipped');
    expect(stepOf(run, 'join').status).toBe('succeeded');
    expect(run.inputs).toEqual({ name: 'Ada', n: 3 });
    expect(run.finished_at).not.toBeNull();

    // Read again through the API, and the run's events with SSE ids, resumable with Last-Event-ID.
    const res = await api(`/api/v1/runs/${run.id}`, { as: owner });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { output: unknown }).output).toEqual(run.output);
    const sse = await api(`/api/v1/runs/${run.id}/events`, { as: owner });
    expect(sse.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = parseRunSse(await sse.text());
    expect(events[0]!.event).toBe('run.started');
    expect(events.at(-1)!.event).toBe('run.completed');
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.event === 'step.completed').map((e) => e.data.step_id)).toContain('greet');
    const resumed = parseRunSse(await (await api(`/api/v1/runs/${run.id}/events`, { as: owner, headers: { 'last-event-id': '3' } })).text());
    expect(resumed.map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
    await expectError(await api(`/api/v1/runs/${run.id}/events`, { as: owner, headers: { 'last-event-id': 'abc' } }), 400, 'validation_failed');

    // The runs list row arrives through the EVENTS queue.
    await vi.waitFor(
      async () => {
        const list = (await (await api('/api/v1/runs', { as: owner })).json()) as { data: { id: string; status: string; trigger: { kind: string } }[] };
        expect(list.data.find((r) => r.id === run.id)).toMatchObject({ status: 'succeeded', trigger: { kind: 'test' } });
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('refuses bad inputs with 400 naming each one', async () => {
    const owner = await signup('Inputs');
    await expect(
      start(owner.tenant.id, { inputs: { x: { type: 'number', required: true } }, steps: [{ id: 'a', kind: 'transform', value: 1 }] }, {}),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'inputs.x', message: expect.stringMatching(/is required/) }],
    });
    await expect(
      start(owner.tenant.id, { inputs: { x: { type: 'number' } }, steps: [{ id: 'a', kind: 'transform', value: 1 }] }, { x: 'seven' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('the same idempotency key and workflow within 24 h answers the same run', async () => {
    const owner = await signup('Idempotent');
    const def = { steps: [{ id: 'a', kind: 'transform', value: '{{inputs.v}}' }] };
    const wf = 'wfl_0000000000idempotent0001';
    const one = await start(owner.tenant.id, def, { v: 1 }, { idempotencyKey: 'k-1', workflowId: wf });
    const two = await start(owner.tenant.id, def, { v: 2 }, { idempotencyKey: 'k-1', workflowId: wf });
    const other = await start(owner.tenant.id, def, { v: 3 }, { idempotencyKey: 'k-2', workflowId: wf });
    expect(two.id).toBe(one.id);
    expect(two.output).toBe(1);
    expect(other.id).not.toBe(one.id);
    // Another organization with the same key and workflow id gets its own run.
    const stranger = await signup('Idempotent Other');
    const theirs = await start(stranger.tenant.id, def, { v: 4 }, { idempotencyKey: 'k-1', workflowId: wf });
    expect(theirs.id).not.toBe(one.id);
  });

  it("another organization's run is 404 everywhere", async () => {
    const owner = await signup('Tenant A');
    const stranger = await signup('Tenant B');
    const run = await start(owner.tenant.id, { steps: [{ id: 'a', kind: 'transform', value: 'secret' }] });
    expect(await getRun(env, stranger.tenant.id, run.id)).toBeNull();
    for (const [method, path, body] of [
      ['GET', `/api/v1/runs/${run.id}`, undefined],
      ['GET', `/api/v1/runs/${run.id}/events`, undefined],
      ['POST', `/api/v1/runs/${run.id}/cancel`, {}],
      ['POST', `/api/v1/runs/${run.id}/steps/a/approve`, { approved: true }],
      ['POST', `/api/v1/runs/${run.id}/steps/a/retry`, {}],
      ['POST', `/api/v1/runs/${run.id}/rerun`, { from_step: 'a' }],
    ] as const) {
      await expectError(await api(path, { method, body, as: stranger }), 404, 'not_found');
    }
    await expectError(await api('/api/v1/runs/run_nonsense', { as: owner }), 404, 'not_found');
    const list = (await (await api('/api/v1/runs', { as: stranger })).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);
  });
});
