// The workflows the runs pages name: every workflow's name (filters, rows) and the version a run ran (its steps),
// read through the workflows service; a deleted workflow is null, not an error (its runs stay listed).
import type { TenantDb } from '../db/tenant-db';
import { AppError } from '../errors';
import type { WorkflowDefinition } from '../schemas/workflows';
import { getWorkflow, getWorkflowVersion, workflowNames as names } from './workflows';

export const workflowNames = (db: TenantDb) => names(db);

const orNull = <T>(p: Promise<T>) => p.catch((e) => (e instanceof AppError && e.status === 404 ? null : Promise.reject(e)));

/** The workflow's current name and the definition of version `n`, or null once the workflow is gone. */
export async function workflowVersionOf(db: TenantDb, workflowId: string, n: number): Promise<{ name: string; definition: WorkflowDefinition } | null> {
  const [workflow, version] = await Promise.all([orNull(getWorkflow(db, workflowId)), orNull(getWorkflowVersion(db, workflowId, n))]);
  return workflow && version ? { name: workflow.name, definition: version.definition } : null;
}
