// GET /app/agents: every agent with its model, tools, status and version; search and filters update the results in
// place (htmx, with the URL pushed so back and forward work) and as a plain GET form without JavaScript.
import type { Option } from '../components/ui/form-field';
import { ButtonLink } from '../components/ui/button';
import { EmptyState } from '../components/ui/empty-state';
import { Icon } from '../components/ui/icon';
import { Notice } from '../components/ui/notice';
import { PageHeader } from '../components/ui/page-header';
import { AGENT_STATUS, StatusBadge } from '../components/ui/status-badge';
import { When } from '../components/ui/when';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type AgentRowView = {
  id: string;
  name: string;
  description: string | null;
  model: string;
  connection: string;
  tools: number;
  runtime: string;
  version: number;
  status: string;
  updatedAt: number;
};
export type AgentFilters = { q: string; runtime: string; connection: string };

/** `next` is the cursor of the following page (or null); `query` the current filters as `?q=…` (or ''). */
export function AgentResults(props: { agents: AgentRowView[]; filtered: boolean; next?: string | null; query?: string; canCreate: boolean }) {
  const query = props.query ?? '';
  if (!props.agents.length) {
    return (
      <div id="agents-results">
        {props.filtered ? (
          <EmptyState
            icon="search"
            title="No agent matches"
            description="Try another name, or clear the filters."
            action={
              <a class="btn btn-secondary" href="/app/agents">
                Clear filters
              </a>
            }
          />
        ) : (
          <EmptyState
            title="No agents yet"
            description={
              props.canCreate
                ? 'An agent is a model with instructions and tools. Start from a template; you can change everything later.'
                : 'Nobody has made an agent you can see yet. Your role cannot create agents: ask a member or an admin.'
            }
            action={
              props.canCreate && (
                <ButtonLink href="/app/agents/new">
                  <Icon name="plus" />
                  New agent
                </ButtonLink>
              )
            }
          />
        )}
      </div>
    );
  }
  return (
    <div class="table-wrap card" id="agents-results">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col" class="hide-sm">
              Model
            </th>
            <th scope="col">Status</th>
            <th scope="col" class="num hide-sm">
              Tools
            </th>
            <th scope="col" class="hide-sm">
              Updated
            </th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.agents.map((a) => {
            const st = AGENT_STATUS[a.status] ?? AGENT_STATUS.ready!;
            const href = `/app/agents/${encodeURIComponent(a.id)}`;
            return (
              <tr>
                <th scope="row" class="agent-cell">
                  <a class="row-link" href={href}>
                    {a.name}
                  </a>
                  {a.description && <span class="agent-cell-description">{a.description}</span>}
                  <span class="agent-cell-meta show-sm">
                    <code>{a.model}</code> · v{a.version}
                  </span>
                </th>
                <td class="hide-sm">
                  <code class="badge">{a.model}</code>
                  <span class="cell-sub">
                    {a.connection}
                    {a.runtime === 'container' ? ' · container' : ''}
                  </span>
                </td>
                <td>
                  <StatusBadge tone={st.tone} label={st.label} title={st.title} />
                </td>
                <td class="num hide-sm">{a.tools}</td>
                <td class="nowrap muted hide-sm">
                  v{a.version} · <When ms={a.updatedAt} ago />
                </td>
                <td class="actions">
                  <div class="btn-row nowrap">
                    <a class="btn btn-secondary btn-sm" href={`${href}/chat`}>
                      <Icon name="chat" />
                      Chat<span class="sr-only"> with {a.name}</span>
                    </a>
                    <a class="btn btn-ghost btn-sm hide-sm" href={href}>
                      <Icon name="edit" />
                      Edit<span class="sr-only"> {a.name}</span>
                    </a>
                    <a class="btn btn-ghost btn-sm hide-sm" href={`${href}/embed`}>
                      Embed<span class="sr-only"> {a.name} on a website</span>
                    </a>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.next && (
        <p class="pager">
          <a class="btn btn-secondary btn-sm" href={`/app/agents${query}${query ? '&' : '?'}cursor=${encodeURIComponent(props.next)}`}>
            More agents
          </a>
        </p>
      )}
    </div>
  );
}

export function AgentsPage(props: {
  base: LayoutBase;
  agents: AgentRowView[];
  filters: AgentFilters;
  connections: Option[];
  notice?: string | null;
  next?: string | null;
  query?: string;
}) {
  const f = props.filters;
  const filtered = !!(f.q || f.runtime || f.connection);
  return (
    <AppLayout title="Agents" {...props.base} active="agents">
      <PageHeader
        title="Agents"
        description="Models with instructions and tools. Open one to shape it, test it and chat."
        actions={
          props.base.can['agents:write'] && (
            <ButtonLink href="/app/agents/new">
              <Icon name="plus" />
              New agent
            </ButtonLink>
          )
        }
      />
      <Notice code={props.notice} />
      <form
        class="toolbar"
        method="get"
        action="/app/agents"
        role="search"
        hx-get="/app/agents"
        hx-trigger="submit, input delay:300ms, change"
        hx-target="#agents-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-sync="this:replace"
      >
        <div class="toolbar-search">
          <label class="sr-only" for="agents-q">
            Search agents
          </label>
          <Icon name="search" />
          <input class="input" id="agents-q" type="search" name="q" value={f.q} placeholder="Search by name" autocomplete="off" />
        </div>
        <label class="sr-only" for="agents-runtime">
          Runtime
        </label>
        <select class="input" id="agents-runtime" name="runtime">
          <option value="">Any runtime</option>
          <option value="edge" selected={f.runtime === 'edge'}>
            Edge
          </option>
          <option value="container" selected={f.runtime === 'container'}>
            Container
          </option>
        </select>
        <label class="sr-only" for="agents-connection">
          Model connection
        </label>
        <select class="input" id="agents-connection" name="connection">
          <option value="">Any model connection</option>
          <option value="default" selected={f.connection === 'default'}>
            Platform default
          </option>
          {props.connections.map((o) => (
            <option value={o.value} selected={f.connection === o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <noscript>
          <button class="btn btn-secondary" type="submit">
            Apply
          </button>
        </noscript>
      </form>
      <AgentResults agents={props.agents} filtered={filtered} next={props.next} query={props.query} canCreate={props.base.can['agents:write']} />
    </AppLayout>
  );
}
