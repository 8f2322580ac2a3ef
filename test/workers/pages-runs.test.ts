// The runs pages (routes/pages/runs.tsx): the run page with its graph and timeline (escaped), the live fragment,
// actions by permission (approve through the page, cancel refused to viewers), another tenant's run as a 404 page,
// the runs list with its filters, and failed runs in Logs and on the dashboard.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { RunJson, WorkflowDefinition } from '../../worker/schemas/workflows';
import { getRun, startRun } from '../../worker/services/workflow-runs';
import { type Account, expectNotFound, getPage, postForm, signup } from './helpers';
import { addPerson } from './helpers/people';

const wait = { timeout: 15_000, interval: 100 };

async function start(a: Account, definition: WorkflowDefinition, inputs: Record<string, unknown> = {}): Promise<RunJson> {
  return startRun(env, {
    tenantId: a.tenant.id,
    workflow: { id: `wfl_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`, version: 1, definition },
    inputs,
    trigger: { kind: 'api', id: null },
    createdBy: a.user.id,
  });
}

async function finished(a: Account, id: string, status = 'succeeded') {
  await vi.waitFor(async () => expect((await getRun(env, a.tenant.id, id))?.status).toBe(status), wait);
}

const chain: WorkflowDefinition = {
  inputs: { text: { type: 'string', required: true } },
  steps: [
    { id: 'first', kind: 'transform', value: { said: '{{inputs.text}}' } },
    { id: 'second', kind: 'transform', value: '{{steps.first.output.said}}!' },
  ],
};

describe('the run page', () => {
  it('shows the graph and timeline of a finished run, escaping inputs and outputs', async () => {
    const a = await signup();
    const run = await start(a, chain, { text: '<script>alert(1)</script>' });
    await finished(a, run.id);
    const res = await getPage(a, `/app/runs/${run.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/id="node-first" class="run-node is-succeeded"[\s\S]*?✓ Succeeded/);
    expect(html).toMatch(/id="step-second" class="run-step is-succeeded"/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain(`data-events="/api/v1/runs/${run.id}/events"`);
    expect(html).toContain('/assets/runs.js');
  });

  it('answers the changed steps alone as the live fragment', async () => {
    const a = await signup();
    const run = await start(a, chain, { text: 'hi' });
    await finished(a, run.id);
    const html = await (await getPage(a, `/app/runs/${run.id}/live?steps=second`, { htmx: true })).text();
    expect(html).toContain('id="run-header"');
    expect(html).toContain('id="step-second"');
    expect(html).toContain('id="node-second"');
    expect(html).not.toContain('id="step-first"');
    expect(html).toContain('data-status="succeeded"');
  });

  it('is a 404 page for another tenant, and for an unknown run', async () => {
    const a = await signup('Tenant A');
    const b = await signup('Tenant B');
    const run = await start(a, chain, { text: 'secret of A' });
    await finished(a, run.id);
    const page = await expectNotFound(await getPage(b, `/app/runs/${run.id}`));
    expect(page).not.toContain('secret of A');
    await expectNotFound(await getPage(b, `/app/runs/${run.id}/live`, { htmx: true }));
    expect((await postForm(b, `/app/runs/${run.id}/rerun`)).status).toBe(404);
    await expectNotFound(await getPage(a, '/app/runs/run_doesnotexist'));
  });

  it('lets a member decide an approval from the page; a viewer sees it without the buttons and cannot post', async () => {
    const a = await signup();
    const member = await addPerson(a, 'member', 'Mia Member');
    const viewer = await addPerson(a, 'viewer');
    const run = await start(a, {
      inputs: {},
      steps: [
        { id: 'gate', kind: 'approval', message: 'Ship <it>?' },
        { id: 'after', kind: 'transform', value: 'shipped', needs: ['gate'] },
      ],
    });
    await finished(a, run.id, 'waiting');
    const seen = await (await getPage(viewer, `/app/runs/${run.id}`)).text();
    expect(seen).toContain('Waiting for a member to approve or reject.');
    expect(seen).toContain('<p class="run-approval-message">Ship &lt;it&gt;?</p>');
    expect(seen).not.toContain('/steps/gate/approve');
    expect((await postForm(viewer, `/app/runs/${run.id}/steps/gate/approve`, { approved: 'true' })).status).toBe(403);
    expect((await postForm(viewer, `/app/runs/${run.id}/cancel`)).status).toBe(403);

    expect(await (await getPage(member, `/app/runs/${run.id}`)).text()).toContain(`/app/runs/${run.id}/steps/gate/approve`);
    expect((await postForm(member, `/app/runs/${run.id}/steps/gate/approve`, { approved: 'maybe' })).status).toBe(400);
    const res = await postForm(member, `/app/runs/${run.id}/steps/gate/approve`, { approved: 'true', comment: 'Looks <good>' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/runs/${run.id}#step-gate`);
    await finished(a, run.id);
    const html = await (await getPage(viewer, `/app/runs/${run.id}`)).text();
    expect(html).toMatch(/<strong>Approved<\/strong> by Mia Member/);
    expect(html).toContain('Looks &lt;good&gt;');
  });

  it('cancels a waiting run for a member', async () => {
    const a = await signup();
    const run = await start(a, { inputs: {}, steps: [{ id: 'gate', kind: 'approval', message: 'Wait' }] });
    await finished(a, run.id, 'waiting');
    expect((await postForm(a, `/app/runs/${run.id}/cancel`)).status).toBe(303);
    await finished(a, run.id, 'cancelled');
    const html = await (await getPage(a, `/app/runs/${run.id}`)).text();
    expect(html).toMatch(/class="card card-pad run-header is-cancelled"/);
    expect(html).not.toContain('Cancel run');
  });
});

describe('re-running', () => {
  it('re-runs a finished run from a step as a new run, and refuses a viewer', async () => {
    const a = await signup();
    const viewer = await addPerson(a, 'viewer');
    const run = await start(a, chain, { text: 'again' });
    await finished(a, run.id);
    expect((await postForm(viewer, `/app/runs/${run.id}/rerun`, { from_step: 'second' })).status).toBe(403);
    const res = await postForm(a, `/app/runs/${run.id}/rerun`, { from_step: 'second' });
    expect(res.status).toBe(303);
    const next = /^\/app\/runs\/(run_[0-9a-z]+)$/.exec(res.headers.get('location') ?? '')?.[1];
    expect(next).toBeTruthy();
    expect(next).not.toBe(run.id);
    await finished(a, next!);
    const again = (await getRun(env, a.tenant.id, next!))!;
    expect(again.steps.find((s) => s.id === 'second')?.output).toBe('again!');
    expect((await postForm(a, `/app/runs/${run.id}/rerun`, { from_step: 'nope' })).status).toBe(400);
  });
});

describe('the runs list', () => {
  it('lists the runs from the list rows and filters them by status, as a fragment for htmx', async () => {
    const a = await signup();
    const done = await start(a, chain, { text: 'one' });
    const waiting = await start(a, { inputs: {}, steps: [{ id: 'gate', kind: 'approval', message: 'Wait' }] });
    await finished(a, done.id);
    await finished(a, waiting.id, 'waiting');
    await vi.waitFor(async () => {
      const html = await (await getPage(a, '/app/runs')).text();
      expect(html).toContain(`/app/runs/${done.id}`);
      expect(html).toContain(`/app/runs/${waiting.id}`);
    }, wait);
    const only = await (await getPage(a, '/app/runs?status=waiting', { htmx: true })).text();
    expect(only).toContain(`/app/runs/${waiting.id}`);
    expect(only).not.toContain(`/app/runs/${done.id}`);
    expect(only).not.toContain('<html');
    const none = await (await getPage(a, '/app/runs?from=2000-01-01&to=2000-01-02', { htmx: true })).text();
    expect(none).toContain('No runs match');
    const other = await signup('Other');
    expect(await (await getPage(other, '/app/runs')).text()).not.toContain(done.id);
  });
});

describe('failed runs elsewhere', () => {
  it('shows a run that failed (a rejected approval) in Logs and on the dashboard, linked to its page', async () => {
    const a = await signup();
    const quiet = await signup('Quiet');
    const run = await start(a, { inputs: {}, steps: [{ id: 'gate', kind: 'approval', message: 'Go?' }] });
    await finished(a, run.id, 'waiting');
    expect((await postForm(a, `/app/runs/${run.id}/steps/gate/approve`, { approved: 'false', comment: 'No' })).status).toBe(303);
    await finished(a, run.id, 'failed');
    await vi.waitFor(async () => {
      const logs = await (await getPage(a, '/app/logs')).text();
      expect(logs).toContain('Failed workflow runs');
      expect(logs).toContain(`href="/app/runs/${run.id}"`);
      expect(logs).toContain('rejected');
    }, wait);
    const home = await (await getPage(a, '/app')).text();
    expect(home).toContain('Failed runs');
    expect(home).toContain(`href="/app/runs/${run.id}"`);
    expect(await (await getPage(a, '/app/runs?status=failed', { htmx: true })).text()).toContain(`/app/runs/${run.id}`);
    // Another organization sees none of it, and no empty section either.
    expect(await (await getPage(quiet, '/app/logs')).text()).not.toContain('Failed workflow runs');
    expect(await (await getPage(quiet, '/app')).text()).not.toContain('Failed runs');
  });
});
