// The workflow engine's fan-out and its delivery guarantees: a map over 50 elements never runs more than its
// concurrency at once and keeps results in order; a message delivered twice has one effect; an object evicted in
// the middle of a run picks up from its SQLite and finishes.
import {
  createExecutionContext,
  createMessageBatch,
  env,
  evictDurableObject,
  getQueueResult,
  runDurableObjectAlarm,
  runInDurableObject,
} from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { handleQueue } from '../../worker/queues/consumer';
import type { OrchestrationMessage } from '../../worker/queues/orchestration-message';
import { createAgent, signup } from './helpers';
import { runObject, snap, start, stepOf, waitFor } from './helpers/runs';

/** Conversations the run's agent steps opened (each executed attempt opens one). */
const conversations = async (runId: string) =>
  (await env.DB.prepare("select count(*) as n from chat_sessions where json_extract(metadata, '$.workflow_run_id') = ?").bind(runId).first<{ n: number }>())!.n;

describe('workflow engine: map steps and delivery', () => {
  it('maps over 50 elements with concurrency 5: never more than 5 at once, results in order', async () => {
    const owner = await signup('Map');
    const agent = await createAgent(owner, { name: 'Mapper', model: 'edgent-test' });
    const items = Array.from({ length: 50 }, (_, i) => ({ n: i }));
    const run = await start(
      owner.tenant.id,
      {
        inputs: { items: { type: 'array', required: true } },
        steps: [
          {
            id: 'each',
            kind: 'map',
            over: '{{inputs.items}}',
            concurrency: 5,
            step: { kind: 'agent', agent_id: agent.id, input: '[[reply:#{{item.n}}/{{index}}]] [[ttft:60]]' },
          },
          { id: 'count', kind: 'transform', value: '{{steps.each.output.49}}' },
        ],
      },
      { items },
    );
    const done = await waitFor(owner.tenant.id, run.id, ['succeeded', 'failed'], 60_000);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'each').output).toEqual(items.map((_, i) => `#${i}/${i}`));
    expect(stepOf(done, 'each').items).toEqual({ total: 50, done: 50 });
    expect(done.output).toBe('#49/49');
    // The elements' execution windows (claimed → reported), from the object's own SQLite.
    const spans = await runInDurableObject(runObject(owner.tenant.id, run.id), (_o, state) =>
      state.storage.sql.exec<{ started_at: number; finished_at: number }>("select started_at, finished_at from units where step_id = 'each'").toArray(),
    );
    expect(spans).toHaveLength(50);
    let peak = 0;
    for (const s of spans) {
      const at = s.started_at;
      peak = Math.max(peak, spans.filter((o) => o.started_at <= at && o.finished_at > at).length);
    }
    expect(peak).toBeLessThanOrEqual(5);
    expect(peak).toBeGreaterThan(1);
    expect(await conversations(run.id)).toBe(50);
  });

  it('an empty list maps to an empty list; a value that is not a list fails the step', async () => {
    const owner = await signup('Map edges');
    const empty = await start(
      owner.tenant.id,
      { steps: [{ id: 'm', kind: 'map', over: '{{inputs.xs}}', step: { kind: 'transform', value: '{{item}}' } }] },
      { xs: [] },
    );
    expect(empty.status).toBe('succeeded');
    expect(empty.output).toEqual([]);
    const inline = await start(
      owner.tenant.id,
      { steps: [{ id: 'm', kind: 'map', over: '{{inputs.xs}}', step: { kind: 'transform', value: { i: '{{index}}', v: '{{item}}' } } }] },
      { xs: ['a', 'b'] },
    );
    expect(inline.output).toEqual([
      { i: 0, v: 'a' },
      { i: 1, v: 'b' },
    ]);
    const bad = await start(
      owner.tenant.id,
      { steps: [{ id: 'm', kind: 'map', over: '{{inputs.xs}}', step: { kind: 'transform', value: 1 } }] },
      { xs: 'nope' },
    );
    expect(bad.status).toBe('failed');
    expect(stepOf(bad, 'm').error).toMatchObject({ code: 'invalid_input' });
  });

  it('the same message delivered twice (and a late duplicate report) has one effect', async () => {
    const owner = await signup('Duplicates');
    const agent = await createAgent(owner, { name: 'Once', model: 'edgent-test' });
    const run = await start(owner.tenant.id, { steps: [{ id: 'x', kind: 'agent', agent_id: agent.id, input: '[[reply:once]] [[ttft:200]]' }] });
    const msg: OrchestrationMessage = { run: `${owner.tenant.id}:${run.id}`, tenant_id: owner.tenant.id, run_id: run.id, step_id: 'x', attempt: 1 };
    // Two more deliveries of the message the object already sent, at the same time as the queue's own.
    const batch = createMessageBatch('edgent-orchestration', [
      { id: 'dup-1', timestamp: new Date(), attempts: 1, body: msg },
      { id: 'dup-2', timestamp: new Date(), attempts: 2, body: msg },
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(['dup-1', 'dup-2']);
    const done = await waitFor(owner.tenant.id, run.id, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'x')).toMatchObject({ attempts: 1, output: 'once' });
    expect(await conversations(run.id)).toBe(1);
    // Once finished, the attempt can be neither claimed nor reported again.
    const stub = runObject(owner.tenant.id, run.id);
    expect(await stub.claim('x', 1, null)).toBeNull();
    expect(await stub.report('x', 1, null, { ok: true, output: 'second' })).toBe(false);
    expect(await stub.report('x', 2, null, { ok: true, output: 'future' })).toBe(false);
    const again = await waitFor(owner.tenant.id, run.id, ['succeeded']);
    expect(stepOf(again, 'x').output).toBe('once');
    expect(await conversations(run.id)).toBe(1);
  });

  it('an object evicted in the middle of a run resumes from its storage and finishes', async () => {
    const owner = await signup('Eviction');
    const agent = await createAgent(owner, { name: 'Slow', model: 'edgent-test' });
    const run = await start(owner.tenant.id, {
      steps: [
        { id: 'first', kind: 'agent', agent_id: agent.id, input: '[[reply:one two three]] [[delay:300]]' },
        { id: 'second', kind: 'agent', agent_id: agent.id, input: '[[reply:after {{steps.first.output}}]]' },
        { id: 'out', kind: 'transform', value: { last: '{{steps.second.output}}' } },
      ],
    });
    const stub = runObject(owner.tenant.id, run.id);
    await waitFor(owner.tenant.id, run.id, ['running']);
    await evictDurableObject(stub);
    const done = await waitFor(owner.tenant.id, run.id, ['succeeded', 'failed'], 20_000);
    expect(done.status).toBe('succeeded');
    expect(done.output).toEqual({ last: 'after one two three' });
    expect(stepOf(done, 'first').attempts).toBe(1);
  });

  it('an attempt past its time limit is retried by the alarm; the late result of the timed-out attempt is ignored', async () => {
    const owner = await signup('Timeouts');
    const agent = await createAgent(owner, { name: 'Late', model: 'edgent-test' });
    const run = await start(owner.tenant.id, {
      steps: [{ id: 'x', kind: 'agent', agent_id: agent.id, timeout_seconds: 30, input: '[[reply:late answer]] [[delay:400]]' }],
    });
    const stub = runObject(owner.tenant.id, run.id);
    await waitFor(owner.tenant.id, run.id, ['running']);
    await vi.waitFor(async () => expect((await snap(owner.tenant.id, run.id)).steps[0]!.status).toBe('running'), { timeout: 10_000, interval: 20 });
    // The 30 s limit, as if it had passed: the alarm finds the attempt overdue.
    await runInDurableObject(stub, (_o, state) => {
      state.storage.sql.exec("update units set deadline_at = ? where step_id = 'x'", Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const retrying = await snap(owner.tenant.id, run.id);
    expect(stepOf(retrying, 'x')).toMatchObject({ status: 'running', attempts: 1 });
    // The backoff (2 s), then the second attempt; the first attempt's result arrives meanwhile and is ignored.
    const done = await waitFor(owner.tenant.id, run.id, ['succeeded', 'failed'], 20_000);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'x')).toMatchObject({ attempts: 2, output: 'late answer' });
    expect(await conversations(run.id)).toBe(2);
  });
});
