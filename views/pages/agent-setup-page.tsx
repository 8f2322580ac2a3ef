// GET /app/agents/:id/setup: an installed agent's setup. The tools that need a connection (by kind and the creator's
// connection name), each with a choice of the organization's own connections of that kind (or a link to create one
// and come back); saving maps them. Then the update offer when the listing has a newer version.
import type { ListingUpdateJson } from '../../worker/schemas/listing-installs';
import { AgentHeader, type AgentHead } from '../components/agents/agent-header';
import { Alert } from '../components/ui/alert';
import { Button, ButtonLink } from '../components/ui/button';
import { SelectField } from '../components/ui/form-field';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import { UpdateReview } from '../marketplace/update-review';

export type SetupTool = {
  tool_id: string | null;
  tool_name: string;
  kind: string;
  connection: { name: string; kind: string };
  /** The installer's connections that fit (MCP servers: mcp connections). */
  options: { id: string; name: string }[];
  mapped: string | null;
};

export function AgentSetupPage(props: {
  base: LayoutBase;
  agent: AgentHead;
  listing: { slug: string; title: string } | null;
  tools: SetupTool[];
  update: ListingUpdateJson | null;
  canEdit: boolean;
  notice?: string;
  error?: string;
}) {
  const { agent } = props;
  const base = `/app/agents/${encodeURIComponent(agent.id)}/setup`;
  const back = encodeURIComponent(base);
  const pending = props.tools.filter((t) => !t.mapped).length;
  return (
    <AppLayout title={`${agent.name} · Setup`} {...props.base} active="agents">
      <AgentHeader agent={agent} active="setup" />
      {props.notice && <Alert tone="success">{props.notice}</Alert>}
      {props.error && <Alert tone="error">{props.error}</Alert>}
      {props.update?.available && <UpdateReview update={props.update} action={`${base}/update`} csrf={props.base.csrfToken} canEdit={props.canEdit} />}
      <section class="card settings-section" aria-labelledby="setup-title">
        <h2 class="section-title" id="setup-title">
          Connect your accounts
        </h2>
        {props.listing && (
          <p>
            Installed from <a href={`/marketplace/${encodeURIComponent(props.listing.slug)}`}>{props.listing.title}</a>. It came without any connection or
            secret: pick your own for each tool that needs one.
          </p>
        )}
        {!props.listing && <p>This agent was not installed from the marketplace: its tools and connections are set in the builder.</p>}
        {props.listing && props.tools.length === 0 && <p>Nothing to connect: this agent is ready to use.</p>}
        {props.tools.length > 0 && (
          <form method="post" action={base} class="stack">
            <input type="hidden" name="_csrf" value={props.base.csrfToken} />
            {props.tools.map((t, i) => (
              <div class="setup-tool">
                <SelectField
                  name={`map_${i}`}
                  id={`map-${i}`}
                  label={t.kind === 'mcp_server' ? `MCP server “${t.tool_name}”` : `Tool ${t.tool_name}`}
                  note={`needs a ${t.connection.kind} connection (the creator used “${t.connection.name}”)`}
                  value={t.mapped ?? ''}
                  options={[
                    { value: '', label: t.options.length ? 'Not connected' : 'No connection of this kind yet' },
                    ...t.options.map((o) => ({ value: o.id, label: o.name })),
                  ]}
                  hint={<a href={`/app/connections?next=${back}`}>Create a {t.connection.kind} connection</a>}
                />
                <input type="hidden" name={`tool_${i}`} value={t.tool_id ?? `mcp:${t.tool_name}`} />
              </div>
            ))}
            {props.canEdit && (
              <div class="btn-row">
                <Button>Save connections</Button>
              </div>
            )}
          </form>
        )}
        {props.tools.length > 0 && pending === 0 && <Alert tone="success">Every tool is connected.</Alert>}
        <p class="btn-row">
          <ButtonLink href={`/app/agents/${encodeURIComponent(agent.id)}/chat`} variant="secondary">
            Chat with it
          </ButtonLink>
        </p>
      </section>
    </AppLayout>
  );
}
