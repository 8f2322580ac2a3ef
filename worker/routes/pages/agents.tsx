// Agent pages (/app/agents): the list with search and filters (a fragment for htmx), "New agent" from a blank page
// or a template (the API helper imports its OpenAPI spec as tools in the same step), and delete with confirmation.
import { Hono, type Context } from 'hono';
import { ModelSuggestions } from '../../../views/components/agents/builder-model';
import { ConfirmDelete } from '../../../views/components/ui/confirm-delete';
import { AgentNewPage, type NewAgentValues } from '../../../views/pages/agent-new-page';
import { AgentResults, AgentsPage, type AgentFilters, type AgentRowView } from '../../../views/pages/agents-page';
import { ConfirmPage } from '../../../views/pages/connections-page';
import type { TenantDb } from '../../db/tenant-db';
import { pageParams, toPage } from '../../db/page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { privateNetworkAllowed } from '../../lib/outbound';
import { validate } from '../../lib/validate';
import { AGENT_TEMPLATES, agentTemplate } from '../../services/agent-templates';
import { createAgent, createAgentSchema, deleteAgent, getAgent, listAgents } from '../../services/agents';
import { listModels } from '../../services/connection-check';
import { DAY_MS, agentStatus, platformDefault, usageByAgent } from '../../services/monitoring';
import { allConnections } from '../../services/connections';
import { importOpenApi, importOpenApiSchema } from '../../services/openapi-import';
import { assertCan, can, permit } from '../../services/permissions';
import { DEFAULT_MODEL } from '../../services/starter-agent';
import { fieldErrors, formBody, layoutBase, redirectAfterPost, text, wantsFragment } from './support/page-helpers';

/** Agents per page of /app/agents (the "More agents" link shows the next ones). */
const AGENTS_PER_PAGE = 50;
const BLANK_INSTRUCTIONS = 'You are {{agent_name}}, a helpful assistant. Answer clearly and concisely.';

async function modelConnections(db: TenantDb) {
  const rows = await allConnections(db);
  return {
    models: rows.filter((c) => c.kind === 'openai' || c.kind === 'openai_compatible').map((c) => ({ value: c.id, label: c.name })),
    apis: rows.filter((c) => c.kind !== 'mcp' && c.baseUrl).map((c) => ({ value: c.id, label: `${c.name} (${c.baseUrl})` })),
    names: new Map(rows.map((c) => [c.id, c.name])),
  };
}

async function listPage(c: Context<AppEnv>) {
  const db = c.var.db;
  const f: AgentFilters = {
    q: (c.req.query('q') ?? '').trim().slice(0, 100),
    runtime: c.req.query('runtime') ?? '',
    connection: c.req.query('connection') ?? '',
  };
  const runtime = f.runtime === 'edge' || f.runtime === 'container' ? f.runtime : undefined;
  const connectionId = f.connection === 'default' ? null : f.connection.startsWith('con_') ? f.connection : undefined;
  const page = pageParams({ limit: String(AGENTS_PER_PAGE), cursor: c.req.query('cursor') });
  const [rows, usage, conns] = await Promise.all([
    listAgents(db, page, f.q || undefined, { runtime, connectionId }),
    usageByAgent(db, Date.now() - DAY_MS),
    modelConnections(db),
  ]);
  const listed = toPage(
    rows,
    page.limit,
    (a) => a.id,
    (a) => a,
  );
  const kept = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString();
  const pager = { next: listed.next_cursor, query: kept ? `?${kept}` : '' };
  const agents: AgentRowView[] = listed.data.map((a) => ({
    id: a.id,
    name: a.name,
    description: a.description,
    model: a.model,
    connection: a.connectionId ? (conns.names.get(a.connectionId) ?? 'Missing connection') : 'Platform default',
    tools: a.toolIds.length,
    runtime: a.runtime,
    version: a.version,
    status: agentStatus(c.env, a, usage.get(a.id) ?? { turns: 0, inputTokens: 0, outputTokens: 0, errors: 0, lastAt: null }),
    updatedAt: a.updatedAt,
  }));
  if (wantsFragment(c))
    return c.html(<AgentResults agents={agents} filtered={!!(f.q || f.runtime || f.connection)} canCreate={can(c.var.auth, 'agents:write')} {...pager} />);
  return c.html(<AgentsPage base={await layoutBase(c)} agents={agents} filters={f} connections={conns.models} notice={c.req.query('notice')} {...pager} />);
}

async function newPage(c: Context<AppEnv>, values: NewAgentValues, errors: Record<string, string> = {}, formError?: string, details?: string[]) {
  const [base, conns] = await Promise.all([layoutBase(c), modelConnections(c.var.db)]);
  return c.html(
    <AgentNewPage
      base={base}
      templates={AGENT_TEMPLATES}
      values={values}
      errors={errors}
      formError={formError}
      details={details}
      connections={conns.models}
      platformDefault={platformDefault(c.env)}
      toolConnections={conns.apis}
    />,
    formError || Object.keys(errors).length ? 400 : 200,
  );
}

async function confirmation(c: Context<AppEnv>, id: string) {
  const agent = await getAgent(c.var.db, id);
  const panel = (
    <ConfirmDelete
      id="confirm-panel"
      what="agent"
      name={agent.name}
      action={`/app/agents/${encodeURIComponent(agent.id)}/delete`}
      cancelHref={`/app/agents/${encodeURIComponent(agent.id)}`}
      csrfToken={c.var.auth.kind === 'session' ? c.var.auth.csrfToken : ''}
    />
  );
  if (wantsFragment(c)) return c.html(panel);
  return c.html(
    <ConfirmPage base={await layoutBase(c)} title={`Delete ${agent.name}`} section="agents">
      {panel}
    </ConfirmPage>,
  );
}

export const agentPages = new Hono<AppEnv>()
  .get('/agents', permit('agents:read'), listPage)
  .get('/agents/new', permit('agents:write'), async (c) => {
    const t = c.req.query('template') ?? 'blank';
    // Without a platform default the first model connection is the sensible start.
    const first = platformDefault(c.env) ? '' : ((await modelConnections(c.var.db)).models[0]?.value ?? '');
    return newPage(c, {
      template: t === 'blank' || agentTemplate(t) ? t : 'blank',
      name: '',
      connection_id: first,
      model: DEFAULT_MODEL,
      spec: '',
      prefix: '',
      spec_connection_id: '',
    });
  })
  // The model field for the chosen connection: its models as suggestions (free text stays allowed).
  .get('/agents/new/models', permit('connections:read'), async (c) => {
    const connectionId = c.req.query('connection_id') ?? '';
    const list = connectionId
      ? await listModels(c.var.db, c.env, connectionId).catch(() => ({ ok: false as const, message: 'the connection no longer exists' }))
      : null;
    return c.html(<ModelSuggestions modelsUrl="/app/agents/new/models" connectionId={connectionId} list={list} />);
  })
  .post('/agents/new', permit('agents:write'), async (c) => {
    const body = await formBody(c);
    const v: NewAgentValues = {
      template: text(body, 'template') || 'blank',
      name: text(body, 'name').trim(),
      connection_id: text(body, 'connection_id'),
      model: text(body, 'model').trim(),
      spec: text(body, 'spec'),
      prefix: text(body, 'prefix').trim(),
      spec_connection_id: text(body, 'spec_connection_id'),
    };
    const template = agentTemplate(v.template);
    const base = template?.agent ?? { name: 'New agent', instructions: BLANK_INSTRUCTIONS };
    try {
      const input = validate(createAgentSchema, {
        ...base,
        name: v.name || base.name,
        model: v.model,
        ...(v.connection_id ? { connection_id: v.connection_id } : {}),
      });
      if (template?.needs === 'openapi' && v.spec.trim()) {
        const spec = validate(importOpenApiSchema, {
          spec: v.spec,
          ...(v.spec_connection_id ? { connection_id: v.spec_connection_id } : {}),
          ...(v.prefix ? { prefix: v.prefix } : {}),
        });
        const imported = await importOpenApi(c.var.db, spec, actorOf(c), privateNetworkAllowed(c.env)).catch((e) => {
          // The spec's problems belong to the spec field, whatever path the importer reports.
          if (e instanceof AppError && e.status < 500)
            throw new AppError(e.code, e.message, [
              { path: 'spec', message: e.message },
              ...(e.details ?? []).map((d) => ({ path: 'spec_detail', message: d.message })),
            ]);
          throw e;
        });
        input.tool_ids = [...input.tool_ids, ...imported.tools.map((t) => t.id)].slice(0, 32);
      }
      const agent = await createAgent(c.var.db, input, actorOf(c), c.env);
      return redirectAfterPost(c, `/app/agents/${encodeURIComponent(agent.id)}?notice=agent_created`);
    } catch (e) {
      const f = fieldErrors(e, (p) => (p === 'connection_id' ? 'connection_id' : p.split('.')[0]!));
      const details =
        e instanceof AppError
          ? (e.details ?? [])
              .filter((d) => d.path === 'spec_detail')
              .map((d) => d.message)
              .slice(0, 10)
          : [];
      const known = ['name', 'model', 'connection_id', 'spec', 'prefix', 'spec_connection_id'];
      return newPage(c, v, f.errors, Object.keys(f.errors).some((k) => known.includes(k)) && !details.length ? undefined : f.message, details);
    }
  })
  .get('/agents/:id/delete', permit('agents:write'), (c) => confirmation(c, c.req.param('id')))
  .post('/agents/:id/delete', permit('agents:write'), async (c) => {
    await deleteAgent(c.env, c.var.db, c.req.param('id'), actorOf(c));
    return redirectAfterPost(c, '/app/agents?notice=agent_deleted');
  });
