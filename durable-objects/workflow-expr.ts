// The engine's reading of templates (`{{inputs.x}}`, `{{steps.a.output.b.0}}`, `{{item}}`, `{{index}}`) and `when`
// expressions: render values against a run's scope, list the steps a value references, and evaluate conditions.
import { evaluateWhen } from '../worker/lib/workflow-when';

/** What templates may read: the run's inputs, finished steps' outputs, and inside a map step the element. */
export type Scope = { inputs: Record<string, unknown>; steps: Record<string, { output: unknown }>; item?: unknown; index?: number };

const TAG = /\{\{\s*([^{}]+?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;

/** The value a path names (`inputs.x`, `steps.a.output.b.0`, `item.f`, `index`); undefined when missing. */
export function lookup(path: string, scope: Scope): unknown {
  const parts = path.split('.').map((p) => p.trim());
  let cur: unknown;
  let rest: string[];
  if (parts[0] === 'inputs') [cur, rest] = [scope.inputs, parts.slice(1)];
  else if (parts[0] === 'steps') [cur, rest] = [scope.steps, parts.slice(1)];
  else if (parts[0] === 'item') [cur, rest] = [scope.item, parts.slice(1)];
  else if (parts[0] === 'index' && parts.length === 1) return scope.index;
  else return undefined;
  for (const p of rest) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, p)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

const asText = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Renders a template string: exactly one `{{…}}` yields the raw value (null when missing), else text. */
export function renderString(s: string, scope: Scope): unknown {
  const whole = WHOLE.exec(s);
  if (whole) return lookup(whole[1]!, scope) ?? null;
  return s.replace(TAG, (_, path: string) => asText(lookup(path, scope)));
}

/** Renders every string inside a JSON value. */
export function render(v: unknown, scope: Scope): unknown {
  if (typeof v === 'string') return renderString(v, scope);
  if (Array.isArray(v)) return v.map((x) => render(x, scope));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, render(x, scope)]));
  return v;
}

/** The step ids a value's templates reference. */
export function stepRefs(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string')
    for (const m of v.matchAll(TAG)) {
      const parts = m[1]!.split('.');
      if (parts[0]?.trim() === 'steps' && parts[1]) out.add(parts[1].trim());
    }
  else if (Array.isArray(v)) for (const x of v) stepRefs(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stepRefs(x, out);
  return out;
}

/**
 * Evaluates a `when` expression with the one grammar validation also parses (worker/lib/workflow-when.ts: `!` binds
 * tighter than comparisons, numeric text compares as a number); a malformed one throws.
 */
export function evalWhen(src: string, scope: Scope): boolean {
  return evaluateWhen(src, scope);
}
