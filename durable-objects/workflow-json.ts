// A WorkflowRun's answers: the run with its steps (API.md, RunJson) and the summary the runs list stores.
import type { WorkflowRunEvent } from '../worker/queues/workflow-run-events';
import type { RunJson, RunStepJson } from '../worker/schemas/workflows';
import type { RunState, StepRow, UnitRow } from './workflow-store';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function runTotals(units: UnitRow[]) {
  let input = 0;
  let output = 0;
  let cost = 0;
  for (const u of units) {
    input += u.in_tok;
    output += u.out_tok;
    cost += u.cost ?? 0;
  }
  return { tokens: { input, output }, cost_usd: Math.round(cost * 1e9) / 1e9 };
}

export function stepJson(s: StepRow, units: UnitRow[]): RunStepJson {
  const mine = units.filter((u) => u.step_id === s.id);
  const main = mine.find((u) => u.idx === -1);
  const t = runTotals(mine);
  const isMap = s.kind === 'map';
  return {
    id: s.id,
    kind: s.kind as RunStepJson['kind'],
    status: s.status,
    attempts: main ? main.attempts : isMap ? Math.max(0, ...mine.map((u) => u.attempts)) : s.started_at ? 1 : 0,
    input: s.input ?? null,
    output: s.output ?? null,
    error: s.error,
    tokens: mine.length ? t.tokens : null,
    cost_usd: mine.some((u) => u.cost !== null) ? t.cost_usd : null,
    decision: s.decision ? { ...s.decision, at: new Date(s.decision.at).toISOString() } : null,
    items: isMap && s.items_total !== null ? { total: s.items_total, done: mine.filter((u) => u.status === 'succeeded').length } : null,
    child_run_id: main?.child_run_id ?? null,
    started_at: iso(s.started_at),
    finished_at: iso(s.finished_at),
  };
}

export function runJson(r: RunState, steps: StepRow[], units: UnitRow[]): RunJson {
  const t = runTotals(units);
  return {
    id: r.id,
    workflow_id: r.workflowId,
    workflow_version: r.version,
    status: r.status,
    trigger: r.trigger,
    parent_run_id: r.parent?.runId ?? null,
    inputs: r.inputs,
    output: r.output ?? null,
    error: r.error,
    steps: steps.map((s) => stepJson(s, units)),
    tokens: t.tokens,
    cost_usd: t.cost_usd,
    created_at: new Date(r.createdAt).toISOString(),
    started_at: iso(r.startedAt),
    finished_at: iso(r.finishedAt),
  };
}

export function runSummaryEvent(r: RunState, units: UnitRow[], seq: number): WorkflowRunEvent {
  const t = runTotals(units);
  return {
    type: 'workflow_run',
    tenant_id: r.tenantId,
    id: r.id,
    workflow_id: r.workflowId,
    workflow_version: r.version,
    status: r.status,
    trigger_kind: r.trigger.kind,
    trigger_id: r.trigger.id,
    parent_run_id: r.parent?.runId ?? null,
    error_code: r.error?.code ?? null,
    error_message: r.error?.message ?? null,
    input_tokens: t.tokens.input,
    output_tokens: t.tokens.output,
    cost_usd: t.cost_usd,
    created_by: r.createdBy,
    seq,
    created_at: r.createdAt,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
  };
}
