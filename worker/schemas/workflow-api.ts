// Answers of the workflows API besides the workflow and its versions (worker/schemas/workflows.ts): the validation
// report the canvas shows, the diff between two versions, and the starter templates.
import { z } from 'zod';
import { STEP_KINDS, workflowInput } from './workflows';

export const workflowIssue = z.object({
  path: z.string().describe('Relative to the definition: `steps.<id>.<field>`, `steps[3].id` (a missing or repeated id), `inputs.<name>`, `output`'),
  step_id: z.string().nullable().describe('The step the problem belongs to, when it is one step’s'),
  message: z.string(),
});
export const workflowValidation = z.object({ valid: z.boolean(), errors: z.array(workflowIssue) });

export const workflowDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  fields: z.array(z.object({ field: z.enum(['name', 'description']), before: z.string().nullable(), after: z.string().nullable() })),
  inputs: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
  steps: z.object({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.object({ id: z.string(), fields: z.array(z.string()).describe('The step’s fields that differ (its position aside)') })),
    moved: z.array(z.string()).describe('Steps only moved on the canvas'),
  }),
  output_changed: z.boolean(),
});

export const workflowTemplate = z.object({
  id: z.string(),
  name: z.string(),
  summary: z.string(),
  roles: z.array(
    z.object({
      role: z.string(),
      description: z.string(),
      default_agent: z.object({ slug: z.string(), name: z.string() }).describe('Used (made when absent) unless `agents` names another'),
    }),
  ),
  inputs: z.record(z.string(), workflowInput),
  steps: z.array(z.object({ id: z.string(), kind: z.enum(STEP_KINDS), name: z.string() })),
});
export const workflowTemplateList = z.object({ data: z.array(workflowTemplate) });

export type WorkflowIssueJson = z.infer<typeof workflowIssue>;
export type WorkflowDiffJson = z.infer<typeof workflowDiff>;
export type WorkflowTemplateJson = z.infer<typeof workflowTemplate>;
