// The per-tenant Scheduler object (durable-objects/scheduler.ts) with a fake clock: it fires due schedules, moves each
// to its next cron time, records last/next run in D1, sets its alarm to the earliest, drops triggers deleted or
// disabled behind its back, rebuilds itself from D1 when its storage is gone, and its real alarm fires too.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { Scheduler } from '../../durable-objects/scheduler';
import { nextTime } from '../../worker/lib/cron';
import { schedulerOf } from '../../worker/services/scheduler-client';
import { type Account, api, signup } from './helpers';
import { seedWorkflow } from './helpers/workflow-seed';

async function schedule(a: Account, workflowId: string, body: Record<string, unknown>) {
  const res = await api(`/api/v1/workflows/${workflowId}/triggers`, { body: { kind: 'schedule', inputs: { topic: 'tick' }, ...body }, as: a });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; next_run_at: string };
}

const row = (id: string) =>
  env.DB.prepare('select last_run_at, next_run_at, enabled from workflow_triggers where id = ?')
    .bind(id)
    .first<{ last_run_at: number | null; next_run_at: number | null; enabled: number }>();

describe('Scheduler', () => {
  it('fires due schedules at the fake time, moves them on, records last and next run, and re-arms', async () => {
    const a = await signup('Scheduler');
    const wf = await seedWorkflow(a);
    const every5 = await schedule(a, wf.id, { cron: '*/5 * * * *' });
    const daily = await schedule(a, wf.id, { cron: '0 9 * * *', timezone: 'Asia/Tokyo' });
    const stub = schedulerOf(env, a.tenant.id);
    const first = Date.parse(every5.next_run_at);
    expect((await stub.state(a.tenant.id)).alarm).toBe(Math.min(first, Date.parse(daily.next_run_at)));

    // Before its time nothing fires.
    expect(await stub.tick(first - 1)).toEqual({});
    expect((await row(every5.id))!.last_run_at).toBeNull();

    // At its time only the five-minute schedule fires; it moves to the next five minutes.
    const now = first + 30_000;
    const fired = await stub.tick(now);
    expect(Object.keys(fired)).toEqual([every5.id]);
    const expectedNext = nextTime('*/5 * * * *', now)!;
    expect(expectedNext).toBe(first + 5 * 60_000);
    expect(await row(every5.id)).toMatchObject({ last_run_at: now, next_run_at: expectedNext });
    expect((await row(daily.id))!.last_run_at).toBeNull();
    const state = await stub.state(a.tenant.id);
    expect(state.entries.find((e) => e.id === every5.id)!.nextRunAt).toBe(expectedNext);
    expect(state.alarm).toBe(Math.min(expectedNext, Date.parse(daily.next_run_at)));

    // The API shows the recorded times.
    const shown = (await (await api(`/api/v1/workflows/${wf.id}/triggers/${every5.id}`, { as: a })).json()) as any;
    expect(shown).toMatchObject({ last_run_at: new Date(now).toISOString(), next_run_at: new Date(expectedNext).toISOString() });

    // Missed for an hour (the object was away): it fires once, late, and goes on from then.
    const late = expectedNext + 3_600_000 + 1_000;
    expect(Object.keys(await stub.tick(late))).toEqual([every5.id]);
    expect((await row(every5.id))!.next_run_at).toBe(nextTime('*/5 * * * *', late));
  });

  it('drops a schedule disabled or deleted behind its back, and clears the alarm when none is left', async () => {
    const a = await signup('Scheduler drops');
    const wf = await seedWorkflow(a);
    const t = await schedule(a, wf.id, { cron: '@hourly' });
    const stub = schedulerOf(env, a.tenant.id);
    await env.DB.prepare('update workflow_triggers set enabled = 0 where id = ?').bind(t.id).run();
    const fired = await stub.tick(Date.parse(t.next_run_at));
    expect(fired).toEqual({ [t.id]: { status: 'gone' } });
    expect(await stub.state(a.tenant.id)).toEqual({ entries: [], alarm: null });
    expect((await row(t.id))!.last_run_at).toBeNull();
  });

  it('rebuilds itself from D1 when its storage is gone', async () => {
    const a = await signup('Scheduler rebuild');
    const wf = await seedWorkflow(a);
    const t1 = await schedule(a, wf.id, { cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' });
    const t2 = await schedule(a, wf.id, { cron: '@daily' });
    await schedule(a, wf.id, { cron: '@weekly', enabled: false });
    const stub = schedulerOf(env, a.tenant.id);
    await runInDurableObject(stub, async (_o, state) => {
      await state.storage.deleteAlarm();
      await state.storage.deleteAll();
    });
    const rebuilt = await stub.state(a.tenant.id);
    expect(rebuilt.entries.map((e) => e.id).sort()).toEqual([t1.id, t2.id].sort());
    expect(rebuilt.entries.find((e) => e.id === t1.id)).toMatchObject({
      cron: '0 8 * * 1-5',
      timezone: 'Europe/Berlin',
      nextRunAt: Date.parse(t1.next_run_at),
    });
    // The next change re-arms the alarm for the earliest.
    await stub.upsert(a.tenant.id, rebuilt.entries[0]!);
    expect((await stub.state(a.tenant.id)).alarm).toBe(Math.min(Date.parse(t1.next_run_at), Date.parse(t2.next_run_at)));
  });

  it('fires from its real alarm', async () => {
    const a = await signup('Scheduler alarm');
    const wf = await seedWorkflow(a);
    const t = await schedule(a, wf.id, { cron: '* * * * *' });
    const stub = schedulerOf(env, a.tenant.id);
    // Due a moment ago (as if the alarm time had come).
    const due = Date.now() - 1_000;
    await stub.upsert(a.tenant.id, { id: t.id, cron: '* * * * *', timezone: 'UTC', nextRunAt: due });
    // The runtime may ring an alarm set in the past at once, else runDurableObjectAlarm rings it; either way only the
    // alarm calls tick here.
    await runDurableObjectAlarm(stub);
    let after = await row(t.id);
    await vi.waitFor(
      async () => {
        after = await row(t.id);
        expect(after!.last_run_at).toBeGreaterThanOrEqual(due);
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(after!.next_run_at).toBeGreaterThan(after!.last_run_at!);
    expect((await stub.state(a.tenant.id)).alarm).toBe(after!.next_run_at);
  });

  it('belongs to one tenant', async () => {
    const a = await signup('Scheduler A');
    const b = await signup('Scheduler B');
    const stub = schedulerOf(env, a.tenant.id);
    await stub.state(a.tenant.id);
    const refused = await runInDurableObject(stub, (o: Scheduler) =>
      o.state(b.tenant.id).then(
        () => 'accepted',
        (e: Error) => e.message,
      ),
    );
    expect(refused).toMatch(/another tenant/);
  });
});
