// What the runs pages show: a page of runs with their workflows' names, one run with every step of its workflow
// version laid out as a graph, failed runs for Logs and the dashboard, and the page actions (cancel, decide an
// approval, retry a step, re-run). Everything goes through the run contract (workflow-runs.ts).
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { layoutGraph } from '../lib/run-graph-layout';
import type { RunJson, RunStepJson, WorkflowDefinition, WorkflowStep } from '../schemas/workflows';
import { approveStep, cancelRun, getRun, listRuns, rerunFrom, retryStep, startRun, type RunFilter } from './workflow-runs';
import { getMember } from './members';
import { workflowNames, workflowVersionOf } from './run-workflows';

const named = (names: Map<string, string>) => (id: string) => names.get(id) ?? 'Deleted workflow';

/** One page of runs and the names of the organization's workflows (the filter and each row). */
export async function runsPage(db: TenantDb, filter: RunFilter) {
  const [list, workflows] = await Promise.all([listRuns(db, filter), workflowNames(db)]);
  return { runs: list.data, next: list.next_cursor, workflows, workflowName: named(new Map(workflows.map((w) => [w.id, w.name]))) };
}

/** The latest failed runs (Logs' "Workflow runs" section, the dashboard's card). */
export async function failedRuns(db: TenantDb, since: number, limit: number, cursor: string | null = null) {
  return runsPage(db, { status: 'failed', from: since, limit, cursor });
}

const pending = (s: WorkflowStep): RunStepJson => ({
  id: s.id,
  kind: s.kind,
  status: 'pending',
  attempts: 0,
  input: null,
  output: null,
  started_at: null,
  finished_at: null,
});

/** The run page's model: the run, its workflow, every step in definition order (pending when not in the run yet). */
export function runViewOf(run: RunJson, workflow: { id: string; name: string } | null, definition: WorkflowDefinition | null) {
  const byId = new Map(run.steps.map((s) => [s.id, s]));
  // Without the version's definition (deleted workflow), the run's own steps are drawn, in layers by nothing.
  const defined: WorkflowStep[] = definition?.steps ?? run.steps.map((s) => ({ id: s.id, kind: 'transform', value: null }) as WorkflowStep);
  const steps = [...defined.map((d) => byId.get(d.id) ?? pending(d)), ...run.steps.filter((s) => !defined.some((d) => d.id === s.id))];
  const names = Object.fromEntries(defined.map((d) => [d.id, d.name?.trim() || d.id]));
  return { run, workflow, steps, names, layout: layoutGraph(defined) };
}

/** Who decided an approval, by name (or email) when the decision names a member of the organization. */
async function withDeciders(db: TenantDb, run: RunJson): Promise<RunJson> {
  const ids = [...new Set(run.steps.flatMap((s) => (s.decision?.by.startsWith('usr_') ? [s.decision.by] : [])))];
  if (!ids.length) return run;
  const people = new Map(
    await Promise.all(
      ids.map(
        async (id) =>
          [
            id,
            await getMember(db, id).then(
              (m) => m.name?.trim() || m.email,
              () => id,
            ),
          ] as const,
      ),
    ),
  );
  return { ...run, steps: run.steps.map((s) => (s.decision ? { ...s, decision: { ...s.decision, by: people.get(s.decision.by) ?? s.decision.by } } : s)) };
}

export async function runView(env: Bindings, db: TenantDb, runId: string) {
  const found = await getRun(env, db.tenantId, runId);
  if (!found) throw new AppError('not_found', 'Run not found');
  const [run, version] = await Promise.all([withDeciders(db, found), workflowVersionOf(db, found.workflow_id, found.workflow_version)]);
  return runViewOf(run, version && { id: run.workflow_id, name: version.name }, version?.definition ?? null);
}

export async function cancelRunFromPage(env: Bindings, db: TenantDb, runId: string) {
  return cancelRun(env, db.tenantId, runId);
}

/** A decision from the page's form: the run is looked up first (another tenant's run is 404 whatever the form says). */
export async function decideFromPage(env: Bindings, db: TenantDb, runId: string, stepId: string, d: { approved: string; comment: string; by: string }) {
  if (!(await getRun(env, db.tenantId, runId))) throw new AppError('not_found', 'Run not found');
  if (d.approved !== 'true' && d.approved !== 'false') {
    throw new AppError('validation_failed', 'Approve or reject', [{ path: 'approved', message: 'must be true or false' }]);
  }
  const comment = d.comment.trim().slice(0, 1000);
  return approveStep(env, db.tenantId, runId, stepId, { approved: d.approved === 'true', comment: comment || null, by: d.by });
}

export async function retryFromPage(env: Bindings, db: TenantDb, runId: string, stepId: string) {
  return retryStep(env, db.tenantId, runId, stepId);
}

/**
 * A new run of the same workflow version with the same inputs: from the start, or from `fromStep` (the steps not
 * downstream of it keep their outputs; the engine's rerunFrom).
 */
export async function rerun(env: Bindings, db: TenantDb, runId: string, createdBy: string | null, fromStep = '') {
  if (fromStep) return rerunFrom(env, db.tenantId, runId, fromStep, createdBy);
  const run = await getRun(env, db.tenantId, runId);
  if (!run) throw new AppError('not_found', 'Run not found');
  const version = await workflowVersionOf(db, run.workflow_id, run.workflow_version);
  if (!version) throw new AppError('not_found', 'The workflow of this run no longer exists');
  return startRun(env, {
    tenantId: db.tenantId,
    workflow: { id: run.workflow_id, version: run.workflow_version, definition: version.definition },
    inputs: run.inputs,
    trigger: { kind: 'api', id: null },
    createdBy,
    parentRunId: null,
  });
}
