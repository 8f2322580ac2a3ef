// The runs list's write path: a WorkflowRun object sends its summary to the EVENTS queue on every status change,
// and the consumer upserts the D1 row (db/workflow-run-writer.ts) only when the update's `seq` is newer.
import type { RunStatus, TriggerKind } from '../schemas/workflows';

export type WorkflowRunEvent = {
  type: 'workflow_run';
  tenant_id: string;
  id: string;
  workflow_id: string;
  workflow_version: number;
  status: RunStatus;
  trigger_kind: TriggerKind;
  trigger_id: string | null;
  parent_run_id: string | null;
  error_code: string | null;
  error_message: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  created_by: string | null;
  /** The run's event sequence number when it was sent. */
  seq: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
};

export function isWorkflowRunEvent(v: unknown): v is WorkflowRunEvent {
  const e = v as Partial<WorkflowRunEvent> | null;
  return !!e && e.type === 'workflow_run' && typeof e.tenant_id === 'string' && typeof e.id === 'string' && typeof e.seq === 'number';
}
