// What a tenant's Scheduler object (durable-objects/scheduler.ts) asks of the platform: its schedules as stored in
// D1 (to rebuild itself), and firing one: start the run, then record when it ran and when it runs next. Called from
// the object's alarm, never on a request's path.
import { tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { nextTime } from '../lib/cron';
import { startRun } from './workflow-runs';

/** A schedule as the Scheduler object keeps it. */
export type ScheduleEntry = { id: string; cron: string; timezone: string; nextRunAt: number | null };

/** The tenant's enabled schedules, each with its next time after `now` (for a Scheduler that lost its state). */
export async function scheduleEntries(env: Bindings, tenantId: string, now = Date.now()): Promise<ScheduleEntry[]> {
  const rows = await tenantDb(env, tenantId).workflowTriggers.schedules();
  return rows
    .filter((r) => r.cron)
    .map((r) => {
      const timezone = r.timezone ?? 'UTC';
      let next: number | null = null;
      try {
        next = nextTime(r.cron!, now, timezone);
      } catch {}
      return { id: r.id, cron: r.cron!, timezone, nextRunAt: next };
    });
}

export type FireResult = { status: 'fired'; runId: string } | { status: 'failed'; error: string } | { status: 'gone' };

/**
 * Starts the run of schedule `triggerId` due at `scheduledAt` (its current workflow version, the trigger's inputs),
 * and records `now` as its last run and `next` as its next. The idempotency key names the due time, so an alarm
 * retried after a crash does not start it twice. 'gone': the trigger was deleted or disabled (forget it).
 */
export async function fireSchedule(
  env: Bindings,
  tenantId: string,
  triggerId: string,
  scheduledAt: number,
  now: number,
  next: number | null,
): Promise<FireResult> {
  const db = tenantDb(env, tenantId);
  const repo = db.workflowTriggers;
  const trigger = await repo.byId(triggerId);
  if (!trigger || trigger.kind !== 'schedule' || !trigger.enabled) return { status: 'gone' };
  const workflow = await db.workflows.get(trigger.workflowId);
  if (!workflow) return { status: 'gone' };
  let result: FireResult;
  try {
    const run = await startRun(env, {
      tenantId,
      workflow: { id: workflow.id, version: workflow.version, definition: workflow.definition },
      inputs: trigger.inputs ?? {},
      trigger: { kind: 'schedule', id: trigger.id },
      createdBy: null,
      idempotencyKey: `schedule:${trigger.id}:${scheduledAt}`,
    });
    result = { status: 'fired', runId: run.id };
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'scheduled run did not start', tenant: tenantId, trigger: triggerId, error: String(e) }));
    result = { status: 'failed', error: String(e) };
  }
  await repo.recordRun(trigger.id, now, next);
  return result;
}
