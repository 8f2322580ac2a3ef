// Workflow triggers (API.md, Workflows): schedules (cron in a time zone) and signed webhooks. Validation, the webhook
// secret (shown once, envelope-encrypted in the row), audit entries, the API shape, and keeping the tenant's Scheduler
// object told of every schedule change.
import { z } from 'zod';
import type { TenantDb, TriggerRow } from '../db/tenant-db';
import type { Bindings } from '../env';
import { randomBytes, toBase64Url } from '../crypto/encoding';
import { sealValue } from '../crypto/envelope';
import { AppError, notFound } from '../errors';
import type { Actor } from '../lib/actor';
import { diffFields } from '../lib/audit-diff';
import { CronError, isTimeZone, nextTime, parseCron } from '../lib/cron';
import { iso } from '../lib/iso';
import type { TriggerJson, WorkflowDefinition } from '../schemas/workflows';
import { type ScheduleEntry, forgetSchedule, tellSchedule } from './scheduler-client';
import { getWorkflow } from './workflows';

const inputs = z.record(z.string(), z.unknown());
const cron = z.string().trim().min(1, 'Write a cron expression, e.g. "0 9 * * 1-5"').max(200);
const timezone = z.string().trim().min(1).max(64);

export const createTriggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('schedule'), cron, timezone: timezone.optional(), inputs: inputs.optional(), enabled: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('webhook'), inputs: inputs.optional(), enabled: z.boolean().optional() }),
]);
export const updateTriggerSchema = z.strictObject({ enabled: z.boolean(), cron, timezone, inputs: inputs.nullable() }).partial();

const invalid = (path: string, message: string) => new AppError('validation_failed', 'The trigger is not valid', [{ path, message }]);

/** The first time `expr` fires after `now` in `tz`; 400 naming the field when the expression or zone is wrong. */
export function checkSchedule(expr: string, tz: string, now = Date.now()): number {
  if (!isTimeZone(tz)) throw invalid('timezone', `"${tz}" is not a time zone: use an IANA name such as Europe/Paris or UTC`);
  let next: number | null;
  try {
    next = nextTime(parseCron(expr), now, tz);
  } catch (e) {
    if (e instanceof CronError) throw invalid(e.field === 'cron' ? 'cron' : `cron.${e.field}`, e.message);
    throw e;
  }
  if (next === null) throw invalid('cron', `"${expr}" never fires`);
  return next;
}

/** A schedule runs with its own inputs only: each required input without a default must be there. */
function checkScheduleInputs(def: WorkflowDefinition, given: Record<string, unknown> | null) {
  for (const [name, spec] of Object.entries(def.inputs ?? {})) {
    if (spec.required && spec.default === undefined && (given?.[name] === undefined || given[name] === null))
      throw invalid(`inputs.${name}`, `the workflow requires the input "${name}": a schedule must give it`);
  }
}

/** The workflow (this tenant's), or 404. */
const triggerWorkflow = (db: TenantDb, workflowId: string) => getWorkflow(db, workflowId);

export async function getTrigger(db: TenantDb, workflowId: string, triggerId: string): Promise<TriggerRow> {
  await triggerWorkflow(db, workflowId);
  const row = await db.workflowTriggers.get(workflowId, triggerId);
  if (!row) throw notFound('Trigger');
  return row;
}

export async function listTriggers(db: TenantDb, workflowId: string): Promise<TriggerRow[]> {
  await triggerWorkflow(db, workflowId);
  return db.workflowTriggers.list(workflowId);
}

const newSecret = () => `whsec_${toBase64Url(randomBytes(32))}`;

const AUDITED: Record<string, (t: TriggerRow) => unknown> = {
  workflow_id: (t) => t.workflowId,
  kind: (t) => t.kind,
  cron: (t) => t.cron,
  timezone: (t) => t.timezone,
  inputs: (t) => t.inputs,
  enabled: (t) => t.enabled,
};

const entryOf = (t: TriggerRow): ScheduleEntry => ({ id: t.id, cron: t.cron!, timezone: t.timezone ?? 'UTC', nextRunAt: t.nextRunAt });

/** Tells the tenant's Scheduler object what a schedule now is (enabled) or that it is gone. */
async function syncScheduler(env: Bindings, tenantId: string, t: TriggerRow) {
  if (t.kind !== 'schedule') return;
  if (t.enabled && t.nextRunAt !== null) await tellSchedule(env, tenantId, entryOf(t));
  else await forgetSchedule(env, tenantId, t.id);
}

/** Creates a trigger; a webhook's answer carries its secret, this once. */
export async function createTrigger(
  env: Bindings,
  db: TenantDb,
  workflowId: string,
  input: z.infer<typeof createTriggerSchema>,
  actor: Actor,
  now = Date.now(),
): Promise<{ row: TriggerRow; secret: string | null }> {
  const wf = await triggerWorkflow(db, workflowId);
  const id = db.workflowTriggers.newId();
  const enabled = input.enabled ?? true;
  let row: TriggerRow;
  let secret: string | null = null;
  if (input.kind === 'schedule') {
    const tz = input.timezone ?? 'UTC';
    const next = checkSchedule(input.cron, tz, now);
    checkScheduleInputs(wf.definition, input.inputs ?? null);
    const values = { kind: 'schedule' as const, cron: input.cron, timezone: tz, inputs: input.inputs ?? null, enabled, nextRunAt: enabled ? next : null };
    row = await db.workflowTriggers.create(id, wf.id, values, null, actor.userId ?? null);
  } else {
    secret = newSecret();
    const sealed = await sealValue(env, db.tenantId, id, secret);
    const values = { kind: 'webhook' as const, cron: null, timezone: null, inputs: input.inputs ?? null, enabled, nextRunAt: null };
    row = await db.workflowTriggers.create(id, wf.id, values, sealed, actor.userId ?? null);
  }
  await syncScheduler(env, db.tenantId, row);
  actor.audit({ action: 'workflow_trigger.create', resource: { type: 'workflow_trigger', id: row.id }, changes: diffFields(AUDITED, null, row) });
  return { row, secret };
}

export async function updateTrigger(
  env: Bindings,
  db: TenantDb,
  workflowId: string,
  triggerId: string,
  input: z.infer<typeof updateTriggerSchema>,
  actor: Actor,
  now = Date.now(),
): Promise<TriggerRow> {
  const current = await getTrigger(db, workflowId, triggerId);
  if (current.kind === 'webhook' && (input.cron !== undefined || input.timezone !== undefined))
    throw invalid(input.cron !== undefined ? 'cron' : 'timezone', 'a webhook trigger has no schedule');
  const change: Parameters<TenantDb['workflowTriggers']['update']>[2] = {};
  if (input.enabled !== undefined) change.enabled = input.enabled;
  if (input.inputs !== undefined) change.inputs = input.inputs;
  if (current.kind === 'schedule') {
    const expr = input.cron ?? current.cron!;
    const tz = input.timezone ?? current.timezone ?? 'UTC';
    const next = checkSchedule(expr, tz, now);
    if (input.inputs !== undefined) checkScheduleInputs((await triggerWorkflow(db, workflowId)).definition, input.inputs);
    Object.assign(change, { cron: expr, timezone: tz, nextRunAt: (input.enabled ?? current.enabled) ? next : null });
  }
  if (!Object.keys(change).length) return current;
  const updated = await db.workflowTriggers.update(workflowId, current.id, change);
  if (!updated) throw notFound('Trigger');
  await syncScheduler(env, db.tenantId, updated);
  const changes = diffFields(AUDITED, current, updated);
  if (changes) actor.audit({ action: 'workflow_trigger.update', resource: { type: 'workflow_trigger', id: current.id }, changes });
  return updated;
}

export async function deleteTrigger(env: Bindings, db: TenantDb, workflowId: string, triggerId: string, actor: Actor): Promise<void> {
  const current = await getTrigger(db, workflowId, triggerId);
  if (!(await db.workflowTriggers.remove(workflowId, current.id))) throw notFound('Trigger');
  if (current.kind === 'schedule') await forgetSchedule(env, db.tenantId, current.id);
  actor.audit({ action: 'workflow_trigger.delete', resource: { type: 'workflow_trigger', id: current.id }, changes: diffFields(AUDITED, current, null) });
}

/** A new secret for a webhook trigger (the old one stops at once); answered this once. */
export async function rotateTriggerSecret(env: Bindings, db: TenantDb, workflowId: string, triggerId: string, actor: Actor) {
  const current = await getTrigger(db, workflowId, triggerId);
  if (current.kind !== 'webhook') throw new AppError('conflict', 'Only a webhook trigger has a secret');
  const secret = newSecret();
  const updated = await db.workflowTriggers.update(workflowId, current.id, { secretCiphertext: await sealValue(env, db.tenantId, current.id, secret) });
  if (!updated) throw notFound('Trigger');
  actor.audit({ action: 'workflow_trigger.rotate_secret', resource: { type: 'workflow_trigger', id: current.id }, changes: { secret: { changed: true } } });
  return { row: updated, secret };
}

/** The public URL a webhook trigger is called at. */
export const webhookUrl = (origin: string, triggerId: string) => `${origin}/hooks/workflows/${triggerId}`;

export function triggerJson(t: TriggerRow, origin: string): TriggerJson {
  return {
    id: t.id,
    workflow_id: t.workflowId,
    kind: t.kind,
    cron: t.cron,
    timezone: t.timezone,
    inputs: t.inputs,
    enabled: t.enabled,
    url: t.kind === 'webhook' ? webhookUrl(origin, t.id) : null,
    next_run_at: iso(t.nextRunAt),
    last_run_at: iso(t.lastRunAt),
    created_at: iso(t.createdAt),
  };
}
