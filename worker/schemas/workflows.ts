// Workflows (API.md, "Workflows"): the definition a workflow version holds, the workflow and version answers, runs
// with their steps, triggers, and the run events streamed over SSE. The engine, the API, the canvas and the runs
// pages all read these shapes.
import { z } from 'zod';
import { iso, pageOf } from './common';

/** Step ids: what templates name (`{{steps.<id>.output}}`), so letters, digits and `_`, starting with a letter. */
export const STEP_ID = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
export const stepId = z.string().regex(STEP_ID, 'a step id is a letter then up to 39 letters, digits or _');

/**
 * A template: a string that may hold `{{inputs.x}}`, `{{steps.<id>.output}}`, `{{steps.<id>.output.field.0}}`, and
 * inside a map step `{{item}}` / `{{index}}`. A string that is exactly one `{{…}}` yields the value itself (a list,
 * an object, a number); otherwise values are written into the string (objects as JSON).
 */
export const template = z.string().max(20_000);
/** Any JSON whose strings are templates (tool arguments, transform values, the output). */
export const templated: z.ZodType<unknown> = z.unknown();

export const INPUT_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
export const workflowInput = z.object({
  type: z.enum(INPUT_TYPES),
  required: z.boolean().optional(),
  description: z.string().max(500).optional(),
  default: z.unknown().optional(),
});

/** What every step may carry besides its kind's fields. */
const stepCommon = {
  id: stepId,
  /** A label for the canvas and the run page; the id when absent. */
  name: z.string().max(100).optional(),
  needs: z.array(stepId).max(100).optional(),
  /**
   * Skip the step unless this holds. Grammar: comparisons (== != > >= < <=), `&&`, `||`, `!`, parentheses, string /
   * number / true / false / null literals, and references written as templates (`{{steps.a.output.score}} > 3`).
   */
  when: z.string().max(1000).optional(),
  /** Attempts after the first (default 2); backoff doubles from 2 s. */
  retries: z.number().int().min(0).max(10).optional(),
  /** Per-attempt limit (default 300 s; approval and wait steps: how long they may wait, default 7 days). */
  timeout_seconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .optional(),
  /** Where the canvas draws the node; the engine ignores it. */
  position: z.object({ x: z.number(), y: z.number() }).optional(),
};

export const agentStep = z.object({ ...stepCommon, kind: z.literal('agent'), agent_id: z.string(), input: template });
export const toolStep = z.object({ ...stepCommon, kind: z.literal('tool'), tool_id: z.string(), arguments: z.record(z.string(), templated).optional() });
export const transformStep = z.object({ ...stepCommon, kind: z.literal('transform'), value: templated });
export const routerStep = z.object({
  ...stepCommon,
  kind: z.literal('router'),
  /** The agent (its model and instructions) that picks; the organization's default model when absent. */
  agent_id: z.string().optional(),
  /** What the model reads to decide (default: the run's inputs as JSON). */
  input: template.optional(),
  /** label → the steps that run when that label is picked; steps of the other labels are skipped. */
  routes: z.record(z.string().min(1).max(60), z.array(stepId)),
});
export const workflowStep = z.object({
  ...stepCommon,
  kind: z.literal('workflow'),
  workflow_id: z.string(),
  inputs: z.record(z.string(), templated).optional(),
});
/** The step a map runs for each element: an agent, tool, transform or sub-workflow step without id or needs. */
export const mapInnerStep = z.discriminatedUnion('kind', [
  agentStep.omit({ id: true, needs: true, when: true, position: true, name: true }),
  toolStep.omit({ id: true, needs: true, when: true, position: true, name: true }),
  transformStep.omit({ id: true, needs: true, when: true, position: true, name: true }),
  workflowStep.omit({ id: true, needs: true, when: true, position: true, name: true }),
]);
export const mapStep = z.object({
  ...stepCommon,
  kind: z.literal('map'),
  /** A template that yields a list, e.g. `"{{inputs.items}}"`. */
  over: template,
  step: mapInnerStep,
  /** At most this many elements at once (default 10). */
  concurrency: z.number().int().min(1).max(100).optional(),
});
export const approvalStep = z.object({ ...stepCommon, kind: z.literal('approval'), message: template });
export const waitStep = z.object({
  ...stepCommon,
  kind: z.literal('wait'),
  seconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400),
});

export const STEP_KINDS = ['agent', 'tool', 'transform', 'router', 'map', 'approval', 'wait', 'workflow'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const step = z.discriminatedUnion('kind', [agentStep, toolStep, transformStep, routerStep, mapStep, approvalStep, waitStep, workflowStep]);

export const definition = z.object({
  inputs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/), workflowInput).default({}),
  steps: z.array(step).min(1).max(200),
  /** The run's output: a template (or JSON holding templates); the last step's output when absent. */
  output: templated.optional(),
});

export type WorkflowDefinition = z.infer<typeof definition>;
export type WorkflowStep = z.infer<typeof step>;
export type MapInnerStep = z.infer<typeof mapInnerStep>;

export const workflow = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  version: z.number().int(),
  definition,
  created_at: iso,
  updated_at: iso,
});
export const workflowList = pageOf(workflow);
export const workflowVersion = z.object({
  workflow_id: z.string(),
  version: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  definition,
  restored_from: z.number().int().nullable(),
  created_by: z.string().nullable(),
  created_at: iso,
});
export const workflowVersionList = pageOf(workflowVersion);

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const STEP_STATUSES = ['pending', 'queued', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const TRIGGER_KINDS = ['api', 'schedule', 'webhook', 'agent', 'mcp', 'workflow', 'test'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

const runError = z.object({ code: z.string(), message: z.string() });

export const runStep = z.object({
  id: z.string(),
  kind: z.enum(STEP_KINDS),
  status: z.enum(STEP_STATUSES),
  attempts: z.number().int(),
  input: z.unknown().nullable(),
  output: z.unknown().nullable(),
  error: runError.nullable().optional(),
  tokens: z.object({ input: z.number().int(), output: z.number().int() }).nullable().optional(),
  cost_usd: z.number().nullable().optional(),
  /** Approval steps: who decided, when, and what they said. */
  decision: z.object({ approved: z.boolean(), by: z.string(), comment: z.string().nullable(), at: iso }).nullable().optional(),
  /** Map steps: how many elements, and how many are finished. */
  items: z.object({ total: z.number().int(), done: z.number().int() }).nullable().optional(),
  /** Sub-workflow steps: the child run. */
  child_run_id: z.string().nullable().optional(),
  started_at: iso.nullable(),
  finished_at: iso.nullable(),
});

export const run = z.object({
  id: z.string(),
  workflow_id: z.string(),
  workflow_version: z.number().int(),
  status: z.enum(RUN_STATUSES),
  trigger: z.object({ kind: z.enum(TRIGGER_KINDS), id: z.string().nullable() }),
  parent_run_id: z.string().nullable(),
  inputs: z.record(z.string(), z.unknown()),
  output: z.unknown().nullable(),
  error: runError.nullable().optional(),
  steps: z.array(runStep),
  tokens: z.object({ input: z.number().int(), output: z.number().int() }),
  cost_usd: z.number(),
  created_at: iso,
  started_at: iso.nullable(),
  finished_at: iso.nullable(),
});
/** A run in a list (from D1): no steps, inputs or output. */
export const runSummary = run
  .pick({
    id: true,
    workflow_id: true,
    workflow_version: true,
    status: true,
    trigger: true,
    parent_run_id: true,
    tokens: true,
    cost_usd: true,
    created_at: true,
    started_at: true,
    finished_at: true,
  })
  .extend({
    error: runError.nullable(),
  });
export const runList = pageOf(runSummary);

export const RUN_EVENTS = [
  'run.started',
  'step.started',
  'step.completed',
  'step.failed',
  'step.waiting',
  'run.completed',
  'run.failed',
  'run.cancelled',
] as const;
export type RunEventName = (typeof RUN_EVENTS)[number];
/** An SSE event: `id` is the run's event sequence number (resume with Last-Event-ID); `data` is JSON. */
export type RunEvent = { seq: number; event: RunEventName; data: { run_id: string; step_id?: string; status: string; at: string } & Record<string, unknown> };

export const trigger = z.object({
  id: z.string(),
  workflow_id: z.string(),
  kind: z.enum(['schedule', 'webhook']),
  cron: z.string().nullable(),
  timezone: z.string().nullable(),
  inputs: z.record(z.string(), z.unknown()).nullable(),
  enabled: z.boolean(),
  /** Webhook triggers: the URL to POST to (the secret is shown only once, when the trigger is made). */
  url: z.string().nullable(),
  next_run_at: iso.nullable(),
  last_run_at: iso.nullable(),
  created_at: iso,
});
export const triggerList = pageOf(trigger);
/** A trigger as answered when it is made or its secret rotated: a webhook's secret is shown then, and never again. */
export const triggerWithSecret = trigger.extend({
  secret: z.string().optional().describe('Webhooks: signs calls, `X-Edgent-Signature: sha256=<hex HMAC-SHA256 of the raw body>`; shown only in this answer'),
});
export type TriggerWithSecretJson = z.infer<typeof triggerWithSecret>;

export type WorkflowJson = z.infer<typeof workflow>;
export type WorkflowVersionJson = z.infer<typeof workflowVersion>;
export type RunJson = z.infer<typeof run>;
export type RunStepJson = z.infer<typeof runStep>;
export type RunSummaryJson = z.infer<typeof runSummary>;
export type TriggerJson = z.infer<typeof trigger>;
