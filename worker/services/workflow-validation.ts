// Workflow definitions checked before a save (and live by the canvas): shape, step ids, dependencies, templates,
// `when` conditions, routers, cycles, and the agents, tools and sub-workflows a definition names; every problem names
// its step. Also the inputs a run gets, checked against the definition's declared inputs.
import type { AgentViewer, TenantDb } from '../db/tenant-db';
import { isId } from '../db/ids';
import { z } from 'zod';
import { AppError } from '../errors';
import { parseTemplate, type TemplateRef, templateRefs } from '../lib/workflow-template';
import { checkWhen, whenRefs } from '../lib/workflow-when';
import { builtinTool } from '../tools/catalog';
import { definition as definitionSchema, STEP_ID, type MapInnerStep, type WorkflowDefinition, type WorkflowStep } from '../schemas/workflows';
import type { WorkflowIssueJson } from '../schemas/workflow-api';
import { maySeeAgent } from './agent-access';

/** One problem: `path` is relative to the definition (`steps.<id>.<field>`, `steps[3].id`, `inputs.x`, `output`). */
export type WorkflowIssue = WorkflowIssueJson;

export type Validation = { valid: true; definition: WorkflowDefinition; errors: [] } | { valid: false; definition: null; errors: WorkflowIssue[] };

/** The JSON values of a step that hold templates, by field name (a map's inner step under `step.<field>`). */
function templatedFields(s: WorkflowStep): [string, unknown, boolean][] {
  const inner = (i: MapInnerStep): [string, unknown][] => {
    switch (i.kind) {
      case 'agent':
        return [['step.input', i.input]];
      case 'tool':
        return [['step.arguments', i.arguments]];
      case 'transform':
        return [['step.value', i.value]];
      case 'workflow':
        return [['step.inputs', i.inputs]];
    }
  };
  switch (s.kind) {
    case 'agent':
      return [['input', s.input, false]];
    case 'tool':
      return [['arguments', s.arguments, false]];
    case 'transform':
      return [['value', s.value, false]];
    case 'router':
      return [['input', s.input, false]];
    case 'map':
      return [['over', s.over, false], ...inner(s.step).map(([f, v]): [string, unknown, boolean] => [f, v, true])];
    case 'approval':
      return [['message', s.message, false]];
    case 'workflow':
      return [['inputs', s.inputs, false]];
    case 'wait':
      return [];
  }
}

/**
 * Every step a step depends on: its `needs`, the steps its templates and `when` read, and (given the definition) each
 * router that lists it in a route: a routed step waits for its router without naming it in `needs`.
 */
export function stepDependencies(s: WorkflowStep, def?: WorkflowDefinition): string[] {
  const ids = new Set(s.needs ?? []);
  for (const [, value] of templatedFields(s)) for (const r of templateRefs(value).refs) if (r.kind === 'step') ids.add(r.id);
  if (s.when) {
    const w = checkWhen(s.when);
    if (w.ok) for (const r of whenRefs(w.ast)) if (r.kind === 'step') ids.add(r.id);
  }
  for (const r of def?.steps ?? []) if (r.kind === 'router' && Object.values(r.routes).some((t) => t.includes(s.id))) ids.add(r.id);
  return [...ids];
}

const rawStepId = (raw: unknown, i: number): string | null => {
  const steps = (raw as { steps?: unknown })?.steps;
  const id = Array.isArray(steps) ? (steps[i] as { id?: unknown } | undefined)?.id : undefined;
  return typeof id === 'string' && STEP_ID.test(id) ? id : null;
};

/** The shape check (zod), with each issue's path naming the step by id when it has a good, unique one. */
function shapeIssues(raw: unknown): WorkflowIssue[] | WorkflowDefinition {
  const r = definitionSchema.safeParse(raw);
  if (r.success) return r.data;
  const steps = (raw as { steps?: unknown })?.steps;
  const ids = Array.isArray(steps) ? steps.map((_, i) => rawStepId(raw, i)) : [];
  return r.error.issues.map((issue) => {
    const [head, index, ...rest] = issue.path.map(String);
    if (head === 'steps' && index !== undefined && /^\d+$/.test(index)) {
      const id = ids[Number(index)] ?? null;
      const unique = id !== null && ids.filter((x) => x === id).length === 1;
      const label = unique && rest[0] !== 'id' ? `steps.${id}` : `steps[${index}]`;
      return { path: [label, ...rest].join('.'), step_id: unique ? id : null, message: issue.message };
    }
    return { path: issue.path.join('.') || '(definition)', step_id: null, message: issue.message };
  });
}

/**
 * Everything a definition may get wrong, each problem naming its step. `viewer`: whose agents the author may use
 * (another person's private agent is "not found"). `selfId`: the workflow being saved (a step may not run it).
 */
export async function validateDefinition(db: TenantDb, viewer: AgentViewer, raw: unknown, selfId?: string): Promise<Validation> {
  const shaped = shapeIssues(raw);
  if (Array.isArray(shaped)) return { valid: false, definition: null, errors: shaped };
  const def = shaped;
  const errors: WorkflowIssue[] = [];
  const err = (path: string, stepId: string | null, message: string) => errors.push({ path, step_id: stepId, message });

  // Ids: unique. A duplicate is named by its position (its id does not say which step it is).
  const firstAt = new Map<string, number>();
  def.steps.forEach((s, i) => {
    const seen = firstAt.get(s.id);
    if (seen === undefined) firstAt.set(s.id, i);
    else err(`steps[${i}].id`, s.id, `Duplicate step id "${s.id}" (also steps[${seen}])`);
  });
  const byId = new Map(def.steps.map((s) => [s.id, s]));

  // Defaults match their input's type.
  for (const [name, input] of Object.entries(def.inputs)) {
    if (input.default !== undefined && !hasType(input.default, input.type))
      err(`inputs.${name}.default`, null, `The default is not ${/^[ao]/.test(input.type) ? 'an' : 'a'} ${input.type}`);
  }

  const checkRef = (r: TemplateRef, at: string, s: WorkflowStep | null, inMap: boolean) => {
    const sid = s?.id ?? null;
    if (r.kind === 'input' && !Object.hasOwn(def.inputs, r.name)) err(at, sid, `{{inputs.${r.name}}}: the workflow has no input "${r.name}"`);
    if (r.kind === 'step' && !byId.has(r.id)) err(at, sid, `{{steps.${r.id}.output}}: there is no step "${r.id}"`);
    if (r.kind === 'step' && r.id === sid) err(at, sid, `A step cannot read its own output`);
    if ((r.kind === 'item' || r.kind === 'index') && !inMap) err(at, sid, `{{${r.kind}}} is only defined in a map step's inner step`);
  };

  for (const s of def.steps) {
    const base = `steps.${s.id}`;
    for (const n of s.needs ?? []) {
      if (n === s.id) err(`${base}.needs`, s.id, 'A step cannot need itself');
      else if (!byId.has(n)) err(`${base}.needs`, s.id, `needs "${n}", which is not a step of this workflow`);
    }
    for (const [field, value, inMap] of templatedFields(s)) {
      const { refs, errors: bad } = templateRefs(value);
      for (const b of bad) err(`${base}.${field}${b.at ? `.${b.at}` : ''}`, s.id, b.message);
      for (const r of refs) checkRef(r, `${base}.${field}`, s, inMap);
    }
    if (s.when !== undefined) {
      const w = checkWhen(s.when);
      if (!w.ok) err(`${base}.when`, s.id, w.message);
      else for (const r of whenRefs(w.ast)) checkRef(r, `${base}.when`, s, false);
    }
    if (s.kind === 'router') checkRouter(s, byId, errors);
    if (s.kind === 'map') checkOver(s, def, errors);
  }
  if (def.output !== undefined) {
    const { refs, errors: bad } = templateRefs(def.output);
    for (const b of bad) err(`output${b.at ? `.${b.at}` : ''}`, null, b.message);
    for (const r of refs) checkRef(r, 'output', null, false);
  }

  // Cycles (through needs and templates), each reported once with the steps in it.
  for (const cycle of findCycles(def, byId)) err(`steps.${cycle[0]}.needs`, cycle[0]!, `Dependency cycle: ${[...cycle, cycle[0]].join(' → ')}`);

  await checkResources(db, viewer, def, selfId, errors);
  return errors.length ? { valid: false, definition: null, errors } : { valid: true, definition: def, errors: [] };
}

/** A map's `over` is one reference that yields a list (a declared input of another type cannot). */
function checkOver(s: Extract<WorkflowStep, { kind: 'map' }>, def: WorkflowDefinition, errors: WorkflowIssue[]) {
  let parts;
  try {
    parts = parseTemplate(s.over);
  } catch {
    return; // reported with the templates
  }
  const only = parts.length === 1 && 'ref' in parts[0]! ? parts[0].ref : null;
  const at = `steps.${s.id}.over`;
  if (!only || only.kind === 'index' || only.kind === 'item')
    errors.push({ path: at, step_id: s.id, message: 'over is one reference that yields a list, e.g. {{inputs.items}} or {{steps.search.output.hits}}' });
  else if (only.kind === 'input' && only.path.length === 0) {
    const type = Object.hasOwn(def.inputs, only.name) ? def.inputs[only.name]!.type : null;
    if (type && type !== 'array')
      errors.push({ path: at, step_id: s.id, message: `{{inputs.${only.name}}} is a ${type}, not a list (declare it as an array)` });
  }
}

function checkRouter(s: Extract<WorkflowStep, { kind: 'router' }>, byId: Map<string, WorkflowStep>, errors: WorkflowIssue[]) {
  const labelOf = new Map<string, string>();
  const labels = Object.keys(s.routes);
  if (labels.length === 0) errors.push({ path: `steps.${s.id}.routes`, step_id: s.id, message: 'A router needs at least one route' });
  for (const [label, targets] of Object.entries(s.routes)) {
    const at = `steps.${s.id}.routes.${label}`;
    for (const t of targets) {
      if (t === s.id) errors.push({ path: at, step_id: s.id, message: 'A router cannot route to itself' });
      else if (!byId.has(t)) errors.push({ path: at, step_id: s.id, message: `Route "${label}" names "${t}", which is not a step of this workflow` });
      const other = labelOf.get(t);
      if (other !== undefined && other !== label)
        errors.push({ path: at, step_id: s.id, message: `"${t}" is in two routes ("${other}" and "${label}"): a step belongs to one route of a router` });
      labelOf.set(t, label);
    }
  }
}

/** The dependency cycles (each as its steps in order, starting from its first step in the definition). */
function findCycles(def: WorkflowDefinition, byId: Map<string, WorkflowStep>): string[][] {
  const steps = def.steps;
  const state = new Map<string, 'active' | 'done'>();
  const cycles: string[][] = [];
  const seenCycles = new Set<string>();
  const order = new Map(steps.map((s, i) => [s.id, i]));
  const visit = (id: string, path: string[]) => {
    state.set(id, 'active');
    path.push(id);
    for (const d of stepDependencies(byId.get(id)!, def)) {
      if (d === id || !byId.has(d)) continue; // reported elsewhere
      if (state.get(d) === 'active') {
        const cycle = path.slice(path.indexOf(d));
        const start = cycle.reduce((best, x, i) => (order.get(x)! < order.get(cycle[best]!)! ? i : best), 0);
        const norm = [...cycle.slice(start), ...cycle.slice(0, start)];
        const key = [...norm].sort().join(',');
        if (!seenCycles.has(key)) {
          seenCycles.add(key);
          cycles.push(norm);
        }
      } else if (!state.has(d)) visit(d, path);
    }
    path.pop();
    state.set(id, 'done');
  };
  for (const s of steps) if (!state.has(s.id)) visit(s.id, []);
  return cycles;
}

/** Agents (that the author may see), tools and sub-workflows named by the definition. */
async function checkResources(db: TenantDb, viewer: AgentViewer, def: WorkflowDefinition, selfId: string | undefined, errors: WorkflowIssue[]) {
  const uses: { kind: 'agent' | 'tool' | 'workflow'; id: string; path: string; step: string }[] = [];
  for (const s of def.steps) {
    const base = `steps.${s.id}`;
    if (s.kind === 'agent') uses.push({ kind: 'agent', id: s.agent_id, path: `${base}.agent_id`, step: s.id });
    if (s.kind === 'router' && s.agent_id !== undefined) uses.push({ kind: 'agent', id: s.agent_id, path: `${base}.agent_id`, step: s.id });
    if (s.kind === 'tool') uses.push({ kind: 'tool', id: s.tool_id, path: `${base}.tool_id`, step: s.id });
    if (s.kind === 'workflow') uses.push({ kind: 'workflow', id: s.workflow_id, path: `${base}.workflow_id`, step: s.id });
    if (s.kind === 'map') {
      const i = s.step;
      if (i.kind === 'agent') uses.push({ kind: 'agent', id: i.agent_id, path: `${base}.step.agent_id`, step: s.id });
      if (i.kind === 'tool') uses.push({ kind: 'tool', id: i.tool_id, path: `${base}.step.tool_id`, step: s.id });
      if (i.kind === 'workflow') uses.push({ kind: 'workflow', id: i.workflow_id, path: `${base}.step.workflow_id`, step: s.id });
    }
  }
  const ids = (kind: string) => [...new Set(uses.filter((u) => u.kind === kind).map((u) => u.id))];
  const agentIds = ids('agent').filter((id) => isId('agent', id));
  const toolIds = ids('tool').filter((id) => !builtinTool(id) && isId('tool', id));
  const workflowIds = ids('workflow').filter((id) => isId('workflow', id) && id !== selfId);
  const [agents, tools, workflows] = await Promise.all([
    db.everyAgent().agents.byIds(agentIds),
    db.tools.existing(toolIds),
    Promise.all(workflowIds.map((id) => db.workflows.get(id))),
  ]);
  // Another person's private agent is "not found", exactly like one that does not exist.
  const usable = new Set(agents.filter((a) => maySeeAgent(viewer, a)).map((a) => a.id));
  const foundWorkflows = new Set(workflows.filter((w) => w).map((w) => w!.id));
  for (const u of uses) {
    if (u.kind === 'agent' && !usable.has(u.id)) errors.push({ path: u.path, step_id: u.step, message: `No such agent: ${u.id}` });
    if (u.kind === 'tool' && !builtinTool(u.id) && !tools.has(u.id)) errors.push({ path: u.path, step_id: u.step, message: `No such tool: ${u.id}` });
    if (u.kind === 'workflow') {
      if (selfId !== undefined && u.id === selfId) errors.push({ path: u.path, step_id: u.step, message: 'A workflow cannot run itself as a step' });
      else if (!foundWorkflows.has(u.id)) errors.push({ path: u.path, step_id: u.step, message: `No such workflow: ${u.id}` });
    }
  }
}

/** Like validateDefinition, but a 400 `validation_failed` (details naming each step) when anything is wrong. */
export async function assertValidDefinition(db: TenantDb, viewer: AgentViewer, raw: unknown, selfId?: string): Promise<WorkflowDefinition> {
  const v = await validateDefinition(db, viewer, raw, selfId);
  if (!v.valid)
    throw new AppError(
      'validation_failed',
      'The workflow definition is not valid',
      v.errors.map((e) => ({ path: e.path, message: e.message })),
    );
  return v.definition;
}

function hasType(v: unknown, type: WorkflowDefinition['inputs'][string]['type']): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
  }
}

/**
 * A run's inputs checked against the definition: required inputs present, every declared input of its type, defaults
 * filled in; inputs the definition does not declare are kept (a webhook's whole body is its run's inputs). 400
 * `validation_failed` naming each input (`inputs.<name>`) otherwise.
 */
export function checkInputs(def: WorkflowDefinition, inputs: unknown): Record<string, unknown> {
  if (inputs === undefined || inputs === null) inputs = {};
  if (typeof inputs !== 'object' || Array.isArray(inputs))
    throw new AppError('validation_failed', 'The run inputs are not valid', [{ path: 'inputs', message: 'must be a JSON object' }]);
  const out: Record<string, unknown> = { ...(inputs as Record<string, unknown>) };
  const details: { path: string; message: string }[] = [];
  for (const [name, spec] of Object.entries(def.inputs)) {
    const given = Object.hasOwn(out, name) ? out[name] : undefined;
    if (given === undefined || given === null) {
      if (spec.default !== undefined) out[name] = spec.default;
      else if (spec.required) details.push({ path: `inputs.${name}`, message: 'is required' });
      continue;
    }
    if (!hasType(given, spec.type)) details.push({ path: `inputs.${name}`, message: `must be ${/^[ao]/.test(spec.type) ? 'an' : 'a'} ${spec.type}` });
  }
  if (details.length) throw new AppError('validation_failed', 'The run inputs are not valid', details);
  return out;
}

/** POST /api/v1/workflows/validate. */
export const validateWorkflowSchema = z.strictObject({
  definition: z.unknown().describe('The definition to check (the shape of `definition` in a workflow)'),
  workflow_id: z.string().max(64).optional().describe('The workflow being edited (a step may not run the workflow itself)'),
});
