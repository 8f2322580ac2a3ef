// Workflow triggers API (routes/api/workflow-triggers.ts): schedules and webhooks created, listed, changed, rotated
// and deleted; the cron and time zone checked with the field named; the webhook secret answered once and sealed in
// the row; the tenant's Scheduler told; roles, scopes, two tenants and audit entries without the secret.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { schedulerOf } from '../../worker/services/scheduler-client';
import { type Caller, api, apiKey, expectError, signup } from './helpers';
import { addPerson } from './helpers/people';
import { seedWorkflow } from './helpers/workflow-seed';

const triggersOf = (workflowId: string) => `/api/v1/workflows/${workflowId}/triggers`;

async function create(as: Caller, workflowId: string, body: unknown) {
  const res = await api(triggersOf(workflowId), { body, as });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as any;
}

async function setup(org = 'Triggers') {
  const a = await signup(org);
  const wf = await seedWorkflow(a);
  return { a, wf };
}

const schedulerState = (tenantId: string) => schedulerOf(env, tenantId).state(tenantId);

describe('schedule triggers', () => {
  it('creates a schedule with its next time in its zone, lists, changes, disables and deletes it, keeping the Scheduler told', async () => {
    const { a, wf } = await setup();
    const before = Date.now();
    const t = await create(a, wf.id, { kind: 'schedule', cron: '0 9 * * *', timezone: 'Europe/Paris', inputs: { topic: 'news' } });
    expect(t.id).toMatch(/^trg_/);
    expect(t).toMatchObject({
      workflow_id: wf.id,
      kind: 'schedule',
      cron: '0 9 * * *',
      timezone: 'Europe/Paris',
      inputs: { topic: 'news' },
      enabled: true,
      url: null,
      last_run_at: null,
    });
    expect(t.secret).toBeUndefined();
    // Nine o'clock in Paris, within the next day.
    const next = Date.parse(t.next_run_at);
    expect(next).toBeGreaterThan(before);
    expect(next - before).toBeLessThanOrEqual(86_400_000);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('09:00');

    let state = await schedulerState(a.tenant.id);
    expect(state.entries).toEqual([{ id: t.id, cron: '0 9 * * *', timezone: 'Europe/Paris', nextRunAt: next }]);
    expect(state.alarm).toBe(next);

    const list = (await (await api(triggersOf(wf.id), { as: a })).json()) as any;
    expect(list.data.map((x: any) => x.id)).toEqual([t.id]);
    expect((await (await api(`${triggersOf(wf.id)}/${t.id}`, { as: a })).json()) as any).toMatchObject({ id: t.id, cron: '0 9 * * *' });

    const changed = await api(`${triggersOf(wf.id)}/${t.id}`, { method: 'PATCH', body: { cron: '@hourly', timezone: 'UTC' }, as: a });
    expect(changed.status).toBe(200);
    const c = (await changed.json()) as any;
    expect(c).toMatchObject({ cron: '@hourly', timezone: 'UTC' });
    expect(new Date(c.next_run_at).getUTCMinutes()).toBe(0);
    expect(Date.parse(c.next_run_at) - Date.now()).toBeLessThanOrEqual(3_600_000);
    state = await schedulerState(a.tenant.id);
    expect(state.entries.map((e) => e.nextRunAt)).toEqual([Date.parse(c.next_run_at)]);

    const off = (await (await api(`${triggersOf(wf.id)}/${t.id}`, { method: 'PATCH', body: { enabled: false }, as: a })).json()) as any;
    expect(off).toMatchObject({ enabled: false, next_run_at: null });
    expect(await schedulerState(a.tenant.id)).toEqual({ entries: [], alarm: null });
    const on = (await (await api(`${triggersOf(wf.id)}/${t.id}`, { method: 'PATCH', body: { enabled: true }, as: a })).json()) as any;
    expect(on.next_run_at).not.toBeNull();
    expect((await schedulerState(a.tenant.id)).entries).toHaveLength(1);

    expect((await api(`${triggersOf(wf.id)}/${t.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    expect(await schedulerState(a.tenant.id)).toEqual({ entries: [], alarm: null });
    await expectError(await api(`${triggersOf(wf.id)}/${t.id}`, { as: a }), 404, 'not_found');
    await expectError(await api(`${triggersOf(wf.id)}/${t.id}`, { method: 'DELETE', as: a }), 404, 'not_found');
  });

  it.each([
    [{ cron: '61 * * * *' }, 'cron.minute'],
    [{ cron: '0 25 * * *' }, 'cron.hour'],
    [{ cron: '0 0 * * funday' }, 'cron.day_of_week'],
    [{ cron: '0 0 *' }, 'cron'],
    [{ cron: '0 0 30 2 *' }, 'cron'],
    [{ cron: '0 0 * * *', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ cron: '' }, 'cron'],
  ])('refuses %j naming %s', async (body, path) => {
    const { a, wf } = await setup();
    const err = await expectError(
      await api(triggersOf(wf.id), { body: { kind: 'schedule', inputs: { topic: 'x' }, ...body }, as: a }),
      400,
      'validation_failed',
    );
    expect(err.details?.map((d) => d.path)).toContain(path);
  });

  it('refuses a schedule without a required input, an unknown kind, and a schedule field on a webhook', async () => {
    const { a, wf } = await setup();
    const missing = await expectError(await api(triggersOf(wf.id), { body: { kind: 'schedule', cron: '@daily' }, as: a }), 400, 'validation_failed');
    expect(missing.details).toEqual([{ path: 'inputs.topic', message: expect.stringContaining('topic') }]);
    await expectError(await api(triggersOf(wf.id), { body: { kind: 'email' }, as: a }), 400, 'validation_failed');
    await expectError(await api(triggersOf(wf.id), { body: { kind: 'webhook', cron: '@daily' }, as: a }), 400, 'validation_failed');
    const hook = await create(a, wf.id, { kind: 'webhook' });
    const err = await expectError(await api(`${triggersOf(wf.id)}/${hook.id}`, { method: 'PATCH', body: { cron: '@daily' }, as: a }), 400, 'validation_failed');
    expect(err.details?.[0]?.path).toBe('cron');
    // An empty change changes nothing.
    const same = await api(`${triggersOf(wf.id)}/${hook.id}`, { method: 'PATCH', body: {}, as: a });
    expect(same.status).toBe(200);
    expect(((await same.json()) as any).id).toBe(hook.id);
    await expectError(await api(triggersOf(wf.id), { body: '{"kind":', as: a }), 400, 'invalid_json');
  });
});

describe('webhook triggers', () => {
  it('answers the URL and the secret once, keeps the secret sealed, and rotates it', async () => {
    const { a, wf } = await setup();
    const t = await create(a, wf.id, { kind: 'webhook', inputs: { topic: 'default' } });
    expect(t.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(t.url).toBe(`http://edgent.test/hooks/workflows/${t.id}`);
    expect(t).toMatchObject({ kind: 'webhook', cron: null, timezone: null, next_run_at: null, inputs: { topic: 'default' } });

    const got = await (await api(`${triggersOf(wf.id)}/${t.id}`, { as: a })).text();
    const listed = await (await api(triggersOf(wf.id), { as: a })).text();
    for (const body of [got, listed]) {
      expect(body).not.toContain(t.secret);
      expect(body).not.toContain('"secret"');
    }
    const row = await env.DB.prepare('select secret_ciphertext from workflow_triggers where id = ?').bind(t.id).first<{ secret_ciphertext: string }>();
    expect(row!.secret_ciphertext).toMatch(/^v1\./);
    expect(row!.secret_ciphertext).not.toContain(t.secret.slice(6));

    const rotated = await api(`${triggersOf(wf.id)}/${t.id}/rotate-secret`, { method: 'POST', as: a });
    expect(rotated.status).toBe(200);
    const r = (await rotated.json()) as any;
    expect(r.secret).toMatch(/^whsec_/);
    expect(r.secret).not.toBe(t.secret);
    expect(r.id).toBe(t.id);

    // A schedule has no secret to rotate.
    const s = await create(a, wf.id, { kind: 'schedule', cron: '@daily', inputs: { topic: 'x' } });
    await expectError(await api(`${triggersOf(wf.id)}/${s.id}/rotate-secret`, { method: 'POST', as: a }), 409, 'conflict');
  });
});

describe('trigger access', () => {
  it("answers 404 for another tenant's workflow or trigger", async () => {
    const { a, wf } = await setup('Tenant A');
    const { a: b, wf: wfB } = await setup('Tenant B');
    const t = await create(a, wf.id, { kind: 'webhook' });
    await expectError(await api(triggersOf(wf.id), { as: b }), 404, 'not_found');
    await expectError(await api(triggersOf(wf.id), { body: { kind: 'webhook' }, as: b }), 404, 'not_found');
    for (const [method, path] of [
      ['GET', `${triggersOf(wf.id)}/${t.id}`],
      ['GET', `${triggersOf(wfB.id)}/${t.id}`],
      ['PATCH', `${triggersOf(wfB.id)}/${t.id}`],
      ['DELETE', `${triggersOf(wfB.id)}/${t.id}`],
      ['POST', `${triggersOf(wfB.id)}/${t.id}/rotate-secret`],
    ] as const) {
      await expectError(await api(path, { method, as: b, ...(method === 'PATCH' ? { body: { enabled: false } } : {}) }), 404, 'not_found');
    }
    // Still there, unchanged, for its owner.
    expect(((await (await api(`${triggersOf(wf.id)}/${t.id}`, { as: a })).json()) as any).enabled).toBe(true);
  });

  it('lets viewers and read keys list, and only members and write keys change', async () => {
    const { a, wf } = await setup();
    const viewer = await addPerson(a, 'viewer');
    const member = await addPerson(a, 'member');
    expect((await api(triggersOf(wf.id), { as: viewer })).status).toBe(200);
    await expectError(await api(triggersOf(wf.id), { body: { kind: 'webhook' }, as: viewer }), 403);
    await create(member, wf.id, { kind: 'webhook' });
    const reader = await apiKey(a, ['workflows:read']);
    expect((await api(triggersOf(wf.id), { as: { key: reader } })).status).toBe(200);
    await expectError(await api(triggersOf(wf.id), { body: { kind: 'webhook' }, as: { key: reader } }), 403, 'insufficient_scope');
    const writer = await apiKey(a, ['workflows:write']);
    await create({ key: writer }, wf.id, { kind: 'webhook' });
  });

  it('records create, update, rotation and delete in the audit log, never the secret', async () => {
    const { a, wf } = await setup();
    const t = await create(a, wf.id, { kind: 'webhook', inputs: { topic: 'a' } });
    await api(`${triggersOf(wf.id)}/${t.id}`, { method: 'PATCH', body: { enabled: false }, as: a });
    const rotated = (await (await api(`${triggersOf(wf.id)}/${t.id}/rotate-secret`, { method: 'POST', as: a })).json()) as any;
    await api(`${triggersOf(wf.id)}/${t.id}`, { method: 'DELETE', as: a });
    let entries: any[] = [];
    await vi.waitFor(
      async () => {
        entries = ((await (await api('/api/v1/audit-log?limit=100', { as: a })).json()) as any).data.filter((e: any) => e.resource.id === t.id);
        expect(entries.map((e) => e.action).sort()).toEqual([
          'workflow_trigger.create',
          'workflow_trigger.delete',
          'workflow_trigger.rotate_secret',
          'workflow_trigger.update',
        ]);
      },
      { timeout: 10_000, interval: 100 },
    );
    const created = entries.find((e) => e.action === 'workflow_trigger.create');
    expect(created.changes).toMatchObject({ workflow_id: { after: wf.id }, kind: { after: 'webhook' }, enabled: { after: true } });
    expect(entries.find((e) => e.action === 'workflow_trigger.update').changes).toEqual({ enabled: { before: true, after: false } });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(t.secret);
    expect(text).not.toContain(rotated.secret);
    expect(text).not.toContain('v1.');
  });
});

describe('trigger docs', () => {
  it('has a guide on /docs and the routes in the reference', async () => {
    const page = await (await api('/docs')).text();
    expect(page).toContain('id="triggers"');
    expect(page).toContain('X-Edgent-Signature: sha256=');
    for (const op of ['createTrigger', 'listTriggers', 'updateTrigger', 'deleteTrigger', 'rotateTriggerSecret', 'callWebhookTrigger'])
      expect(page).toContain(`id="op-${op}"`);
  });
});
