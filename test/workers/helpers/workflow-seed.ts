// A workflow row written straight into D1 (with its first version), for tests of what hangs off a workflow
// (triggers, protocols) that need one without going through the workflows API.
import { env } from 'cloudflare:test';
import { newId } from '../../../worker/db/ids';
import type { WorkflowDefinition } from '../../../worker/schemas/workflows';

export const ECHO_DEFINITION: WorkflowDefinition = {
  inputs: { topic: { type: 'string', required: true } },
  steps: [{ id: 'echo', kind: 'transform', value: { topic: '{{inputs.topic}}', extra: '{{inputs.extra}}' } }],
  output: '{{steps.echo.output}}',
};

export async function seedWorkflow(tenantId: string, definition: WorkflowDefinition = ECHO_DEFINITION, name = 'Echo') {
  const id = newId('workflow');
  const now = Date.now();
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`;
  await env.DB.batch([
    env.DB.prepare(
      'insert into workflows (id, tenant_id, slug, name, description, definition, version, created_by, created_at, updated_at) values (?, ?, ?, ?, null, ?, 1, null, ?, ?)',
    ).bind(id, tenantId, slug, name, JSON.stringify(definition), now, now),
    env.DB.prepare(
      'insert into workflow_versions (id, tenant_id, workflow_id, version, name, description, definition, restored_from, created_by, created_at) values (?, ?, ?, 1, ?, null, ?, null, null, ?)',
    ).bind(newId('workflowVersion'), tenantId, id, name, JSON.stringify(definition), now),
  ]);
  return { id, slug, name, definition };
}
