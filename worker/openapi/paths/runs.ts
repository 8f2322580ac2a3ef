// OpenAPI entries of worker/routes/api/runs.ts (and the run start route, routes/api/workflow-runs.ts).
import { z } from 'zod';
import { approveSchema, rerunSchema } from '../../routes/api/runs';
import { RUN_EVENTS, RUN_STATUSES, TRIGGER_KINDS } from '../../schemas/workflows';
import { approvalLinkSchema } from '../../services/approval-links';
import { startRunSchema } from '../../services/workflow-runs';
import { routeDocs } from '../registry';
import { pageQuery } from './common';

const id = { id: 'The run id (`run_…`)' };
const step = { ...id, step_id: 'The step id from the definition' };

export const docs = routeDocs([
  {
    method: 'post',
    path: '/api/v1/workflows/{id}/runs',
    operationId: 'startRun',
    tag: 'Workflow runs',
    scopes: ['runs:write'],
    params: { id: 'The workflow id (`wfl_…`)' },
    body: startRunSchema,
    summary: 'Start a run of the workflow (its current version)',
    description:
      'Answers 202 with the run at once (status `running`, or `waiting`), or with `wait: true` 200 once it has finished (up to 60 s; still running then → 202). Send an `Idempotency-Key` header (1–255 visible ASCII characters) to make retries safe: the same key for the same workflow within 24 hours answers the same run instead of starting another. Inputs are checked against the definition (400 naming each bad input).',
    responses: { 200: { description: 'The finished run (with `wait: true`)', schema: 'Run' }, 202: { description: 'The run, started', schema: 'Run' } },
    errors: [400, 402, 404],
  },
  {
    method: 'get',
    path: '/api/v1/runs',
    operationId: 'listRuns',
    tag: 'Workflow runs',
    scopes: ['runs:read'],
    query: {
      workflow_id: { schema: z.string(), description: 'Only runs of this workflow' },
      status: { schema: z.enum(RUN_STATUSES), description: 'Only runs in this status' },
      trigger: { schema: z.enum(TRIGGER_KINDS), description: 'Only runs started this way' },
      from: { schema: z.string(), description: 'Runs created at or after this ISO 8601 time' },
      to: { schema: z.string(), description: 'Runs created before this ISO 8601 time' },
      ...pageQuery,
    },
    summary: 'List runs, newest first',
    description:
      'Summaries without steps, inputs or output (GET /api/v1/runs/{id} has them). Rows are written through a queue, so a new run may appear a moment after it starts.',
    responses: { 200: { description: 'A page of runs', schema: 'RunList' } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/runs/{id}',
    operationId: 'getRun',
    tag: 'Workflow runs',
    scopes: ['runs:read'],
    params: id,
    summary: 'A run with its steps',
    responses: { 200: { description: 'The run', schema: 'Run' } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/runs/{id}/events',
    operationId: 'runEvents',
    tag: 'Workflow runs',
    scopes: ['runs:read'],
    params: id,
    query: { last_event_id: { schema: z.string(), description: 'The id of the last event received (or send the `Last-Event-ID` header)' } },
    summary: 'Follow a run (Server-Sent Events)',
    description: `Events with \`id:\` (the run's event number), \`event:\` one of ${RUN_EVENTS.map((e) => `\`${e}\``).join(', ')}, and JSON \`data\` (\`run_id\`, \`step_id\`, \`status\`, \`at\`, …). The events after \`Last-Event-ID\` (all without one), then live ones, with \`: ping\` comments every 15 s; the stream ends once the run has ended.`,
    responses: { 200: { description: 'The SSE stream of the run’s events', sse: true } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/api/v1/runs/{id}/cancel',
    operationId: 'cancelRun',
    tag: 'Workflow runs',
    scopes: ['runs:write'],
    params: id,
    summary: 'Cancel a run',
    description:
      'Running and waiting steps are cancelled (their sub-workflow runs too); results that arrive later are ignored. A run that has ended is answered as it is.',
    responses: { 200: { description: 'The run', schema: 'Run' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/runs/{id}/steps/{step_id}/approve',
    operationId: 'approveStep',
    tag: 'Workflow runs',
    scopes: ['runs:write'],
    params: step,
    body: approveSchema,
    summary: 'Approve or reject a waiting approval step',
    description:
      'Approved: the step succeeds (output `{approved: true, by, comment}`) and the run resumes. Rejected: the step fails with `rejected` and so does the run. 409 when the step is not waiting.',
    responses: { 200: { description: 'The run', schema: 'Run' } },
    errors: [400, 404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/runs/{id}/steps/{step_id}/approval-link',
    operationId: 'createApprovalLink',
    tag: 'Workflow runs',
    scopes: ['runs:write'],
    params: step,
    body: approvalLinkSchema,
    summary: 'A signed link that decides a waiting approval step',
    description:
      'For someone without an Edgent account: the link opens a confirmation page with the step’s message, a comment box and Approve / Reject (opening it decides nothing; the form’s POST does). The link is signed (HMAC-SHA256 over run, step and expiry) and works until `expires_at` or until the step is decided. 409 when the step is not waiting.',
    responses: { 201: { description: 'The link', schema: z.object({ url: z.string(), expires_at: z.string() }) } },
    errors: [400, 404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/runs/{id}/steps/{step_id}/retry',
    operationId: 'retryStep',
    tag: 'Workflow runs',
    scopes: ['runs:write'],
    params: step,
    summary: 'Retry a failed step; the run resumes',
    description: 'Only for a failed step of a failed run (else 409): the step and the steps cancelled with it run again.',
    responses: { 200: { description: 'The run', schema: 'Run' } },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/runs/{id}/rerun',
    operationId: 'rerunFrom',
    tag: 'Workflow runs',
    scopes: ['runs:write'],
    params: id,
    body: rerunSchema,
    summary: 'Re-run from a step (a new run)',
    description:
      'A new run of the same workflow version and inputs: steps that are neither `from_step` nor downstream of it (through `needs`, template references and routers) and that succeeded or were skipped keep their outputs; the rest run again.',
    responses: { 202: { description: 'The new run', schema: 'Run' } },
    errors: [400, 404],
  },
]);
