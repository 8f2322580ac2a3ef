// Workflow runs: the one way in for every trigger (API, schedules, webhooks, an agent's tool call, MCP, the SDK, a
// parent workflow, the builder's test run). Starting a run creates its WorkflowRun object (named
// `${tenantId}:${runId}`); reading and following a run asks that object; the runs list reads D1 rows the EVENTS queue
// writes. This file is the contract the triggers, pages and protocols code against.
import { assertRunAllowed } from './quota';
import { toBase64Url } from '../crypto/encoding';
import { ID_PREFIX, isId, newId } from '../db/ids';
import { type TenantDb, tenantDb } from '../db/tenant-db';
import { z } from 'zod';
import { getWorkflow } from './workflows';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import type { RunJson, RunStatus, RunSummaryJson, TriggerKind, WorkflowDefinition } from '../schemas/workflows';
import { RUN_STATUSES, TRIGGER_KINDS } from '../schemas/workflows';
import { pageParams } from '../db/page';
import type { StepClaim, StepReport } from '../queues/orchestration-message';
import { LIMITS, downstreamOf } from '../../durable-objects/workflow-plan';
import type { RunState, StepRow } from '../../durable-objects/workflow-store';
import { checkInputs } from './workflow-validation';

export type StartRunRequest = {
  tenantId: string;
  /** The workflow and the version to run (the current one unless given, e.g. a re-run of an older run). */
  workflow: { id: string; version: number; definition: WorkflowDefinition };
  inputs: Record<string, unknown>;
  trigger: { kind: TriggerKind; id: string | null };
  /** The person (or key's creator) who started it; null for schedules and webhooks. */
  createdBy: string | null;
  /** Same key, same workflow, within 24 h → the same run (not a second one). */
  idempotencyKey?: string;
  parentRunId?: string | null;
  /** Sub-workflow depth (0 for a top-level run). */
  depth?: number;
  /** Sub-workflows: the parent's step attempt (and map element) this run reports to when it ends. */
  parentStep?: { stepId: string; attempt: number; itemIndex: number | null };
  /** Re-runs: the steps copied from the earlier run. */
  seed?: Record<string, { status: 'succeeded' | 'skipped'; output: unknown; route: string | null }>;
  /** A run id chosen by the caller (sub-workflows: one per parent attempt, so a redelivery finds the same run). */
  runId?: string;
};

const DAY_MS = 86_400_000;
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const runStub = (env: Bindings, tenantId: string, runId: string) => env.WORKFLOW_RUN.get(env.WORKFLOW_RUN.idFromName(`${tenantId}:${runId}`));

/** A run id derived from a key (no D1 read): the time part is the key's 24-hour bucket, the rest a hash. */
export async function derivedRunId(parts: string[], bucketMs: number): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parts.join('\u0000'))));
  let time = '';
  for (let ms = bucketMs, i = 0; i < 10; i++, ms = Math.floor(ms / 32)) time = ALPHABET[ms % 32] + time;
  let tail = '';
  for (let i = 0; i < 14; i++) tail += ALPHABET[digest[i]! % 32];
  return `${ID_PREFIX.run}_${time}${tail}`;
}

/** Checks the inputs against the definition (types, required) and fills defaults; a 400 names each bad input. */
export { checkInputs };

/** Starts a run (202-style: returns at once, status running). Inputs are checked against the definition. */
export async function startRun(env: Bindings, req: StartRunRequest): Promise<RunJson> {
  const depth = req.depth ?? 0;
  if (depth > LIMITS.depth) throw new AppError('bad_request', `Sub-workflows nest at most ${LIMITS.depth} deep`);
  const inputs = checkInputs(req.workflow.definition, req.inputs);
  const now = Date.now();
  const init = (id: string) => ({
    id,
    tenantId: req.tenantId,
    workflowId: req.workflow.id,
    version: req.workflow.version,
    definition: req.workflow.definition,
    inputs,
    trigger: req.trigger,
    parent:
      req.parentRunId && req.parentStep
        ? { runId: req.parentRunId, stepId: req.parentStep.stepId, attempt: req.parentStep.attempt, itemIndex: req.parentStep.itemIndex }
        : null,
    depth,
    createdBy: req.createdBy,
    createdAt: now,
    seed: req.seed,
  });
  // Plan quota (quota.ts): each NEW run counts toward the period's workflow_runs; reached → 402 quota_exceeded. A run
  // id that already holds a run (an idempotency-key replay, a redelivered trigger) answers that run, uncounted.
  // Two replays racing in the same instant may both count once (the run object still makes one run).
  const start = async (id: string) => {
    const stub = runStub(env, req.tenantId, id);
    const existing = (await stub.snapshot()) as RunJson | null;
    if (existing) return existing;
    await assertRunAllowed(env, req.tenantId);
    return stub.start(init(id));
  };
  if (req.runId) return start(req.runId);
  if (!req.idempotencyKey) return start(newId('run', now));
  // Idempotency: one run per (tenant, workflow, key) per 24-hour bucket; a run made under the previous bucket within
  // the last 24 h answers instead of a new one.
  const bucket = Math.floor(now / DAY_MS) * DAY_MS;
  const idFor = (b: number) => derivedRunId([req.tenantId, req.workflow.id, req.idempotencyKey!], b);
  const prevId = await idFor(bucket - DAY_MS);
  const prev = (await runStub(env, req.tenantId, prevId).snapshot()) as RunJson | null;
  if (prev && Date.parse(prev.created_at) > now - DAY_MS) return prev;
  return start(await idFor(bucket));
}

/** Starts a run and waits up to `timeoutMs` for it to finish; the run as it stands then. */
export async function runAndWait(env: Bindings, req: StartRunRequest, timeoutMs: number): Promise<RunJson> {
  const run = await startRun(env, req);
  if (isFinished(run.status)) return run;
  return (await runStub(env, req.tenantId, run.id).waitForEnd(timeoutMs)) ?? run;
}

export const isFinished = (s: RunStatus) => s === 'succeeded' || s === 'failed' || s === 'cancelled';

/** The run with its steps, or null (also for another tenant's run id: the object's name holds the tenant). */
export async function getRun(env: Bindings, tenantId: string, runId: string): Promise<RunJson | null> {
  if (!isId('run', runId)) return null;
  return (await runStub(env, tenantId, runId).snapshot()) as RunJson | null;
}

async function existingRun(env: Bindings, tenantId: string, runId: string): Promise<RunJson> {
  const run = await getRun(env, tenantId, runId);
  if (!run) throw notFound('Run');
  return run;
}

const EVENT_SEQ = /^\d{1,9}$/;

/** The run's events as SSE (`id:` = sequence number), from after `lastEventId`, live until the run ends. */
export async function runEventStream(env: Bindings, tenantId: string, runId: string, lastEventId: string | null): Promise<ReadableStream<Uint8Array> | null> {
  if (lastEventId !== null && !EVENT_SEQ.test(lastEventId)) {
    throw new AppError('validation_failed', 'Invalid Last-Event-ID', [{ path: 'last_event_id', message: 'is not an event id of this stream (a number)' }]);
  }
  if (!(await getRun(env, tenantId, runId))) return null;
  return runStub(env, tenantId, runId).events(lastEventId === null ? 0 : Number(lastEventId));
}

/** Cancels a run (running steps are cancelled; a finished run is answered as it is). */
export async function cancelRun(env: Bindings, tenantId: string, runId: string): Promise<RunJson> {
  await existingRun(env, tenantId, runId);
  return (await runStub(env, tenantId, runId).cancel())!;
}

/** An approval step's decision; 409 when the step is not waiting for one. */
export async function approveStep(
  env: Bindings,
  tenantId: string,
  runId: string,
  stepId: string,
  d: { approved: boolean; by: string; comment: string | null },
): Promise<RunJson> {
  await existingRun(env, tenantId, runId);
  const r = await runStub(env, tenantId, runId).decide(stepId, d.approved, d.by, d.comment);
  if (r === 'not_found') throw notFound('Approval step');
  if (r === 'not_waiting') throw new AppError('conflict', `Step "${stepId}" is not waiting for a decision`);
  return (await getRun(env, tenantId, runId))!;
}

/** Retries a failed step of a failed run; the run resumes. 409 unless both failed. */
export async function retryStep(env: Bindings, tenantId: string, runId: string, stepId: string): Promise<RunJson> {
  await existingRun(env, tenantId, runId);
  const r = await runStub(env, tenantId, runId).retry(stepId);
  if (r === 'not_found') throw notFound('Step');
  if (r === 'not_failed') throw new AppError('conflict', `Only a failed step of a failed run can be retried`);
  return (await getRun(env, tenantId, runId))!;
}

/**
 * Re-runs from a step: a NEW run of the same workflow version and inputs that copies the outputs of every step that
 * is not `fromStep` or downstream of it (through needs, template references and routers) and finished as
 * succeeded or skipped; the rest run again.
 */
export async function rerunFrom(env: Bindings, tenantId: string, runId: string, fromStep: string, createdBy: string | null): Promise<RunJson> {
  if (!isId('run', runId)) throw notFound('Run');
  // The RPC type of the stored run is too deep for TypeScript to keep.
  const src = (await runStub(env, tenantId, runId).source()) as { run: RunState; steps: StepRow[] } | null;
  if (!src) throw notFound('Run');
  const def = src.run.definition;
  if (!def.steps.some((s) => s.id === fromStep)) {
    throw new AppError('validation_failed', `The run has no step "${fromStep}"`, [{ path: 'from_step', message: 'is not a step of this run' }]);
  }
  const again = downstreamOf(def, fromStep);
  const seed: NonNullable<StartRunRequest['seed']> = {};
  for (const s of src.steps) {
    if (again.has(s.id) || (s.status !== 'succeeded' && s.status !== 'skipped')) continue;
    seed[s.id] = { status: s.status, output: s.output, route: s.route };
  }
  return startRun(env, {
    tenantId,
    workflow: { id: src.run.workflowId, version: src.run.version, definition: def },
    inputs: src.run.inputs,
    trigger: src.run.trigger,
    createdBy,
    seed,
  });
}

export type RunFilter = {
  workflowId?: string;
  status?: RunStatus;
  trigger?: TriggerKind;
  from?: number;
  to?: number;
  cursor: string | null;
  limit: number;
};

/** Parses the runs list's query (?workflow_id, status, trigger, from, to, cursor, limit); bad values are a 400. */
export function parseRunQuery(q: Record<string, string | undefined>): RunFilter {
  const { limit, cursor } = pageParams({ limit: q.limit, cursor: q.cursor });
  const details: { path: string; message: string }[] = [];
  const time = (name: 'from' | 'to') => {
    const v = q[name];
    if (v === undefined || v === '') return undefined;
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(ms)) details.push({ path: name, message: 'must be an ISO 8601 time' });
    return ms;
  };
  const f: RunFilter = { limit, cursor, from: time('from'), to: time('to') };
  if (q.workflow_id) f.workflowId = q.workflow_id;
  if (q.status) {
    if ((RUN_STATUSES as readonly string[]).includes(q.status)) f.status = q.status as RunStatus;
    else details.push({ path: 'status', message: `must be one of ${RUN_STATUSES.join(', ')}` });
  }
  if (q.trigger) {
    if ((TRIGGER_KINDS as readonly string[]).includes(q.trigger)) f.trigger = q.trigger as TriggerKind;
    else details.push({ path: 'trigger', message: `must be one of ${TRIGGER_KINDS.join(', ')}` });
  }
  if (details.length) throw new AppError('validation_failed', 'Invalid runs query', details);
  return f;
}

/** The runs list (D1 rows written from the run objects' updates), newest first. */
export async function listRuns(db: TenantDb, f: RunFilter): Promise<{ data: RunSummaryJson[]; next_cursor: string | null }> {
  const rows = await db.workflowRuns.list(f);
  const more = rows.length > f.limit;
  const data = rows.slice(0, f.limit);
  const last = data[data.length - 1];
  return {
    data: data.map((r) => ({
      id: r.id,
      workflow_id: r.workflowId,
      workflow_version: r.workflowVersion,
      status: r.status,
      trigger: { kind: r.triggerKind as TriggerKind, id: r.triggerId },
      parent_run_id: r.parentRunId,
      tokens: { input: r.inputTokens, output: r.outputTokens },
      cost_usd: r.costUsd,
      error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '' } : null,
      created_at: new Date(r.createdAt).toISOString(),
      started_at: r.startedAt === null ? null : new Date(r.startedAt).toISOString(),
      finished_at: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
    })),
    next_cursor: more && last ? toBase64Url(new TextEncoder().encode(last.id)) : null,
  };
}

/**
 * A sub-workflow step: starts the child run (its id derived from the parent's run, step, attempt and element, so a
 * redelivered message finds the same child) and answers "pending"; the child reports to the parent when it ends.
 */
export async function startChildRun(env: Bindings, c: StepClaim): Promise<StepReport> {
  if (c.depth + 1 > LIMITS.depth)
    return { ok: false, error: { code: 'depth_exceeded', message: `Sub-workflows nest at most ${LIMITS.depth} deep` }, retryable: false };
  const wf = await loadWorkflow(env, c.tenantId, c.childWorkflowId ?? '');
  if (!wf) return { ok: false, error: { code: 'workflow_not_found', message: `Workflow ${c.childWorkflowId} not found` }, retryable: false };
  // The parent's time part keeps the child's id the same on every delivery.
  const derived = await derivedRunId([c.tenantId, c.runId, c.stepId, String(c.attempt), String(c.itemIndex ?? -1)], 0);
  const runId = `${c.runId.slice(0, 14)}${derived.slice(14)}`;
  const child = await startRun(env, {
    tenantId: c.tenantId,
    workflow: wf,
    inputs: (c.input ?? {}) as Record<string, unknown>,
    trigger: { kind: 'workflow', id: c.runId },
    createdBy: c.createdBy,
    parentRunId: c.runId,
    parentStep: { stepId: c.stepId, attempt: c.attempt, itemIndex: c.itemIndex },
    depth: c.depth + 1,
    runId,
  });
  return { ok: true, output: null, pending: true, child_run_id: child.id };
}

/** The workflow's current version, or null (another tenant's workflow is not found). */
async function loadWorkflow(env: Bindings, tenantId: string, id: string): Promise<StartRunRequest['workflow'] | null> {
  try {
    const w = await getWorkflow(tenantDb(env, tenantId), id);
    return { id: w.id, version: w.version, definition: w.definition };
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  }
}

/** POST /api/v1/workflows/:id/runs. */
export const startRunSchema = z.strictObject({
  inputs: z.record(z.string(), z.unknown()).optional().describe("The run's inputs, checked against the definition's `inputs`"),
  wait: z.boolean().optional().describe('Wait up to 60 s for the run to finish (200 when it did, else 202 with the run as it stands)'),
});
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
export const WAIT_MS = 60_000;

/** Starts a run of the tenant's workflow (its current version) from the API; `wait` waits up to 60 s. */
export async function startWorkflowRun(
  env: Bindings,
  db: TenantDb,
  workflowId: string,
  input: z.infer<typeof startRunSchema>,
  opts: { idempotencyKey: string | null; createdBy: string | null },
): Promise<{ run: RunJson; finished: boolean }> {
  if (opts.idempotencyKey !== null && !IDEMPOTENCY_KEY.test(opts.idempotencyKey)) {
    throw new AppError('validation_failed', 'Invalid Idempotency-Key', [{ path: 'idempotency_key', message: 'must be 1–255 visible ASCII characters' }]);
  }
  const w = await getWorkflow(db, workflowId);
  const req: StartRunRequest = {
    tenantId: db.tenantId,
    workflow: { id: w.id, version: w.version, definition: w.definition },
    inputs: input.inputs ?? {},
    trigger: { kind: 'api', id: null },
    createdBy: opts.createdBy,
    ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}),
  };
  const run = input.wait ? await runAndWait(env, req, WAIT_MS) : await startRun(env, req);
  return { run, finished: isFinished(run.status) };
}
