// The engine's use of the workflow template and `when` languages (worker/lib/workflow-template.ts and
// workflow-when.ts): render values against a run's scope, list the steps a value or condition reads, evaluate.
import { type TemplateContext, referencedSteps, renderTemplate } from '../worker/lib/workflow-template';
import { checkWhen, evaluateWhen, whenRefs } from '../worker/lib/workflow-when';

/** What templates may read: the run's inputs, finished steps' outputs, and inside a map step the element. */
export type Scope = TemplateContext;

/** Renders every template string inside a JSON value (throws TemplateError on a malformed template). */
export const render = (v: unknown, scope: Scope): unknown => renderTemplate(v, scope);

/** The step ids a value's templates reference, added to `out`. */
export function stepRefs(v: unknown, out = new Set<string>()): Set<string> {
  for (const id of referencedSteps(v)) out.add(id);
  return out;
}

/** The step ids a `when` condition reads (none when it does not parse: evaluating it then fails the step). */
export function whenSteps(src: string, out = new Set<string>()): Set<string> {
  const w = checkWhen(src);
  if (w.ok) for (const r of whenRefs(w.ast)) if (r.kind === 'step') out.add(r.id);
  return out;
}

/** Evaluates a `when` condition; a malformed one throws. */
export const evalWhen = (src: string, scope: Scope): boolean => evaluateWhen(src, scope);
