// An agent running a workflow through a workflow tool (tools/workflow-tool.ts): the chat runtime binds this to the
// conversation's agent, so the run is recorded with trigger `agent` and the agent's id.
import type { Bindings } from '../env';
import type { RunJson } from '../schemas/workflows';
import type { WorkflowRef } from '../tools/types';
import { runAndWait } from './workflow-runs';

export function runWorkflowForAgent(
  env: Bindings,
  tenantId: string,
  agentId: string,
  workflow: WorkflowRef,
  inputs: Record<string, unknown>,
  waitMs: number,
): Promise<RunJson> {
  return runAndWait(env, { tenantId, workflow, inputs, trigger: { kind: 'agent', id: agentId }, createdBy: null }, waitMs);
}
