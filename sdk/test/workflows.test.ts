// @edgent/sdk workflows, runs and triggers against the real Worker (the SDK's fetch is SELF.fetch): CRUD, versions and
// restore; triggers with the webhook secret answered once and rotated; a run started by the webhook followed through
// runs.get / runs.list / runs.events (also resumed with lastEventId); approvals and cancel; typed errors.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, apiKey, signup } from '../../test/workers/helpers';
import { hook, sign } from '../../test/workers/helpers/webhooks';
import { Edgent, EdgentError, type FetchLike, type RunEvent, type WorkflowDefinition } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

async function client() {
  const a = await signup();
  return { a, edgent: new Edgent({ apiKey: await apiKey(a), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 }) };
}

const echo: WorkflowDefinition = {
  inputs: { topic: { type: 'string', required: true } },
  steps: [{ id: 'echo', kind: 'transform', value: { topic: '{{inputs.topic}}' } }],
  output: '{{steps.echo.output}}',
};
const gated: WorkflowDefinition = {
  inputs: { topic: { type: 'string', required: true } },
  steps: [
    { id: 'check', kind: 'approval', message: 'Publish {{inputs.topic}}?' },
    { id: 'done', kind: 'transform', needs: ['check'], value: 'published {{inputs.topic}}' },
  ],
  output: '{{steps.done.output}}',
};

/** Starts a run through a webhook trigger made with the SDK; answers the run id. */
async function startByWebhook(edgent: Edgent, workflowId: string, inputs: Record<string, unknown>) {
  const t = await edgent.triggers.create(workflowId, { kind: 'webhook' });
  const body = JSON.stringify(inputs);
  const res = await hook(t.url!, body, { 'x-edgent-signature': await sign(t.secret!, body) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { run_id: string }).run_id;
}

async function collect(it: AsyncIterable<RunEvent>) {
  const out: RunEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('@edgent/sdk workflows', () => {
  it('creates, lists, changes, versions, restores and deletes a workflow', async () => {
    const { edgent } = await client();
    const wf = await edgent.workflows.create({ name: 'SDK Flow', definition: echo });
    expect(wf).toMatchObject({ name: 'SDK Flow', version: 1 });
    expect((await edgent.workflows.update(wf.id, { description: 'v2' })).version).toBe(2);
    expect((await edgent.workflows.get(wf.id)).description).toBe('v2');
    const ids: string[] = [];
    for await (const w of edgent.workflows.iterate({ limit: 1 })) ids.push(w.id);
    expect(ids).toContain(wf.id);
    expect((await edgent.workflows.versions(wf.id)).data.map((v) => v.version)).toEqual([2, 1]);
    const restored = await edgent.workflows.restore(wf.id, 1);
    expect(restored).toMatchObject({ version: 3, description: null });
    await edgent.workflows.delete(wf.id);
    const err = await edgent.workflows.get(wf.id).catch((e) => e);
    expect(err).toBeInstanceOf(EdgentError);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('manages triggers: the webhook secret once, rotation, a schedule changed and removed', async () => {
    const { edgent } = await client();
    const wf = await edgent.workflows.create({ name: 'Triggered', definition: echo });
    const hookTrigger = await edgent.triggers.create(wf.id, { kind: 'webhook', inputs: { topic: 'default' } });
    expect(hookTrigger.secret).toMatch(/^whsec_/);
    expect(hookTrigger.url).toContain(`/hooks/workflows/${hookTrigger.id}`);
    expect((await edgent.triggers.get(wf.id, hookTrigger.id)) as Record<string, unknown>).not.toHaveProperty('secret');
    const rotated = await edgent.triggers.rotateSecret(wf.id, hookTrigger.id);
    expect(rotated.secret).not.toBe(hookTrigger.secret);

    const schedule = await edgent.triggers.create(wf.id, { kind: 'schedule', cron: '0 9 * * mon-fri', timezone: 'Europe/Paris', inputs: { topic: 'daily' } });
    expect(schedule.next_run_at).not.toBeNull();
    expect((await edgent.triggers.update(wf.id, schedule.id, { enabled: false })).next_run_at).toBeNull();
    expect((await edgent.triggers.list(wf.id)).data.map((t) => t.id)).toEqual([hookTrigger.id, schedule.id]);
    await edgent.triggers.delete(wf.id, schedule.id);
    expect((await edgent.triggers.list(wf.id)).data.map((t) => t.id)).toEqual([hookTrigger.id]);
    const bad = await edgent.triggers.create(wf.id, { kind: 'schedule', cron: '99 * * * *', inputs: { topic: 'x' } }).catch((e) => e);
    expect(bad).toMatchObject({ status: 400, code: 'validation_failed', details: [{ path: 'cron.minute', message: expect.any(String) }] });
  });
});

describe('@edgent/sdk runs', () => {
  it('reads a run, lists it, and iterates its events, resuming after an event id', async () => {
    const { edgent } = await client();
    const wf = await edgent.workflows.create({ name: 'Echo', definition: echo });
    const runId = await startByWebhook(edgent, wf.id, { topic: 'sdk' });
    const events = await collect(edgent.runs.events(runId));
    expect(events[0]!.type).toBe('run.started');
    expect(events.at(-1)!.type).toBe('run.completed');
    expect(events.map((e) => e.type)).toContain('step.completed');
    expect(events.every((e) => e.data.run_id === runId && e.id !== undefined)).toBe(true);
    // Resumed after the first event: the rest, nothing repeated.
    const rest = await collect(edgent.runs.events(runId, { lastEventId: events[0]!.id }));
    expect(rest.map((e) => e.id)).toEqual(events.slice(1).map((e) => e.id));

    const run = await edgent.runs.get(runId);
    expect(run).toMatchObject({ status: 'succeeded', output: { topic: 'sdk' }, trigger: { kind: 'webhook' } });
    expect(run.steps.map((s) => [s.id, s.status])).toEqual([['echo', 'succeeded']]);
    let listed = false;
    for (let i = 0; i < 100 && !listed; i++) {
      listed = (await edgent.runs.list({ workflow_id: wf.id, status: 'succeeded' })).data.some((r) => r.id === runId);
      if (!listed) await new Promise((r) => setTimeout(r, 50));
    }
    expect(listed).toBe(true);
  });

  it('approves a waiting step, and cancels another run', async () => {
    const { edgent } = await client();
    const wf = await edgent.workflows.create({ name: 'Gated', definition: gated });
    const runId = await startByWebhook(edgent, wf.id, { topic: 'news' });
    const seen: string[] = [];
    for await (const e of edgent.runs.events(runId)) {
      seen.push(e.type);
      if (e.type === 'step.waiting') break;
    }
    expect(seen).toContain('step.waiting');
    const approved = await edgent.runs.approve(runId, 'check', { approved: true, comment: 'ok' });
    expect(approved.steps.find((s) => s.id === 'check')!.decision).toMatchObject({ approved: true, comment: 'ok' });
    const done = await collect(edgent.runs.events(runId));
    expect(done.at(-1)!.type).toBe('run.completed');
    expect((await edgent.runs.get(runId)).output).toBe('published news');

    const other = await startByWebhook(edgent, wf.id, { topic: 'later' });
    const cancelled = await edgent.runs.cancel(other);
    expect(cancelled.status).toBe('cancelled');
    expect((await collect(edgent.runs.events(other))).at(-1)!.type).toBe('run.cancelled');
    const missing = await edgent.runs.get('run_00000000000000000000000000').catch((e) => e);
    expect(missing).toMatchObject({ status: 404 });
  });
});
