// Controlling runs: a failing tool is retried with backoff and then fails the run; the dead-letter queue fails the
// current attempt (a stale one is ignored); retrying a failed step resumes the run; approvals pause, resume and
// reject; cancel stops a run mid-way and ignores late results; wait steps end by the object's alarm; re-runs.
import { createExecutionContext, createMessageBatch, env, getQueueResult, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, inject, it, vi } from 'vitest';
import { handleQueue } from '../../worker/queues/consumer';
import type { OrchestrationMessage } from '../../worker/queues/orchestration-message';
import { api, createAgent, expectError, post, signup } from './helpers';
import { parseRunSse, runObject, snap, start, stepOf, waitFor } from './helpers/runs';

const API = inject('toolsApiUrl');

async function failingTool(owner: Parameters<typeof post>[0]) {
  return post(owner, '/api/v1/tools', {
    name: `down_${crypto.randomUUID().slice(0, 6)}`,
    description: 'Always 503',
    kind: 'http',
    parameters: { type: 'object', properties: {} },
    config: { method: 'GET', url: `${API}/status/503` },
  });
}

async function deadLetter(m: OrchestrationMessage) {
  const batch = createMessageBatch('edgent-orchestration-dlq', [{ id: `dlq-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body: m }]);
  const ctx = createExecutionContext();
  await handleQueue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

describe('workflow engine: failures, retries and the dead-letter queue', () => {
  it('retries a failing tool with backoff, then fails the step and the run; retrying the step resumes the run', async () => {
    const owner = await signup('Retries');
    const tool = await failingTool(owner);
    const run = await start(owner.tenant.id, {
      steps: [
        { id: 'call', kind: 'tool', tool_id: tool.id, retries: 1 },
        { id: 'after', kind: 'transform', value: 'after {{steps.call.output}}' },
      ],
    });
    const failed = await waitFor(owner.tenant.id, run.id, ['failed', 'succeeded'], 20_000);
    expect(failed.status).toBe('failed');
    const call = stepOf(failed, 'call');
    expect(call).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'tool_failed' } });
    expect(call.error!.message).toMatch(/HTTP 503/);
    // The second attempt waited for the 2 s backoff.
    expect(Date.parse(call.finished_at!) - Date.parse(call.started_at!)).toBeGreaterThanOrEqual(2_000);
    expect(failed.error).toMatchObject({ code: 'tool_failed' });
    expect(stepOf(failed, 'after').status).toBe('pending');
    const events = parseRunSse(await (await api(`/api/v1/runs/${run.id}/events`, { as: owner })).text());
    expect(events.map((e) => e.event)).toEqual(['run.started', 'step.started', 'step.started', 'step.failed', 'run.failed']);

    // Retrying a step that did not fail, or of a run that did not fail, is a conflict.
    await expectError(await api(`/api/v1/runs/${run.id}/steps/after/retry`, { method: 'POST', as: owner, body: {} }), 409, 'conflict');
    await expectError(await api(`/api/v1/runs/${run.id}/steps/nope/retry`, { method: 'POST', as: owner, body: {} }), 404, 'not_found');
    const res = await api(`/api/v1/runs/${run.id}/steps/call/retry`, { method: 'POST', as: owner, body: {} });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('running');
    const again = await waitFor(owner.tenant.id, run.id, ['failed', 'succeeded'], 20_000);
    expect(stepOf(again, 'call').attempts).toBe(2);
    expect(again.status).toBe('failed');
  });

  it('the dead-letter queue fails the current attempt without more retries; a stale attempt is ignored', async () => {
    const owner = await signup('Dead letters');
    const tool = await failingTool(owner);
    const run = await start(owner.tenant.id, { steps: [{ id: 'call', kind: 'tool', tool_id: tool.id, retries: 5 }] });
    // The first attempt is out (queued or running, failing with 503).
    await vi.waitFor(
      async () => {
        const r = await snap(owner.tenant.id, run.id);
        expect(r!.steps[0]!.attempts).toBe(1);
        expect(r!.status).toBe('running');
      },
      { timeout: 10_000, interval: 50 },
    );
    const base = { run: `${owner.tenant.id}:${run.id}`, tenant_id: owner.tenant.id, run_id: run.id, step_id: 'call' };
    const stale = await deadLetter({ ...base, attempt: 7 });
    expect(stale.explicitAcks).toHaveLength(1);
    expect((await snap(owner.tenant.id, run.id)).status).toBe('running');
    const current = (await snap(owner.tenant.id, run.id)).steps[0]!.attempts;
    await deadLetter({ ...base, attempt: current });
    const done = await waitFor(owner.tenant.id, run.id, ['failed']);
    expect(stepOf(done, 'call')).toMatchObject({ status: 'failed', attempts: current, error: { code: 'dead_letter' } });
    // Nothing is retried after that (the alarm finds nothing to do).
    await runDurableObjectAlarm(runObject(owner.tenant.id, run.id));
    expect(stepOf(await snap(owner.tenant.id, run.id), 'call').attempts).toBe(current);
  });
});

describe('workflow engine: approvals, waits, cancel, re-run', () => {
  const approvalFlow = {
    inputs: { amount: { type: 'number' as const, required: true } },
    steps: [
      { id: 'ask', kind: 'approval', message: 'Refund {{inputs.amount}} EUR?' },
      { id: 'pay', kind: 'transform', needs: ['ask'], value: 'paid {{inputs.amount}}' },
    ],
  };

  it('an approval pauses the run (waiting) until a person approves; the decision is recorded', async () => {
    const owner = await signup('Approvals');
    const run = await start(owner.tenant.id, approvalFlow, { amount: 30 });
    expect(run.status).toBe('waiting');
    expect(stepOf(run, 'ask')).toMatchObject({ status: 'waiting', input: { message: 'Refund 30 EUR?' } });
    await expectError(await api(`/api/v1/runs/${run.id}/steps/pay/approve`, { method: 'POST', as: owner, body: { approved: true } }), 404);
    await expectError(
      await api(`/api/v1/runs/${run.id}/steps/ask/approve`, { method: 'POST', as: owner, body: { approved: 'yes' } }),
      400,
      'validation_failed',
    );
    const res = await api(`/api/v1/runs/${run.id}/steps/ask/approve`, { method: 'POST', as: owner, body: { approved: true, comment: 'ok' } });
    expect(res.status).toBe(200);
    const done = (await res.json()) as typeof run;
    expect(done.status).toBe('succeeded');
    expect(done.output).toBe('paid 30');
    expect(stepOf(done, 'ask').decision).toMatchObject({ approved: true, by: owner.user.id, comment: 'ok' });
    await expectError(await api(`/api/v1/runs/${run.id}/steps/ask/approve`, { method: 'POST', as: owner, body: { approved: false } }), 409, 'conflict');
    const events = parseRunSse(await (await api(`/api/v1/runs/${run.id}/events`, { as: owner })).text());
    expect(events.map((e) => e.event)).toEqual(['run.started', 'step.waiting', 'step.completed', 'step.started', 'step.completed', 'run.completed']);
  });

  it('a rejection fails the run; an approval nobody answers times out by alarm', async () => {
    const owner = await signup('Rejections');
    const run = await start(owner.tenant.id, approvalFlow, { amount: 99 });
    const res = await api(`/api/v1/runs/${run.id}/steps/ask/approve`, { method: 'POST', as: owner, body: { approved: false, comment: 'too much' } });
    const rejected = (await res.json()) as typeof run;
    expect(rejected.status).toBe('failed');
    expect(stepOf(rejected, 'ask')).toMatchObject({ status: 'failed', error: { code: 'rejected' }, decision: { approved: false, comment: 'too much' } });
    expect(stepOf(rejected, 'pay').status).toBe('pending');

    const timed = await start(owner.tenant.id, { steps: [{ id: 'ask', kind: 'approval', message: 'Quick?', timeout_seconds: 1 }] });
    expect(timed.status).toBe('waiting');
    await new Promise((r) => setTimeout(r, 1_100));
    await runDurableObjectAlarm(runObject(owner.tenant.id, timed.id));
    const after = await waitFor(owner.tenant.id, timed.id, ['failed']);
    expect(stepOf(after, 'ask').error).toMatchObject({ code: 'approval_timeout' });
  });

  it('a wait step ends by the object’s alarm and the run goes on', async () => {
    const owner = await signup('Waits');
    const run = await start(owner.tenant.id, {
      steps: [
        { id: 'pause', kind: 'wait', seconds: 1 },
        { id: 'then', kind: 'transform', value: 'woke' },
      ],
    });
    expect(run.status).toBe('waiting');
    expect(stepOf(run, 'pause').status).toBe('waiting');
    // Too early: the alarm runs, the wait goes on.
    await runDurableObjectAlarm(runObject(owner.tenant.id, run.id));
    expect((await snap(owner.tenant.id, run.id)).status).toBe('waiting');
    await new Promise((r) => setTimeout(r, 1_050));
    await runDurableObjectAlarm(runObject(owner.tenant.id, run.id));
    const done = await waitFor(owner.tenant.id, run.id, ['succeeded']);
    expect(done.output).toBe('woke');
    expect(Date.parse(stepOf(done, 'pause').finished_at!) - Date.parse(stepOf(done, 'pause').started_at!)).toBeGreaterThanOrEqual(1_000);
  });

  it('cancel stops a run mid-way: running steps are cancelled and their late results ignored', async () => {
    const owner = await signup('Cancel');
    const agent = await createAgent(owner, { name: 'Slow', model: 'edgent-test' });
    const run = await start(owner.tenant.id, {
      steps: [
        { id: 'slow', kind: 'agent', agent_id: agent.id, input: '[[reply:one two three four]] [[delay:250]]' },
        { id: 'after', kind: 'transform', value: '{{steps.slow.output}}' },
      ],
    });
    await vi.waitFor(async () => expect((await snap(owner.tenant.id, run.id)).steps[0]!.status).toBe('running'), {
      timeout: 10_000,
      interval: 20,
    });
    const res = await api(`/api/v1/runs/${run.id}/cancel`, { method: 'POST', as: owner, body: {} });
    expect(res.status).toBe(200);
    const cancelled = (await res.json()) as typeof run;
    expect(cancelled.status).toBe('cancelled');
    expect(stepOf(cancelled, 'slow').status).toBe('cancelled');
    // The turn finishes after about a second; its report is ignored.
    await new Promise((r) => setTimeout(r, 1_800));
    const later = await snap(owner.tenant.id, run.id);
    expect(later.status).toBe('cancelled');
    expect(stepOf(later, 'slow')).toMatchObject({ status: 'cancelled', output: null });
    expect(stepOf(later, 'after').status).toBe('pending');
    const events = parseRunSse(await (await api(`/api/v1/runs/${run.id}/events`, { as: owner })).text());
    expect(events.at(-1)!.event).toBe('run.cancelled');
    // Cancelling again answers the run as it is.
    expect((await api(`/api/v1/runs/${run.id}/cancel`, { method: 'POST', as: owner, body: {} })).status).toBe(200);
  });

  it('re-running from a step makes a new run that keeps the outputs of the steps before it', async () => {
    const owner = await signup('Re-run');
    const run = await start(
      owner.tenant.id,
      {
        steps: [
          { id: 'a', kind: 'transform', value: '{{inputs.x}}' },
          { id: 'b', kind: 'approval', message: 'go?', needs: ['a'] },
          { id: 'c', kind: 'transform', value: 'c after {{steps.a.output}}', needs: ['b'] },
        ],
      },
      { x: 'A' },
    );
    expect(run.status).toBe('waiting');
    await api(`/api/v1/runs/${run.id}/steps/b/approve`, { method: 'POST', as: owner, body: { approved: true } });
    await expectError(await api(`/api/v1/runs/${run.id}/rerun`, { method: 'POST', as: owner, body: { from_step: 'zzz' } }), 400, 'validation_failed');
    const res = await api(`/api/v1/runs/${run.id}/rerun`, { method: 'POST', as: owner, body: { from_step: 'b' } });
    expect(res.status).toBe(202);
    const second = (await res.json()) as typeof run;
    expect(second.id).not.toBe(run.id);
    expect(second.inputs).toEqual({ x: 'A' });
    // `a` is copied; `b` (the re-run's step) waits again, `c` after it.
    expect(stepOf(second, 'a')).toMatchObject({ status: 'succeeded', output: 'A' });
    expect(stepOf(second, 'b').status).toBe('waiting');
    expect(stepOf(second, 'c').status).toBe('pending');
  });
});
