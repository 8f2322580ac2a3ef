// The workflows the runs pages name: every workflow's name (filters, rows) and the version a run ran (its steps).
import type { TenantDb } from '../db/tenant-db';
import type { WorkflowDefinition } from '../schemas/workflows';

export async function workflowNames(_db: TenantDb): Promise<{ id: string; name: string }[]> {
  return [];
}

export async function workflowVersionOf(
  _db: TenantDb,
  _workflowId: string,
  _version: number,
): Promise<{ name: string; definition: WorkflowDefinition } | null> {
  return null;
}
