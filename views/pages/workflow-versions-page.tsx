// GET /app/workflows/:id/versions[?v=N]: every saved version, newest first; the chosen one's changes against the one
// before it (steps added, removed, changed, and the definition's JSON line by line); Restore saves it as a new version.
import type { WorkflowDiffView as WorkflowDiff } from '../../worker/routes/pages/support/workflow-version-diff';
import { WorkflowHeader, type WorkflowHead } from '../components/workflows/workflow-header';
import { Alert } from '../components/ui/alert';
import { DiffView, VersionBrowser, type VersionItem } from '../components/ui/version-diff';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export function WorkflowVersionsPage(props: {
  base: LayoutBase;
  workflow: WorkflowHead;
  versions: VersionItem[];
  selected: number;
  diff: WorkflowDiff | null;
  nextCursor: string | null;
  restored?: number | null;
}) {
  const w = props.workflow;
  const url = `/app/workflows/${encodeURIComponent(w.id)}/versions`;
  return (
    <AppLayout title={`${w.name} · Versions`} {...props.base} active="workflows" wide>
      <WorkflowHeader workflow={w} active="versions" />
      {props.restored && <Alert tone="success">{`Restored version ${props.restored} as version ${w.version}. New runs use it.`}</Alert>}
      <VersionBrowser
        url={url}
        current={w.version}
        versions={props.versions}
        selected={props.selected}
        nextCursor={props.nextCursor}
        canRestore={props.base.can['workflows:write']}
        csrfToken={props.base.csrfToken}
      >
        <DiffView diff={props.diff} text="Definition" same="Same definition as the version before (a restore, or only steps moved on the canvas)." />
      </VersionBrowser>
    </AppLayout>
  );
}
