// Agent summaries shown two ways: cards on the home page and a table on the agents page.
import { DateTime } from './date-time';
import { Icon } from './icon';

export type AgentSummary = {
  id: string;
  name: string;
  description: string | null;
  model: string;
  version: number;
  updated_at: string;
};

export const chatHref = (agent: { id: string }) => `/app/agents/${encodeURIComponent(agent.id)}/chat`;

export function AgentCards(props: { agents: AgentSummary[] }) {
  return (
    <ul class="agent-grid" role="list">
      {props.agents.map((agent) => (
        <li class="card agent-card">
          <div class="agent-card-head">
            <span class="agent-avatar" aria-hidden="true">
              <Icon name="agents" />
            </span>
            <h3 class="agent-name">
              <a href={chatHref(agent)}>
                {agent.name}
              </a>
            </h3>
          </div>
          <p class="agent-description">{agent.description || 'No description yet.'}</p>
          <p class="agent-meta">
            <code class="badge">{agent.model}</code>
            <span>
              v{agent.version} · <DateTime value={agent.updated_at} />
            </span>
          </p>
        </li>
      ))}
    </ul>
  );
}

export function AgentTable(props: { agents: AgentSummary[] }) {
  return (
    <div class="table-wrap card">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="hide-sm">Model</th>
            <th scope="col" class="num hide-sm">Version</th>
            <th scope="col" class="hide-sm">Updated</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.agents.map((agent) => (
            <tr>
              <th scope="row" class="agent-cell">
                <strong>{agent.name}</strong>
                {agent.description && <span class="agent-cell-description">{agent.description}</span>}
                <span class="agent-cell-meta show-sm">
                  <code>{agent.model}</code> · v{agent.version}
                </span>
              </th>
              <td class="hide-sm">
                <code class="badge">{agent.model}</code>
              </td>
              <td class="num hide-sm">v{agent.version}</td>
              <td class="nowrap muted hide-sm">
                <DateTime value={agent.updated_at} />
              </td>
              <td class="actions">
                <a class="btn btn-secondary btn-sm" href={chatHref(agent)}>
                  <Icon name="chat" />
                  Chat<span class="sr-only"> with {agent.name}</span>
                </a>{' '}
                <a class="btn btn-secondary btn-sm" href={`/app/agents/${encodeURIComponent(agent.id)}/embed`}>
                  Embed<span class="sr-only"> {agent.name} on a website</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
