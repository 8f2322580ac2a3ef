// What changed between two workflow versions: name and description, inputs, steps (added, removed, changed by field,
// moved on the canvas only) and the output. Steps are matched by id.
import type { WorkflowVersionRow } from '../db/tenant-db';
import type { WorkflowDiffJson } from '../schemas/workflow-api';
import type { WorkflowDefinition, WorkflowStep } from '../schemas/workflows';

export type WorkflowDiff = WorkflowDiffJson;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function stepFields(a: WorkflowStep, b: WorkflowStep): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('position');
  return [...keys].filter((k) => !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])).sort();
}

/** Before version 1: nothing (so version 1 adds everything). */
const NOTHING: { version: number; name: string | null; description: string | null; definition: WorkflowDefinition } = {
  version: 0,
  name: null,
  description: null,
  definition: { inputs: {}, steps: [] },
};

/** The changes from version `from` (null: from nothing, `from` 0) to version `b`. */
export function diffWorkflowVersions(from: WorkflowVersionRow | null, b: WorkflowVersionRow): WorkflowDiff {
  const a = from ?? NOTHING;
  const fields: WorkflowDiff['fields'] = [];
  if (a.name !== b.name) fields.push({ field: 'name', before: a.name, after: b.name });
  if (a.description !== b.description) fields.push({ field: 'description', before: a.description, after: b.description });
  const ia = a.definition.inputs ?? {};
  const ib = b.definition.inputs ?? {};
  const inputs = {
    added: Object.keys(ib).filter((k) => !Object.hasOwn(ia, k)),
    removed: Object.keys(ia).filter((k) => !Object.hasOwn(ib, k)),
    changed: Object.keys(ib).filter((k) => Object.hasOwn(ia, k) && !same(ia[k], ib[k])),
  };
  const sa = new Map(a.definition.steps.map((s) => [s.id, s]));
  const sb = new Map(b.definition.steps.map((s) => [s.id, s]));
  const steps: WorkflowDiff['steps'] = {
    added: [...sb.keys()].filter((id) => !sa.has(id)),
    removed: [...sa.keys()].filter((id) => !sb.has(id)),
    changed: [],
    moved: [],
  };
  for (const [id, after] of sb) {
    const before = sa.get(id);
    if (!before) continue;
    const changed = stepFields(before, after);
    if (changed.length) steps.changed.push({ id, fields: changed });
    else if (!same(before.position, after.position)) steps.moved.push(id);
  }
  return { from: a.version, to: b.version, fields, inputs, steps, output_changed: !same(a.definition.output, b.definition.output) };
}
