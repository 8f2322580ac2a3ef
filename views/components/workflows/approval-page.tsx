// GET/POST /approvals/:token: a signed approval link's confirmation page: the step's message, a comment, Approve and
// Reject (a POST decides; opening the link alone never does). A decided, expired or invalid link says so.
import { AuthCard } from '../auth/auth-card';
import { Alert } from '../ui/alert';
import { TextAreaField } from '../ui/form-field';
import { PublicLayout } from '../../layouts/public-layout';

export type ApprovalPageView =
  | { kind: 'open'; token: string; runId: string; stepId: string; message: string; error?: string }
  | { kind: 'done'; approved: boolean; runId: string; stepId: string }
  | { kind: 'closed'; message: string };

export function ApprovalPage(props: { view: ApprovalPageView }) {
  const v = props.view;
  if (v.kind === 'closed')
    return (
      <PublicLayout title="Approval">
        <AuthCard heading="Nothing to decide">
          <Alert tone="info">{v.message}</Alert>
        </AuthCard>
      </PublicLayout>
    );
  if (v.kind === 'done')
    return (
      <PublicLayout title="Approval recorded">
        <AuthCard heading={v.approved ? 'Approved' : 'Rejected'} subheading={`Step ${v.stepId} of run ${v.runId}`}>
          <Alert tone="success">Your decision is recorded{v.approved ? '; the workflow goes on.' : '; the run stops.'}</Alert>
        </AuthCard>
      </PublicLayout>
    );
  return (
    <PublicLayout title="Approval requested">
      <AuthCard heading="Approval requested" subheading={`Step ${v.stepId} of run ${v.runId}`}>
        {v.error && <Alert tone="error">{v.error}</Alert>}
        <blockquote class="approval-message">{v.message}</blockquote>
        <form class="form" method="post" action={`/approvals/${encodeURIComponent(v.token)}`}>
          <TextAreaField name="comment" label="Comment" note="optional" rows={3} maxlength={2000} />
          <div class="form-actions">
            <button type="submit" name="decision" value="approve" class="btn btn-primary">
              Approve
            </button>
            <button type="submit" name="decision" value="reject" class="btn btn-secondary">
              Reject
            </button>
          </div>
        </form>
      </AuthCard>
    </PublicLayout>
  );
}
