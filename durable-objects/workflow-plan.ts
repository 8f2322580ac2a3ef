// The shape of a workflow definition the engine needs: what each step waits for (needs, template references, the
// router that lists it), which steps lie downstream of one (for re-runs and retries), and the engine's limits.
import type { WorkflowDefinition, WorkflowStep } from '../worker/schemas/workflows';
import { stepRefs, whenSteps } from './workflow-expr';

export const LIMITS = {
  retries: 2,
  backoffMs: 2_000,
  attemptTimeoutS: 300,
  approvalTimeoutS: 7 * 86_400,
  mapConcurrency: 10,
  mapMaxItems: 1_000,
  depth: 5,
  runMs: 24 * 3_600_000,
} as const;

/** The fields of a step whose templates are read when it starts (not the map's inner step: that reads `item`). */
function templatedFields(s: WorkflowStep): unknown[] {
  switch (s.kind) {
    case 'agent':
      return [s.input];
    case 'tool':
      return [s.arguments ?? {}];
    case 'transform':
      return [s.value];
    case 'router':
      return [s.input ?? ''];
    case 'map':
      return [s.over, s.step];
    case 'approval':
      return [s.message];
    case 'workflow':
      return [s.inputs ?? {}];
    case 'wait':
      return [];
  }
}

/** The steps `s` waits for: its needs, the steps its templates and `when` read, and any router that lists it. */
export function dependencies(def: WorkflowDefinition, s: WorkflowStep): string[] {
  const out = new Set<string>(s.needs ?? []);
  for (const f of templatedFields(s)) stepRefs(f, out);
  if (s.when) whenSteps(s.when, out);
  for (const r of def.steps) if (r.kind === 'router' && Object.values(r.routes).some((ids) => ids.includes(s.id))) out.add(r.id);
  out.delete(s.id);
  return [...out].filter((id) => def.steps.some((x) => x.id === id));
}

/** `from` and every step that depends on it, directly or not. */
export function downstreamOf(def: WorkflowDefinition, from: string): Set<string> {
  const deps = new Map(def.steps.map((s) => [s.id, dependencies(def, s)]));
  const out = new Set([from]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, d] of deps) if (!out.has(id) && d.some((x) => out.has(x))) (out.add(id), (grew = true));
  }
  return out;
}

/** The router's routes that do not include `step` under the chosen label: the step is then skipped. */
export function skippedByRouter(def: WorkflowDefinition, stepId: string, chosen: (routerId: string) => string | null): boolean {
  for (const r of def.steps) {
    if (r.kind !== 'router') continue;
    const listed = Object.entries(r.routes).filter(([, ids]) => ids.includes(stepId));
    if (!listed.length) continue;
    const label = chosen(r.id);
    if (label !== null && !listed.some(([l]) => l === label)) return true;
  }
  return false;
}

export const backoffMs = (attempt: number) => LIMITS.backoffMs * 2 ** Math.max(0, attempt - 1);
