// Workflow templates: `{{inputs.x}}`, `{{steps.<id>.output.a.0}}`, `{{item.field}}`, `{{index}}` inside any JSON value.
// Parsing (with the position of each mistake), the references a value names, and rendering against a run's context.
import { STEP_ID } from '../schemas/workflows';

/** What a template names. `path`: the fields after `inputs.x`, `steps.<id>.output` or `item` (may be empty). */
export type TemplateRef =
  { kind: 'input'; name: string; path: string[] } | { kind: 'step'; id: string; path: string[] } | { kind: 'item'; path: string[] } | { kind: 'index' };

/** What rendering reads: the run's inputs, finished steps' outputs, and inside a map's inner step the element. */
export type TemplateContext = {
  inputs: Record<string, unknown>;
  steps: Record<string, { output: unknown } | undefined>;
  item?: unknown;
  index?: number;
};

/** A mistake in one template string: `position` is the 0-based offset in that string. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1})`);
    this.name = 'TemplateError';
  }
}

/** A parse error inside a JSON value: `at` is the JSON path to the string (`""` for the value itself, `a.b.0`). */
export type TemplateIssue = { at: string; position: number; message: string };

type Part = { text: string } | { ref: TemplateRef; start: number };

const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
const FIELD = /^[A-Za-z0-9_$-]+$/;

/** Parses what is between `{{` and `}}` (spaces around it allowed). `offset`: where `inner` starts in its string. */
export function parseRef(inner: string, offset = 0): TemplateRef {
  const lead = inner.length - inner.trimStart().length;
  const expr = inner.trim();
  const at = offset + lead;
  if (!expr) throw new TemplateError('empty reference {{}}', offset);
  const parts = expr.split('.');
  const bad = parts.findIndex((p) => !p);
  if (bad >= 0) throw new TemplateError(`empty field name in "${expr}"`, at);
  const fields = (from: number) => {
    const path = parts.slice(from);
    const wrong = path.find((p) => !FIELD.test(p));
    if (wrong !== undefined) throw new TemplateError(`"${wrong}" is not a field name (letters, digits, _ and -)`, at);
    return path;
  };
  const [root, second, third] = parts as [string, string | undefined, string | undefined];
  switch (root) {
    case 'inputs':
      if (!second) throw new TemplateError('name the input: {{inputs.<name>}}', at);
      if (!INPUT_NAME.test(second)) throw new TemplateError(`"${second}" is not an input name`, at);
      return { kind: 'input', name: second, path: fields(2) };
    case 'steps':
      if (!second) throw new TemplateError('name the step: {{steps.<id>.output}}', at);
      if (!STEP_ID.test(second)) throw new TemplateError(`"${second}" is not a step id`, at);
      if (third !== 'output') throw new TemplateError(`a step is read through its output: {{steps.${second}.output}}`, at);
      return { kind: 'step', id: second, path: fields(3) };
    case 'item':
      return { kind: 'item', path: fields(1) };
    case 'index':
      if (parts.length > 1) throw new TemplateError('{{index}} has no fields', at);
      return { kind: 'index' };
    default:
      throw new TemplateError(`unknown reference "${expr}": use inputs.<name>, steps.<id>.output, item or index`, at);
  }
}

/** Splits a template string into text and references; throws TemplateError on the first mistake. */
export function parseTemplate(source: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      parts.push({ text: source.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: source.slice(i, open) });
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError('"{{" is never closed with "}}"', open);
    const inner = source.slice(open + 2, close);
    if (inner.includes('{{')) throw new TemplateError('"{{" is never closed with "}}"', open);
    parts.push({ ref: parseRef(inner, open + 2), start: open });
    i = close + 2;
  }
  return parts;
}

/** Calls `visit` on every string in a JSON value with its JSON path (object keys are not templates). */
function eachString(value: unknown, visit: (s: string, at: string) => void, at = ''): void {
  if (typeof value === 'string') visit(value, at);
  else if (Array.isArray(value)) value.forEach((v, i) => eachString(v, visit, at ? `${at}.${i}` : String(i)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) eachString(v, visit, at ? `${at}.${k}` : k);
}

/** Every reference a JSON value's strings name (in order, repeats kept), and every parse error in them. */
export function templateRefs(value: unknown): { refs: TemplateRef[]; errors: TemplateIssue[] } {
  const refs: TemplateRef[] = [];
  const errors: TemplateIssue[] = [];
  eachString(value, (s, at) => {
    if (!s.includes('{{')) return;
    try {
      for (const part of parseTemplate(s)) if ('ref' in part) refs.push(part.ref);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      errors.push({ at, position: e.position, message: e.message });
    }
  });
  return { refs, errors };
}

/** The step ids a value's templates read (each once). */
export function referencedSteps(value: unknown): string[] {
  return [...new Set(templateRefs(value).refs.flatMap((r) => (r.kind === 'step' ? [r.id] : [])))];
}

function dig(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const field of path) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur)) cur = /^\d+$/.test(field) ? cur[Number(field)] : undefined;
    else if (typeof cur === 'object') cur = Object.hasOwn(cur, field) ? (cur as Record<string, unknown>)[field] : undefined;
    else return undefined;
  }
  return cur;
}

/** The value a reference names in the context; a missing one is null. */
export function resolveRef(ref: TemplateRef, ctx: TemplateContext): unknown {
  let found: unknown;
  switch (ref.kind) {
    case 'input':
      found = dig(ctx.inputs, [ref.name, ...ref.path]);
      break;
    case 'step': {
      const step = Object.hasOwn(ctx.steps, ref.id) ? ctx.steps[ref.id] : undefined;
      found = step ? dig(step.output, ref.path) : undefined;
      break;
    }
    case 'item':
      found = dig(ctx.item, ref.path);
      break;
    case 'index':
      found = ctx.index;
      break;
  }
  return found === undefined ? null : found;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Renders one template string: exactly one `{{…}}` yields the raw value; otherwise the values are written in. */
export function renderString(source: string, ctx: TemplateContext): unknown {
  if (!source.includes('{{')) return source;
  const parts = parseTemplate(source);
  if (parts.length === 1 && 'ref' in parts[0]!) return resolveRef(parts[0].ref, ctx);
  return parts.map((p) => ('ref' in p ? asText(resolveRef(p.ref, ctx)) : p.text)).join('');
}

/** Renders every string of a JSON value (object keys are kept as they are). Throws TemplateError on a bad template. */
export function renderTemplate(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') return renderString(value, ctx);
  if (Array.isArray(value)) return value.map((v) => renderTemplate(v, ctx));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderTemplate(v, ctx);
    return out;
  }
  return value;
}
