// A workflow made through the workflows API, for tests of what hangs off a workflow (triggers, protocols).
import type { WorkflowDefinition } from '../../../worker/schemas/workflows';
import type { Caller } from './api';
import { post } from './resources';

/** One transform step echoing its inputs: `topic` is required, `extra` optional. */
export const ECHO_DEFINITION: WorkflowDefinition = {
  inputs: { topic: { type: 'string', required: true }, extra: { type: 'string' } },
  steps: [{ id: 'echo', kind: 'transform', value: { topic: '{{inputs.topic}}', extra: '{{inputs.extra}}' } }],
  output: '{{steps.echo.output}}',
};

export async function seedWorkflow(as: Caller, definition: WorkflowDefinition = ECHO_DEFINITION, name = 'Echo') {
  return post<{ id: string; slug: string; name: string; version: number; definition: WorkflowDefinition }>(as, '/api/v1/workflows', { name, definition });
}
