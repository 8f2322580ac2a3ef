// The header of a workflow's pages: breadcrumb, name, version and step count, then tabs (canvas, versions, triggers, runs).
import type { Child } from 'hono/jsx';
import { Icon } from '../ui/icon';

export type WorkflowHead = { id: string; name: string; version: number; steps: number; description?: string | null };
export type WorkflowTab = 'builder' | 'versions' | 'triggers';

export function WorkflowHeader(props: { workflow: WorkflowHead; active: WorkflowTab; actions?: Child }) {
  const w = props.workflow;
  const base = `/app/workflows/${encodeURIComponent(w.id)}`;
  const tabs: { id: WorkflowTab | 'runs'; label: string; href: string }[] = [
    { id: 'builder', label: 'Canvas', href: base },
    { id: 'versions', label: 'Versions', href: `${base}/versions` },
    { id: 'triggers', label: 'Triggers', href: `${base}/triggers` },
    { id: 'runs', label: 'Runs', href: `/app/runs?workflow=${encodeURIComponent(w.id)}` },
  ];
  return (
    <header class="agent-head">
      <div class="agent-head-row">
        <span class="agent-avatar agent-avatar-lg" aria-hidden="true">
          <Icon name="workflows" size={18} />
        </span>
        <div class="agent-head-text">
          <p class="eyebrow">
            <a href="/app/workflows">Workflows</a>
          </p>
          <h1 class="page-title">{w.name}</h1>
          <p class="agent-head-meta">
            <span class="badge" id="wf-head-version">
              v{w.version}
            </span>
            <span class="badge" id="wf-head-steps">
              {w.steps} step{w.steps === 1 ? '' : 's'}
            </span>
            {w.description && <span class="agent-head-description">{w.description}</span>}
          </p>
        </div>
        {props.actions && <div class="btn-row">{props.actions}</div>}
      </div>
      <nav class="tabs" aria-label="Workflow pages">
        {tabs.map((t) => (
          <a class="tab" href={t.href} aria-current={t.id === props.active ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
    </header>
  );
}
