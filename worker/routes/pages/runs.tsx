// Runs pages: the list (/app/runs, filters and cursor paging; the results alone for htmx), one run (/app/runs/:id)
// with its live fragment (/app/runs/:id/live?steps=a,b, what runs.js swaps in on each run event), and the page
// actions: cancel, decide an approval, retry a step, re-run. Forms post and redirect back (no JavaScript needed).
import { Hono } from 'hono';
import { RunsPage, RunResults, type RunFilters } from '../../../views/pages/runs-page';
import { RunLiveParts, RunPage } from '../../../views/pages/run-page';
import { pageParams } from '../../db/page';
import type { AppEnv } from '../../env';
import { RUN_STATUSES, STEP_ID, TRIGGER_KINDS, type RunStatus, type TriggerKind } from '../../schemas/workflows';
import { can, permit } from '../../services/permissions';
import { cancelRunFromPage, decideFromPage, rerun, retryFromPage, runView, runsPage } from '../../services/run-pages';
import { dayParam, formBody, layoutBase, redirectAfterPost, text, wantsFragment } from './support/page-helpers';

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined =>
  (list as readonly string[]).includes(v ?? '') ? (v as T) : undefined;
const query = (params: Record<string, string>) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  return q ? `?${q}` : '';
};
const runPath = (id: string) => `/app/runs/${encodeURIComponent(id)}`;

export const runPages = new Hono<AppEnv>()
  .get('/runs', permit('runs:read'), async (c) => {
    const status = oneOf<RunStatus>(RUN_STATUSES, c.req.query('status'));
    const trigger = oneOf<TriggerKind>(TRIGGER_KINDS, c.req.query('trigger'));
    const f: RunFilters = {
      workflow: (c.req.query('workflow') ?? '').slice(0, 64),
      status: status ?? '',
      trigger: trigger ?? '',
      from: dayParam(c.req.query('from')) ? c.req.query('from')! : '',
      to: dayParam(c.req.query('to')) ? c.req.query('to')! : '',
    };
    const page = pageParams({ limit: '30', cursor: c.req.query('cursor') });
    const r = await runsPage(c.var.db, { workflowId: f.workflow || undefined, status, trigger, from: dayParam(f.from), to: dayParam(f.to, true), ...page });
    const results = { runs: r.runs, next: r.next, workflowName: r.workflowName, query: query({ ...f }) };
    if (wantsFragment(c)) return c.html(<RunResults {...results} />);
    return c.html(<RunsPage base={await layoutBase(c)} filters={f} workflows={r.workflows} results={results} />);
  })
  .get('/runs/:id', permit('runs:read'), async (c) => {
    const [view, base] = await Promise.all([runView(c.env, c.var.db, c.req.param('id')), layoutBase(c)]);
    return c.html(<RunPage base={base} view={view} />);
  })
  .get('/runs/:id/live', permit('runs:read'), async (c) => {
    const view = await runView(c.env, c.var.db, c.req.param('id'));
    const named = (c.req.query('steps') ?? '').split(',').filter((s) => STEP_ID.test(s));
    const auth = c.var.auth;
    const viewer = { canWrite: can(auth, 'runs:write'), csrfToken: auth.kind === 'session' ? auth.csrfToken : '' };
    c.header('Cache-Control', 'no-store');
    return c.html(<RunLiveParts view={view} viewer={viewer} only={named.length ? new Set(named) : undefined} />);
  })
  .post('/runs/:id/cancel', permit('runs:write'), async (c) => {
    await cancelRunFromPage(c.env, c.var.db, c.req.param('id'));
    return redirectAfterPost(c, runPath(c.req.param('id')));
  })
  .post('/runs/:id/rerun', permit('runs:write'), async (c) => {
    const run = await rerun(c.env, c.var.db, c.req.param('id'), c.var.auth.userId ?? null, text(await formBody(c), 'from_step'));
    return redirectAfterPost(c, runPath(run.id));
  })
  .post('/runs/:id/steps/:step_id/approve', permit('runs:write'), async (c) => {
    const body = await formBody(c);
    await decideFromPage(c.env, c.var.db, c.req.param('id'), c.req.param('step_id'), {
      approved: text(body, 'approved'),
      comment: text(body, 'comment'),
      by: c.var.auth.userId!,
    });
    return redirectAfterPost(c, `${runPath(c.req.param('id'))}#step-${encodeURIComponent(c.req.param('step_id'))}`);
  })
  .post('/runs/:id/steps/:step_id/retry', permit('runs:write'), async (c) => {
    await retryFromPage(c.env, c.var.db, c.req.param('id'), c.req.param('step_id'));
    return redirectAfterPost(c, `${runPath(c.req.param('id'))}#step-${encodeURIComponent(c.req.param('step_id'))}`);
  });
