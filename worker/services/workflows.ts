// Workflow domain logic: reading workflows and their versions, and the API shapes of both.
import type { TenantDb, WorkflowRow, WorkflowVersionRow } from '../db/tenant-db';
import { isId } from '../db/ids';
import { notFound } from '../errors';
import { iso } from '../lib/iso';
import type { WorkflowJson, WorkflowVersionJson } from '../schemas/workflows';

/** The workflow (its current version's definition in `definition`, its number in `version`); 404 when not the tenant's. */
export async function getWorkflow(db: TenantDb, id: string): Promise<WorkflowRow> {
  const row = isId('workflow', id) ? await db.workflows.get(id) : undefined;
  if (!row) throw notFound('Workflow');
  return row;
}

/** Version `n` of the workflow; 404 when the workflow or the version does not exist for the tenant. */
export async function getWorkflowVersion(db: TenantDb, id: string, n: number): Promise<WorkflowVersionRow> {
  const version = isId('workflow', id) && Number.isInteger(n) && n > 0 ? await db.workflows.getVersion(id, n) : undefined;
  if (!version) throw notFound('Workflow version');
  return version;
}

export function workflowJson(w: WorkflowRow): WorkflowJson {
  return {
    id: w.id,
    name: w.name,
    slug: w.slug,
    description: w.description,
    version: w.version,
    definition: w.definition,
    created_at: iso(w.createdAt),
    updated_at: iso(w.updatedAt),
  };
}

export function workflowVersionJson(v: WorkflowVersionRow): WorkflowVersionJson {
  return {
    workflow_id: v.workflowId,
    version: v.version,
    name: v.name,
    description: v.description,
    definition: v.definition,
    restored_from: v.restoredFrom,
    created_by: v.createdBy,
    created_at: iso(v.createdAt),
  };
}
