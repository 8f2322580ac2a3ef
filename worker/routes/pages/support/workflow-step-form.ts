// The canvas side panel's form ↔ one step of a workflow definition: the field values a step shows, and the step a
// posted form makes (checked against the step schema, with one message per field people can act on).
import { STEP_KINDS, step as stepSchema, type StepKind, type WorkflowStep } from '../../../schemas/workflows';
import { type FormBody, text, texts } from './page-helpers';

export type StepValues = Record<string, string> & { id: string; kind: string };
export type StepFormResult = { ok: true; step: WorkflowStep; values: StepValues } | { ok: false; values: StepValues; errors: Record<string, string> };

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));
/** A string shows as itself, anything else as JSON (so `{{steps.a.output}}` needs no quotes). */
const loose = (v: unknown) => (typeof v === 'string' ? v : json(v));
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** Parses the stored JSON of a step (from the canvas); null when it is not a step-shaped object. */
export function parseStepJson(raw: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(raw) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    const o = v as Record<string, unknown>;
    return typeof o.id === 'string' && STEP_KINDS.includes(o.kind as StepKind) ? o : null;
  } catch {
    return null;
  }
}

/** The ids listed in a JSON array field (the definition's other steps); [] when malformed. */
export function parseIds(raw: string): string[] {
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 200) : [];
  } catch {
    return [];
  }
}

/** Routes as lines `label: a, b`. */
const routesText = (r: unknown) =>
  r && typeof r === 'object'
    ? Object.entries(r as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : ''}`)
        .join('\n')
    : '';

/** The form's values for a stored step. */
export function stepValues(s: Record<string, unknown>): StepValues {
  return {
    id: str(s.id),
    kind: str(s.kind),
    name: str(s.name),
    needs: Array.isArray(s.needs) ? s.needs.join(',') : '',
    when: str(s.when),
    retries: str(s.retries),
    timeout_seconds: str(s.timeout_seconds),
    agent_id: str(s.agent_id),
    tool_id: str(s.tool_id),
    workflow_id: str(s.workflow_id),
    input: str(s.input),
    arguments: json(s.arguments ?? {}),
    value: loose(s.value),
    routes: routesText(s.routes),
    over: str(s.over),
    concurrency: str(s.concurrency),
    step: json(s.step),
    message: str(s.message),
    seconds: str(s.seconds),
    inputs: json(s.inputs ?? {}),
  };
}

/** The form fields each kind shows (after the common ones). */
export const KIND_FIELDS: Record<StepKind, string[]> = {
  agent: ['agent_id', 'input'],
  tool: ['tool_id', 'arguments'],
  transform: ['value'],
  router: ['agent_id', 'input', 'routes'],
  map: ['over', 'concurrency', 'step'],
  approval: ['message'],
  wait: ['seconds'],
  workflow: ['workflow_id', 'inputs'],
};

/**
 * The step a posted form makes from the step it edits (`original`: fields the form does not show, like `position`,
 * are kept). `ids` are the definition's step ids: the new id must not clash, and `needs` must name them.
 */
export function stepFromForm(b: FormBody, original: Record<string, unknown>, ids: string[]): StepFormResult {
  const kind = original.kind as StepKind;
  const values: StepValues = { ...stepValues(original), kind };
  for (const k of ['id', 'name', 'when', 'retries', 'timeout_seconds', ...KIND_FIELDS[kind]]) values[k] = text(b, k).replace(/\r\n/g, '\n');
  values.id = values.id.trim();
  const needs = texts(b, 'needs').filter((n) => n !== original.id && n !== values.id);
  values.needs = needs.join(',');
  const errors: Record<string, string> = {};
  const out: Record<string, unknown> = { ...original, id: values.id, kind };
  const opt = (key: string, v: unknown) => {
    if (v === '' || v === undefined) delete out[key];
    else out[key] = v;
  };
  const num = (key: string) => {
    const raw = values[key]!.trim();
    if (raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n)) errors[key] = 'Enter a whole number';
    return n;
  };
  const parsed = (key: string, loosely = false) => {
    const raw = values[key]!;
    if (raw.trim() === '') return loosely ? '' : undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      if (loosely) return raw;
      errors[key] = 'This is not valid JSON';
      return undefined;
    }
  };
  opt('name', values.name!.trim());
  opt('needs', needs.length ? needs : '');
  opt('when', values.when!.trim());
  opt('retries', num('retries'));
  opt('timeout_seconds', num('timeout_seconds'));
  if (kind === 'agent' || kind === 'router') {
    opt('agent_id', values.agent_id);
    out.input = values.input;
    if (kind === 'router' && !values.input) delete out.input;
  }
  if (kind === 'agent' && !values.agent_id) errors.agent_id = 'Choose the agent this step asks';
  if (kind === 'tool') {
    out.tool_id = values.tool_id;
    if (!values.tool_id) errors.tool_id = 'Choose the tool this step calls';
    opt('arguments', parsed('arguments') ?? {});
  }
  if (kind === 'transform') out.value = parsed('value', true);
  if (kind === 'router') {
    const routes: Record<string, string[]> = {};
    for (const line of values.routes!.split('\n')) {
      if (!line.trim()) continue;
      const m = /^\s*([^:]+?)\s*:\s*(.*)$/.exec(line);
      if (!m) {
        errors.routes = `Write each route as "label: step, step" ("${line.trim().slice(0, 40)}" is not)`;
        break;
      }
      routes[m[1]!] = m[2]!
        .split(/[\s,]+/)
        .map((x) => x.trim())
        .filter(Boolean);
    }
    if (!Object.keys(routes).length && !errors.routes) errors.routes = 'Add at least one route';
    out.routes = routes;
  }
  if (kind === 'map') {
    out.over = values.over;
    opt('concurrency', num('concurrency'));
    out.step = parsed('step');
  }
  if (kind === 'approval') out.message = values.message;
  if (kind === 'wait') out.seconds = num('seconds');
  if (kind === 'workflow') {
    out.workflow_id = values.workflow_id;
    if (!values.workflow_id) errors.workflow_id = 'Choose the workflow this step runs';
    opt('inputs', parsed('inputs') ?? {});
  }
  if (values.id !== original.id && ids.includes(values.id)) errors.id = `Another step is called ${values.id}`;
  const unknown = needs.filter((n) => !ids.includes(n));
  if (unknown.length) errors.needs = `No step is called ${unknown.join(', ')}`;
  const checked = stepSchema.safeParse(out);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const key = String(issue.path[0] ?? 'id');
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length || !checked.success) return { ok: false, values, errors };
  return { ok: true, step: checked.data, values: stepValues(checked.data as Record<string, unknown>) };
}
