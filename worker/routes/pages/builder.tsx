// The agent builder (/app/agents/:id): the form (save = a new version), the live variables preview, the model list
// of a connection, and the test panel that chats with the unsaved draft in a draft session (test-panel.tsx).
import { Hono, type Context } from 'hono';
import { ModelSuggestions } from '../../../views/components/agents/builder-model';
import { VariablesPanel } from '../../../views/components/agents/builder-variables';
import { AgentBuilderPage, type BuilderState } from '../../../views/pages/agent-builder-page';
import type { AgentRow, TenantDb } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { agentNames, editAgent, getAgent, updateAgent } from '../../services/agents';
import { VISIBILITIES, type Visibility } from '../../services/agent-access';
import { recordAudit } from '../../queues/audit-events';
import { rotateShareLink, shareLinkUrl } from '../../services/share-links';
import { listModels } from '../../services/connection-check';
import { allConnections } from '../../services/connections';
import { platformDefault } from '../../services/monitoring';
import { assertCan, can, permit } from '../../services/permissions';
import { AppError } from '../../errors';
import { allTools } from '../../services/tools';
import { listWorkflows } from '../../services/workflows';
import { listKnowledgeBases } from '../../services/knowledge-bases';
import { inputsJsonSchema } from '../../services/workflow-tool-schema';
import { workflowToolName } from '../../tools/workflow-tool';
import { BUILTIN_TOOLS } from '../../tools/catalog';
import { agentValues, builderErrorField, builderPatch, builderValues, type BuilderValues } from './support/agent-form';
import { fieldErrors, formBody, isoDay, layoutBase, text } from './support/page-helpers';

async function toolOptions(db: TenantDb) {
  const [tools, conns, workflows] = await Promise.all([allTools(db), allConnections(db), listWorkflows(db, { limit: 100, cursor: null })]);
  const names = new Map(conns.map((c) => [c.id, c.name]));
  return [
    ...BUILTIN_TOOLS.map((b) => ({
      id: b.id,
      name: b.name,
      description: b.description,
      group: b.kind === 'code' ? ('code' as const) : ('builtin' as const),
      parameters: b.parameters,
      href: `/app/tools/${b.id}`,
    })),
    ...tools.map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      group: 'own' as const,
      parameters: t.parameters,
      href: `/app/tools/${t.id}`,
      detail: t.connectionId ? `Calls through ${names.get(t.connectionId) ?? 'a deleted connection'}.` : undefined,
    })),
    ...conns
      .filter((c) => c.kind === 'mcp')
      .map((c) => ({
        id: c.id,
        name: c.name,
        description: `All tools of the MCP server at ${c.baseUrl}`,
        group: 'mcp' as const,
        href: `/app/connections/${c.id}`,
        detail: 'Discover its tools on the Connections page.',
      })),
    ...workflows.slice(0, 100).map((w) => ({
      id: w.id,
      name: workflowToolName(w.slug),
      description: w.description?.trim() || `Run the ${w.name} workflow.`,
      group: 'workflow' as const,
      parameters: inputsJsonSchema(w.definition),
      href: `/app/workflows/${w.id}`,
      detail: `Runs ${w.name} (the version current when a conversation starts) and waits up to 30 s for its output.`,
    })),
  ];
}

/** Renders the builder for `agent` with `state` (the saved values, or a draft that failed or was tested). */
export async function builderPage(
  c: Context<AppEnv>,
  agent: AgentRow,
  state: Partial<BuilderState> & { values: BuilderValues },
  status: 200 | 400 | 409 = 200,
) {
  const db = c.var.db;
  const [base, conns, tools, agents, bases] = await Promise.all([
    layoutBase(c),
    allConnections(db),
    toolOptions(db),
    agentNames(db),
    listKnowledgeBases(db, { limit: 100, cursor: null }),
  ]);
  const saved = Number(c.req.query('saved'));
  const origin = new URL(c.req.url).origin;
  const sharing = can(c.var.auth, 'agents:write')
    ? {
        visibility: agent.visibility,
        url: agent.visibility === 'link' ? (await shareLinkUrl(c.env.SESSION_SECRET, db, agent.id, origin)).url : null,
      }
    : undefined;
  return c.html(
    <AgentBuilderPage
      base={base}
      agent={{ id: agent.id, name: agent.name, model: agent.model, version: agent.version, description: agent.description }}
      state={{ errors: {}, test: { sessionId: '', messages: [] }, models: null, ...state }}
      connections={conns.filter((x) => x.kind === 'openai' || x.kind === 'openai_compatible').map((x) => ({ value: x.id, label: x.name }))}
      platformDefault={platformDefault(c.env)}
      tools={tools}
      agents={agents.filter((x) => x.id !== agent.id).map((x) => ({ value: x.id, label: x.name }))}
      knowledgeBases={bases.data.map((b) => ({ value: b.id, label: b.name }))}
      notice={c.req.query('notice')}
      saved={Number.isInteger(saved) && saved > 0 ? saved : null}
      today={isoDay(Date.now())}
      sharing={sharing}
    />,
    status,
  );
}

export const builderPages = new Hono<AppEnv>()
  .get('/agents/:id', permit('agents:read'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    return builderPage(c, agent, { values: agentValues(agent) });
  })
  .post('/agents/:id', permit('agents:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const values = builderValues(await formBody(c));
    try {
      const saved = await updateAgent(c.var.db, agent.id, builderPatch(values), actorOf(c));
      if (saved.version === agent.version) return c.redirect(`/app/agents/${encodeURIComponent(agent.id)}?notice=no_changes`, 303);
      return c.redirect(`/app/agents/${encodeURIComponent(agent.id)}?saved=${saved.version}`, 303);
    } catch (e) {
      const f = fieldErrors(e, builderErrorField);
      return builderPage(c, agent, { values, errors: f.errors, formError: Object.keys(f.errors).length ? 'The agent was not saved' : f.message }, 400);
    }
  })
  .post('/agents/:id/sharing', permit('agents:write'), async (c) => {
    const current = await getAgent(c.var.db, c.req.param('id'));
    const wanted = text(await formBody(c), 'visibility');
    if (!VISIBILITIES.includes(wanted as Visibility))
      throw new AppError('validation_failed', 'Choose who may see the agent', [{ path: 'visibility', message: 'is not a visibility' }]);
    const { agent, visibility } = await editAgent(c.var.db, current.id, { visibility: wanted as Visibility }, actorOf(c), c.env);
    if (visibility) recordAudit(c, { action: 'agent.visibility_change', resource: { type: 'agent', id: agent.id }, changes: { visibility } });
    return c.redirect(`/app/agents/${encodeURIComponent(agent.id)}?notice=${visibility ? 'sharing_saved' : 'no_changes'}#b-sharing`, 303);
  })
  .post('/agents/:id/sharing/rotate', permit('agents:write'), async (c) => {
    const id = c.req.param('id');
    await rotateShareLink(c.env.SESSION_SECRET, c.var.db, id, new URL(c.req.url).origin);
    recordAudit(c, { action: 'agent.share_link_rotate', resource: { type: 'agent', id } });
    return c.redirect(`/app/agents/${encodeURIComponent(id)}?notice=link_rotated#b-sharing`, 303);
  })
  .post('/agents/:id/preview', permit('agents:read'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const v = builderValues(await formBody(c));
    return c.html(<VariablesPanel instructions={v.instructions} variables={v.variables} agentName={v.name || agent.name} today={isoDay(Date.now())} />);
  })
  .get('/agents/:id/models', permit('connections:read'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const connectionId = c.req.query('connection_id') ?? '';
    const list = connectionId
      ? await listModels(c.var.db, c.env, connectionId).catch(() => ({ ok: false as const, message: 'the connection no longer exists' }))
      : null;
    return c.html(<ModelSuggestions modelsUrl={`/app/agents/${encodeURIComponent(agent.id)}/models`} connectionId={connectionId} list={list} />);
  });
