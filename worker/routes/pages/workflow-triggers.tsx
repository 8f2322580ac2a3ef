// A workflow's triggers page (/app/workflows/:id/triggers): list, add a schedule (field errors from the service's
// validation), add a webhook and rotate its secret (the secret is in that one answer only), enable/disable, delete.
import { Hono, type Context } from 'hono';
import type { WorkflowHead } from '../../../views/components/workflows/workflow-header';
import { WorkflowTriggersPage, type RevealedSecret, type ScheduleForm } from '../../../views/pages/workflow-triggers-page';
import type { WorkflowRow } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { formValues } from '../../lib/validate';
import { permit } from '../../services/permissions';
import {
  createTrigger,
  createTriggerSchema,
  deleteTrigger,
  listTriggers,
  rotateTriggerSecret,
  triggerJson,
  updateTrigger,
  webhookUrl,
} from '../../services/workflow-triggers';
import { getWorkflow } from '../../services/workflows';
import { fieldErrors, formBody, layoutBase, redirectAfterPost, text } from './support/page-helpers';

const head = (w: WorkflowRow): WorkflowHead => ({ id: w.id, name: w.name, version: w.version, steps: w.definition.steps.length, description: w.description });
const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;
const pageUrl = (id: string) => `/app/workflows/${encodeURIComponent(id)}/triggers`;

async function page(c: Context<AppEnv>, w: WorkflowRow, extra: { schedule?: ScheduleForm; revealed?: RevealedSecret; notice?: string } = {}, status = 200) {
  const [base, rows] = await Promise.all([layoutBase(c), listTriggers(c.var.db, w.id)]);
  const origin = originOf(c);
  if (extra.revealed) c.header('Cache-Control', 'no-store');
  return c.html(<WorkflowTriggersPage base={base} workflow={head(w)} triggers={rows.map((t) => triggerJson(t, origin))} {...extra} />, status as 200);
}

/** The inputs textarea: empty is none; otherwise a JSON object, or a field error. */
function parseInputs(raw: string): { ok: true; value: Record<string, unknown> | undefined } | { ok: false; error: string } {
  if (!raw.trim()) return { ok: true, value: undefined };
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { ok: true, value: v as Record<string, unknown> };
  } catch {
    return { ok: false, error: 'This is not valid JSON' };
  }
  return { ok: false, error: 'Write a JSON object, e.g. {"topic": "news"}' };
}

export const workflowTriggerPages = new Hono<AppEnv>()
  .get('/workflows/:id/triggers', permit('workflows:read'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    const notice = c.req.query('done');
    return page(c, w, { notice: notice === 'deleted' ? 'Trigger deleted.' : notice === 'created' ? 'Schedule added.' : undefined });
  })
  .post('/workflows/:id/triggers/schedules', permit('workflows:write'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    const body = await formBody(c);
    const form: ScheduleForm = { cron: text(body, 'cron'), timezone: text(body, 'timezone'), inputs: text(body, 'inputs'), errors: {} };
    const inputs = parseInputs(form.inputs);
    if (!inputs.ok) return page(c, w, { schedule: { ...form, errors: { inputs: inputs.error } } }, 400);
    const parsed = formValues(createTriggerSchema, {
      kind: 'schedule',
      cron: form.cron,
      ...(form.timezone.trim() ? { timezone: form.timezone.trim() } : {}),
      ...(inputs.value ? { inputs: inputs.value } : {}),
    });
    if (!parsed.ok) return page(c, w, { schedule: { ...form, errors: parsed.errors } }, 400);
    try {
      await createTrigger(c.env, c.var.db, w.id, parsed.data, actorOf(c));
    } catch (e) {
      const { errors, message } = fieldErrors(e);
      return page(c, w, { schedule: { ...form, errors: Object.keys(errors).length ? errors : { form: message } } }, 400);
    }
    return redirectAfterPost(c, `${pageUrl(w.id)}?done=created`);
  })
  // The secret is in this answer only: no redirect, nothing stored that could show it again.
  .post('/workflows/:id/triggers/webhooks', permit('workflows:write'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    const { row, secret } = await createTrigger(c.env, c.var.db, w.id, { kind: 'webhook' }, actorOf(c));
    return page(c, w, { revealed: { triggerId: row.id, url: webhookUrl(originOf(c), row.id), secret: secret!, rotated: false } }, 201);
  })
  .post('/workflows/:id/triggers/:trigger_id/rotate-secret', permit('workflows:write'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    const { row, secret } = await rotateTriggerSecret(c.env, c.var.db, w.id, c.req.param('trigger_id'), actorOf(c));
    return page(c, w, { revealed: { triggerId: row.id, url: webhookUrl(originOf(c), row.id), secret, rotated: true } });
  })
  .post('/workflows/:id/triggers/:trigger_id/enabled', permit('workflows:write'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    const enabled = text(await formBody(c), 'enabled') === 'true';
    await updateTrigger(c.env, c.var.db, w.id, c.req.param('trigger_id'), { enabled }, actorOf(c));
    return redirectAfterPost(c, pageUrl(w.id));
  })
  .post('/workflows/:id/triggers/:trigger_id/delete', permit('workflows:write'), async (c) => {
    const w = await getWorkflow(c.var.db, c.req.param('id'));
    await deleteTrigger(c.env, c.var.db, w.id, c.req.param('trigger_id'), actorOf(c));
    return redirectAfterPost(c, `${pageUrl(w.id)}?done=deleted`);
  });
