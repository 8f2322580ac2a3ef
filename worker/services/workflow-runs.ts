// Workflow runs: the one way in for every trigger (API, schedules, webhooks, an agent's tool call, MCP, the SDK, a
// parent workflow, the builder's test run). Starting a run creates its WorkflowRun object (named
// `${tenantId}:${runId}`); reading and following a run asks that object; the runs list reads D1 rows the EVENTS queue
// writes. This file is the contract the triggers, pages and protocols code against; the engine fills it in.
import type { Bindings } from '../env';
import { AppError } from '../errors';
import type { TenantDb } from '../db/tenant-db';
import type { RunJson, RunStatus, RunSummaryJson, TriggerKind, WorkflowDefinition } from '../schemas/workflows';

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
};

/** Starts a run (202-style: returns at once, status queued/running). Inputs are checked against the definition. */
export async function startRun(_env: Bindings, _req: StartRunRequest): Promise<RunJson> {
  throw new AppError('not_found', 'Workflow runs are not available yet');
}

/** Starts a run and waits up to `timeoutMs` for it to finish; the run as it stands then. */
export async function runAndWait(env: Bindings, req: StartRunRequest, _timeoutMs: number): Promise<RunJson> {
  return startRun(env, req);
}

/** The run with its steps, or null (also for another tenant's run id). */
export async function getRun(_env: Bindings, _tenantId: string, _runId: string): Promise<RunJson | null> {
  return null;
}

/** The run's events as SSE (`id:` = sequence number), from after `lastEventId`, live until the run ends. */
export async function runEventStream(
  _env: Bindings,
  _tenantId: string,
  _runId: string,
  _lastEventId: string | null,
): Promise<ReadableStream<Uint8Array> | null> {
  return null;
}

/** Filters and page of the runs list (GET /api/v1/runs, the runs page, Logs and the dashboard's failed runs). */
export type RunFilter = {
  workflowId?: string;
  status?: RunStatus;
  trigger?: TriggerKind;
  from?: number;
  to?: number;
  cursor: string | null;
  limit: number;
};

/** One page of the tenant's runs from the D1 list rows, newest first. */
export async function listRuns(_db: TenantDb, _f: RunFilter): Promise<{ data: RunSummaryJson[]; next_cursor: string | null }> {
  return { data: [], next_cursor: null };
}

/** Cancels a run that has not finished (running steps are cancelled, late reports ignored). */
export async function cancelRun(_env: Bindings, _tenantId: string, _runId: string): Promise<RunJson> {
  throw new AppError('not_found', 'Workflow runs are not available yet');
}

/** A person's decision on a waiting approval step. */
export async function approveStep(
  _env: Bindings,
  _tenantId: string,
  _runId: string,
  _stepId: string,
  _decision: { approved: boolean; by: string; comment: string | null },
): Promise<RunJson> {
  throw new AppError('not_found', 'Workflow runs are not available yet');
}

/** Runs a failed step again; the run resumes. */
export async function retryStep(_env: Bindings, _tenantId: string, _runId: string, _stepId: string): Promise<RunJson> {
  throw new AppError('not_found', 'Workflow runs are not available yet');
}
