// Workflow runs as the engine tests drive them: start a run with an inline definition through the run service (the
// same call every trigger makes), wait for it to reach a status, read the runs list row the EVENTS queue wrote.
import { env } from 'cloudflare:test';
import { expect, vi } from 'vitest';
import type { RunJson, WorkflowDefinition } from '../../../worker/schemas/workflows';
import { getRun, startRun } from '../../../worker/services/workflow-runs';

export type Def = { inputs?: WorkflowDefinition['inputs']; steps: unknown[]; output?: unknown };

let n = 0;
/** Starts a run of an inline definition (workflow id `wfl_…` made up: no D1 row is needed to run). */
export async function start(tenantId: string, def: Def, inputs: Record<string, unknown> = {}, extra: { idempotencyKey?: string; workflowId?: string } = {}) {
  n += 1;
  const workflowId = extra.workflowId ?? `wfl_${String(Date.now()).padStart(10, '0')}${String(n).padStart(14, '0')}`;
  return startRun(env, {
    tenantId,
    workflow: { id: workflowId, version: 1, definition: { inputs: {}, ...def } as WorkflowDefinition },
    inputs,
    trigger: { kind: 'test', id: null },
    createdBy: null,
    idempotencyKey: extra.idempotencyKey,
  });
}

/** Waits until the run's status is one of `statuses` (the queue consumer runs in the background). */
export async function waitFor(tenantId: string, runId: string, statuses: RunJson['status'][], timeout = 20_000): Promise<RunJson> {
  let last: RunJson | null = null;
  await vi.waitFor(
    async () => {
      last = await getRun(env, tenantId, runId);
      expect(statuses).toContain(last?.status);
    },
    { timeout, interval: 50 },
  );
  return last!;
}

export const stepOf = (run: RunJson, id: string) => run.steps.find((s) => s.id === id)!;

/** SSE frames of a run's event stream (pings dropped), with their ids. */
export function parseRunSse(text: string) {
  return text
    .split('\n\n')
    .filter((f) => /^event: /m.test(f))
    .map((f) => ({ id: Number(/^id: (\d+)$/m.exec(f)?.[1]), event: /^event: (.*)$/m.exec(f)![1]!, data: JSON.parse(/^data: (.*)$/m.exec(f)![1]!) }));
}

/** The run's object, for reading its SQLite or running its alarm. */
export const runObject = (tenantId: string, runId: string) => env.WORKFLOW_RUN.get(env.WORKFLOW_RUN.idFromName(`${tenantId}:${runId}`));

/** The run as its object answers (the RPC type is too deep for TypeScript to keep). */
export const snap = async (tenantId: string, runId: string) => (await runObject(tenantId, runId).snapshot()) as unknown as RunJson;
