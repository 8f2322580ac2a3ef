// The ORCHESTRATION queue's messages and the reports that come back: one message per step attempt (or map element),
// sent by a WorkflowRun object; the consumer claims it from that object before executing, then reports the result.

export type OrchestrationMessage = {
  /** The run object's name (`${tenantId}:${runId}`). */
  run: string;
  tenant_id: string;
  run_id: string;
  step_id: string;
  attempt: number;
  /** Map steps: the element's index. */
  item_index?: number;
};

export function isOrchestrationMessage(v: unknown): v is OrchestrationMessage {
  const m = v as Partial<OrchestrationMessage> | null;
  return (
    !!m &&
    typeof m.run === 'string' &&
    typeof m.tenant_id === 'string' &&
    typeof m.run_id === 'string' &&
    typeof m.step_id === 'string' &&
    typeof m.attempt === 'number' &&
    m.run === `${m.tenant_id}:${m.run_id}` &&
    (m.item_index === undefined || typeof m.item_index === 'number')
  );
}

export type StepError = { code: string; message: string };

/** What an executed step attempt produced. `pending`: a sub-workflow started; its run reports when it ends. */
export type StepReport =
  | { ok: true; output: unknown; tokens?: { input: number; output: number }; cost_usd?: number | null; child_run_id?: string; pending?: boolean }
  | {
      ok: false;
      error: StepError;
      /** false: retrying cannot help (unknown agent or tool, bad input). */ retryable?: boolean;
      tokens?: { input: number; output: number };
      /** What the attempt's tokens cost (a model answered, then the step failed), null without a price. */
      cost_usd?: number | null;
    };

/** What a claim hands the consumer: the step to execute with its inputs already rendered. */
export type StepClaim = {
  tenantId: string;
  runId: string;
  workflowId: string;
  depth: number;
  createdBy: string | null;
  stepId: string;
  attempt: number;
  itemIndex: number | null;
  /** The step (a map's inner step for map elements) and its rendered fields. */
  kind: 'agent' | 'tool' | 'router' | 'workflow';
  agentId: string | null;
  toolId: string | null;
  childWorkflowId: string | null;
  /** agent: the message; router: the text to classify; tool: the arguments; workflow: the child's inputs. */
  input: unknown;
  labels: string[];
  timeoutMs: number;
};
