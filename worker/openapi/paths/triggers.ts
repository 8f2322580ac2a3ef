// OpenAPI entries of worker/routes/api/workflow-triggers.ts (a workflow's schedules and webhooks) and
// worker/routes/protocols/hooks.ts (the public, signed webhook endpoint that starts a run).
import { z } from 'zod';
import { createTriggerSchema, updateTriggerSchema } from '../../services/workflow-triggers';
import { routeDocs } from '../registry';

const wf = { id: 'The workflow id (`wfl_…`)' };
const one = { ...wf, trigger_id: 'The trigger id (`trg_…`)' };
const TAG = 'Workflow triggers';
const CRON =
  'A schedule’s `cron` has five fields (minute hour day-of-month month day-of-week) with `*`, lists, ranges, steps and ' +
  'month/day names, or a macro (`@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`); it fires on the wall clock of ' +
  '`timezone` (an IANA name, default UTC). An invalid expression is a 400 naming the field (`cron.minute`, …).';

export const docs = routeDocs([
  {
    method: 'post',
    path: '/api/v1/workflows/{id}/triggers',
    operationId: 'createTrigger',
    tag: TAG,
    scopes: ['workflows:write'],
    params: wf,
    body: createTriggerSchema,
    summary: 'Add a schedule or a webhook to a workflow',
    description: `${CRON} A webhook answers its \`url\` and \`secret\` once: keep the secret, it is never shown again (rotate it to get a new one). A schedule must give every required input without a default.`,
    responses: { 201: { description: 'The trigger (a webhook’s with its secret)', schema: 'TriggerWithSecret' } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/api/v1/workflows/{id}/triggers',
    operationId: 'listTriggers',
    tag: TAG,
    scopes: ['workflows:read'],
    params: wf,
    summary: 'A workflow’s triggers',
    responses: { 200: { description: 'The triggers, oldest first', schema: 'TriggerList' } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/workflows/{id}/triggers/{trigger_id}',
    operationId: 'getTrigger',
    tag: TAG,
    scopes: ['workflows:read'],
    params: one,
    summary: 'Read a trigger (with its last and next run)',
    responses: { 200: { description: 'The trigger', schema: 'Trigger' } },
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/v1/workflows/{id}/triggers/{trigger_id}',
    operationId: 'updateTrigger',
    tag: TAG,
    scopes: ['workflows:write'],
    params: one,
    body: updateTriggerSchema,
    summary: 'Enable, disable or change a trigger',
    description: `${CRON} \`cron\` and \`timezone\` apply to schedules only.`,
    responses: { 200: { description: 'The trigger', schema: 'Trigger' } },
    errors: [400, 404],
  },
  {
    method: 'delete',
    path: '/api/v1/workflows/{id}/triggers/{trigger_id}',
    operationId: 'deleteTrigger',
    tag: TAG,
    scopes: ['workflows:write'],
    params: one,
    summary: 'Delete a trigger',
    responses: { 204: { description: 'Deleted' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/workflows/{id}/triggers/{trigger_id}/rotate-secret',
    operationId: 'rotateTriggerSecret',
    tag: TAG,
    scopes: ['workflows:write'],
    params: one,
    summary: 'Give a webhook trigger a new secret (the old one stops at once)',
    responses: { 200: { description: 'The trigger with its new secret, shown this once', schema: 'TriggerWithSecret' } },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/hooks/workflows/{trigger_id}',
    operationId: 'callWebhookTrigger',
    tag: TAG,
    auth: 'none',
    params: { trigger_id: one.trigger_id },
    body: z.record(z.string(), z.unknown()),
    bodyDescription: 'The run’s inputs (merged over the trigger’s own); an empty body is `{}`. At most 256 KB.',
    summary: 'Start a run from a webhook trigger',
    description:
      'Signed, not authenticated: `X-Edgent-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the trigger’s secret>` (missing or wrong → 401). ' +
      'An unknown trigger is a 404, a disabled one a 409. `Idempotency-Key` (optional): a retried delivery with the same key answers the run it started. At most 60 calls a minute per trigger (429 with Retry-After).',
    responses: { 202: { description: 'The run was started', schema: z.object({ run_id: z.string() }) } },
    errors: [400, 401, 404, 409, 413, 429],
  },
]);
