// GET /app/agents/:id/versions[?v=N]: every saved version, newest first; the chosen one's changes against the one
// before it; and Restore, which saves the old configuration as a new version (history is never rewritten).
import type { VersionDiff } from '../../worker/services/agent-diff';
import { AgentHeader, type AgentHead } from '../components/agents/agent-header';
import { DiffView } from '../components/agents/diff-view';
import { Csrf } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { Notice } from '../components/ui/notice';
import { When } from '../components/ui/when';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type VersionItem = { version: number; createdAt: number; author: string; restoredFrom: number | null; summary: string };

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
      <div class="versions">
        <nav class="card version-list" aria-label="Versions">
          <ol role="list">
            {props.versions.map((v) => (
              <li>
                <a class="version-link" href={`${url}?v=${v.version}`} aria-current={v.version === props.selected ? 'page' : undefined}>
                  <span class="version-title">
                    Version {v.version}
                    {v.version === agent.version && <span class="badge badge-accent">Current</span>}
                  </span>
                  <span class="version-meta">
                    <When ms={v.createdAt} /> · {v.author}
                  </span>
                  <span class="version-summary">{v.restoredFrom ? `Restored from version ${v.restoredFrom}` : v.summary}</span>
                </a>
              </li>
            ))}
          </ol>
          {props.nextCursor && (
            <a class="btn btn-ghost btn-sm" href={`${url}?cursor=${encodeURIComponent(props.nextCursor)}`}>
              Older versions
            </a>
          )}
        </nav>
        <section class="card version-detail" aria-labelledby="version-title">
          <div class="version-detail-head">
            <h2 class="section-title" id="version-title">
              {props.selected > 1 ? `Version ${props.selected} compared with version ${props.selected - 1}` : 'Version 1'}
            </h2>
            {props.selected !== agent.version && props.base.can['agents:write'] && (
              <form method="post" action={`${url}/${props.selected}/restore`}>
                <Csrf token={props.base.csrfToken} />
                <button type="submit" class="btn btn-primary">
                  <Icon name="history" />
                  Restore version {props.selected}
                </button>
              </form>
            )}
          </div>
          <DiffView diff={props.diff} first={props.selected === 1} />
        </section>
      </div>
    </AppLayout>
  );
}
