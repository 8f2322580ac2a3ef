// GET /app/agents/:id/versions[?v=N]: every saved version, newest first; the chosen one's changes against the one
// before it; and Restore, which saves the old configuration as a new version (history is never rewritten).
import type { VersionDiff } from '../../worker/services/agent-diff';
import { AgentHeader, type AgentHead } from '../components/agents/agent-header';
import { Notice } from '../components/ui/notice';
import { DiffView, VersionBrowser, type VersionItem } from '../components/ui/version-diff';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type { VersionItem };

export function AgentVersionsPage(props: {
  base: LayoutBase;
  agent: AgentHead;
  versions: VersionItem[];
  selected: number;
  diff: VersionDiff;
  nextCursor: string | null;
  restored?: number | null;
}) {
  const { agent } = props;
  const url = `/app/agents/${encodeURIComponent(agent.id)}/versions`;
  return (
    <AppLayout title={`${agent.name} · Versions`} {...props.base} active="agents" wide>
      <AgentHeader agent={agent} active="versions" />
      <Notice extra={props.restored ? `Restored version ${props.restored} as version ${agent.version}. New conversations use it.` : undefined} />
      <VersionBrowser
        url={url}
        current={agent.version}
        versions={props.versions}
        selected={props.selected}
        nextCursor={props.nextCursor}
        canRestore={props.base.can['agents:write']}
        csrfToken={props.base.csrfToken}
      >
        <DiffView
          diff={props.selected === 1 ? null : { ...props.diff, lines: props.diff.instructions }}
          text="Instructions"
          same="Same configuration as the version before (a restore or a save without changes)."
        />
      </VersionBrowser>
    </AppLayout>
  );
}
