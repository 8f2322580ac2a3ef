// GET /app/agents: every agent in the organization with its model, version and a way into its chat.
import { AgentTable, type AgentSummary } from '../components/agent-list';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { AppLayout, type LayoutUser } from '../layouts/app-layout';

export function AgentsPage(props: {
  user: LayoutUser;
  tenant: { id: string; name: string };
  role: string;
  csrfToken: string;
  agents: AgentSummary[];
}) {
  const count = props.agents.length;
  return (
    <AppLayout title="Agents" user={props.user} tenant={props.tenant} role={props.role} csrfToken={props.csrfToken} active="agents">
      <PageHeader
        title="Agents"
        description={
          count > 0
            ? `${count} ${count === 1 ? 'agent' : 'agents'} in ${props.tenant.name}. Open one to chat with it.`
            : `Agents in ${props.tenant.name} will appear here.`
        }
      />
      {count > 0 ? (
        <AgentTable agents={props.agents} />
      ) : (
        <EmptyState
          title="No agents yet"
          description="An agent is a model with instructions and tools. Connect a model first, then create your first agent."
          action={
            <a class="btn btn-primary" href="/app/connections">
              Add a model connection
            </a>
          }
        />
      )}
    </AppLayout>
  );
}
