// The header of every agent sub-page: breadcrumb, name, model and version, then a tab bar of the agent's pages.
//
// To add a sub-page (e.g. issue 8's Embed page): add an entry to AGENT_TABS with its id, label and href, then
// render <AgentHeader agent={…} active="<id>" /> at the top of the page. The tab bar scrolls sideways on phones,
// so a few more tabs fit.
import type { Child } from 'hono/jsx';
import { Icon } from '../ui/icon';

export type AgentTab = 'builder' | 'chat' | 'sessions' | 'versions' | 'analytics' | 'embed' | 'marketplace' | 'setup';
export type AgentHead = { id: string; name: string; model: string; version: number; description?: string | null };

const base = (id: string) => `/app/agents/${encodeURIComponent(id)}`;

export const AGENT_TABS: { id: AgentTab; label: string; href: (agentId: string) => string }[] = [
  { id: 'builder', label: 'Builder', href: base },
  { id: 'chat', label: 'Chat', href: (id) => `${base(id)}/chat` },
  { id: 'sessions', label: 'Conversations', href: (id) => `${base(id)}/sessions` },
  { id: 'versions', label: 'Versions', href: (id) => `${base(id)}/versions` },
  { id: 'analytics', label: 'Analytics', href: (id) => `${base(id)}/analytics` },
  { id: 'embed', label: 'Embed', href: (id) => `${base(id)}/embed` },
  { id: 'marketplace', label: 'Marketplace', href: (id) => `${base(id)}/listing` },
];

export function AgentTabs(props: { agentId: string; active: AgentTab }) {
  return (
    <nav class="tabs" aria-label="Agent pages">
      {AGENT_TABS.map((t) => (
        <a class="tab" href={t.href(props.agentId)} aria-current={t.id === props.active ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}

export function AgentHeader(props: { agent: AgentHead; active: AgentTab; actions?: Child; crumb?: Child }) {
  const a = props.agent;
  return (
    <header class="agent-head">
      <div class="agent-head-row">
        <span class="agent-avatar agent-avatar-lg" aria-hidden="true">
          <Icon name="agents" size={18} />
        </span>
        <div class="agent-head-text">
          <p class="eyebrow">
            <a href="/app/agents">Agents</a>
            {props.crumb && <> / {props.crumb}</>}
          </p>
          <h1 class="page-title">{a.name}</h1>
          <p class="agent-head-meta">
            <code class="badge">{a.model}</code>
            <span class="badge">v{a.version}</span>
            {a.description && <span class="agent-head-description">{a.description}</span>}
          </p>
        </div>
        {props.actions && <div class="btn-row">{props.actions}</div>}
      </div>
      <AgentTabs agentId={a.id} active={props.active} />
    </header>
  );
}
