// The EVENTS consumer's writer for the runs list: one upsert per run update, kept only when its `seq` is newer than
// the row's (a late, older update never overwrites a newer one); a tenant that is gone gets no row.
import type { WorkflowRunEvent } from '../queues/workflow-run-events';

const UPSERT = `insert into workflow_runs (id, tenant_id, workflow_id, workflow_version, status, trigger_kind, trigger_id,
    parent_run_id, error_code, error_message, input_tokens, output_tokens, cost_usd, created_by, seq, created_at, started_at, finished_at)
  select ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18 where exists (select 1 from tenants where id = ?2)
  on conflict (id) do update set status = excluded.status, error_code = excluded.error_code, error_message = excluded.error_message,
    input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost_usd = excluded.cost_usd, seq = excluded.seq,
    started_at = excluded.started_at, finished_at = excluded.finished_at
  where excluded.seq > workflow_runs.seq and workflow_runs.tenant_id = excluded.tenant_id`;

export async function writeWorkflowRuns(env: { DB: D1Database }, events: WorkflowRunEvent[]): Promise<void> {
  if (!events.length) return;
  await env.DB.batch(
    events.map((e) =>
      env.DB.prepare(UPSERT).bind(
        e.id,
        e.tenant_id,
        e.workflow_id,
        e.workflow_version,
        e.status,
        e.trigger_kind,
        e.trigger_id,
        e.parent_run_id,
        e.error_code,
        e.error_message,
        e.input_tokens,
        e.output_tokens,
        e.cost_usd,
        e.created_by,
        e.seq,
        e.created_at,
        e.started_at,
        e.finished_at,
      ),
    ),
  );
}
