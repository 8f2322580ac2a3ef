// The signed approval link (services/approval-links.ts): GET shows a confirmation page, POST decides. The token in
// the URL is the credential, so the page stays out of caches and its Referer stays on this site.
import { Hono, type Context } from 'hono';
import { ApprovalPage, type ApprovalPageView } from '../../../views/components/workflows/approval-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { approvalView, decideByLink } from '../../services/approval-links';
import { formBody, text } from './support/page-helpers';

function render(c: Context<AppEnv>, v: ApprovalPageView, status: 200 | 400 | 404 | 409 | 410 = 200) {
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
  return c.html(<ApprovalPage view={v} />, status);
}

/** An AppError a visitor can be told about, as the page for it; anything else is raised. */
function closed(c: Context<AppEnv>, e: unknown) {
  if (!(e instanceof AppError) || e.status >= 500) throw e;
  const status = e.status === 410 ? 410 : e.status === 409 ? 409 : 404;
  return render(c, { kind: 'closed', message: e.status === 409 ? 'This step is not waiting for a decision any more.' : e.message }, status);
}

export const approvalPages = new Hono<AppEnv>()
  .get('/approvals/:token', async (c) => {
    const token = c.req.param('token');
    try {
      const v = await approvalView(c.env, token);
      if (!v.waiting) return render(c, { kind: 'closed', message: 'This step is not waiting for a decision any more.' }, 409);
      return render(c, { kind: 'open', token, runId: v.run.id, stepId: v.claim.stepId, message: v.message });
    } catch (e) {
      return closed(c, e);
    }
  })
  .post('/approvals/:token', async (c) => {
    const token = c.req.param('token');
    const body = await formBody(c);
    const decision = text(body, 'decision');
    const comment = text(body, 'comment').trim().slice(0, 2000) || null;
    try {
      if (decision !== 'approve' && decision !== 'reject') {
        const v = await approvalView(c.env, token);
        return render(c, { kind: 'open', token, runId: v.run.id, stepId: v.claim.stepId, message: v.message, error: 'Choose Approve or Reject.' }, 400);
      }
      const { run, stepId } = await decideByLink(c.env, token, decision === 'approve', comment);
      return render(c, { kind: 'done', approved: decision === 'approve', runId: run.id, stepId });
    } catch (e) {
      return closed(c, e);
    }
  });
