// GET /app/tools: the organization's tools (HTTP, imported, MCP) with where they call and who uses them, and the
// built-in tools every agent can use. New HTTP tools and OpenAPI imports start here.
import type { BuiltinTool } from '../../worker/tools/types';
import type { ToolRow } from '../../worker/db/tenant-db';
import { ButtonLink } from '../components/ui/button';
import { EmptyState } from '../components/ui/empty-state';
import { Icon } from '../components/ui/icon';
import { Notice } from '../components/ui/notice';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export const toolHref = (id: string) => `/app/tools/${encodeURIComponent(id)}`;

function endpoint(t: ToolRow): string {
  if (t.kind === 'mcp') return `MCP · ${String(t.config.server_tool_name ?? t.name)}`;
  const c = t.config as { method?: string; url?: string };
  return `${c.method ?? ''} ${c.url ?? ''}`.trim();
}

export function ToolsPage(props: {
  base: LayoutBase;
  tools: ToolRow[];
  builtins: BuiltinTool[];
  usage: Map<string, number>;
  connectionNames: Map<string, string>;
  notice?: string | null;
}) {
  const actions = props.base.can['tools:write'] && (
    <>
      <ButtonLink href="/app/tools/import" variant="secondary">
        <Icon name="upload" />
        Import OpenAPI
      </ButtonLink>
      <ButtonLink href="/app/tools/new">
        <Icon name="plus" />
        New HTTP tool
      </ButtonLink>
    </>
  );
  return (
    <AppLayout title="Tools" {...props.base} active="tools">
      <PageHeader title="Tools" description="What your agents can do besides talking: call your APIs, fetch pages, compute, run code." actions={actions} />
      <Notice code={props.notice} />
      <section class="section-first" aria-labelledby="own-tools">
        <div class="section-head">
          <h2 class="section-title" id="own-tools">
            Your tools
          </h2>
          <p class="muted">
            {props.tools.length} tool{props.tools.length === 1 ? '' : 's'}
          </p>
        </div>
        {props.tools.length ? (
          <div class="table-wrap card">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Tool</th>
                  <th scope="col" class="hide-sm">
                    Calls
                  </th>
                  <th scope="col" class="num hide-sm">
                    Agents
                  </th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.tools.map((t) => (
                  <tr>
                    <th scope="row" class="agent-cell">
                      <a class="row-link mono" href={toolHref(t.id)}>
                        {t.name}
                      </a>
                      <span class="agent-cell-description">{t.description}</span>
                    </th>
                    <td class="hide-sm">
                      <code class="endpoint">{endpoint(t)}</code>
                      {t.connectionId && <span class="cell-sub">via {props.connectionNames.get(t.connectionId) ?? 'a deleted connection'}</span>}
                    </td>
                    <td class="num hide-sm">{props.usage.get(t.id) ?? 0}</td>
                    <td class="actions">
                      <a class="btn btn-secondary btn-sm" href={toolHref(t.id)}>
                        <Icon name="play" />
                        Open<span class="sr-only"> {t.name}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <EmptyState
            icon="tools"
            title="No tools of your own yet"
            description="Describe one endpoint of your API as a tool, or import a whole OpenAPI spec at once."
            action={actions}
          />
        )}
      </section>
      <section class="section" aria-labelledby="builtin-tools">
        <div class="section-head">
          <h2 class="section-title" id="builtin-tools">
            Built-in tools
          </h2>
          <p class="muted">Ready for every agent; pick them in the agent builder.</p>
        </div>
        <ul class="tool-grid" role="list">
          {props.builtins.map((b) => (
            <li class="card tool-card">
              <div class="tool-card-head">
                <a class="mono row-link" href={toolHref(b.id)}>
                  {b.name}
                </a>
                {b.runtime === 'container' && <span class="badge">container runtime</span>}
              </div>
              <p class="tool-card-text">{b.description}</p>
            </li>
          ))}
        </ul>
      </section>
    </AppLayout>
  );
}
