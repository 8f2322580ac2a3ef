// A workflow seen from a model or an MCP client: its inputs as a JSON schema (the parameters of a workflow tool) and
// a run's outcome as text (the output as JSON, the error, or "still running" with the run id).
import type { RunJson, WorkflowDefinition } from '../schemas/workflows';

/** The definition's inputs as a JSON schema object: required inputs without a default are required. */
export function inputsJsonSchema(def: WorkflowDefinition): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, spec] of Object.entries(def.inputs ?? {})) {
    properties[name] = {
      type: spec.type,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    };
    if (spec.required && spec.default === undefined) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

export type RunOutcome = { ok: boolean; finished: boolean; text: string };

/** What a caller reads of a run: its output (JSON) when it succeeded, why it did not, or that it is still going. */
export function runOutcome(run: RunJson): RunOutcome {
  if (run.status === 'succeeded') {
    const text = typeof run.output === 'string' ? run.output : JSON.stringify(run.output ?? null);
    return { ok: true, finished: true, text };
  }
  if (run.status === 'failed' || run.status === 'cancelled')
    return { ok: false, finished: true, text: `The run ${run.id} ${run.status}${run.error ? `: ${run.error.message}` : ''}` };
  const waiting = run.status === 'waiting' ? ' (waiting for an approval or a timer)' : '';
  return { ok: true, finished: false, text: `The run is still ${run.status}${waiting}; run id ${run.id}. Its result will be at GET /api/v1/runs/${run.id}.` };
}
