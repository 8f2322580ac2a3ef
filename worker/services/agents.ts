// Agent domain logic: validation of a configuration against the tenant's resources, versions and the API shape.
import { assertCountLimit } from './quota';
import { z } from 'zod';
import type { AgentConfig, AgentRow, AgentVersionRow, TenantDb } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import { diffFields } from '../lib/audit-diff';
import { isId } from '../db/ids';
import type { PageParams } from '../db/page';
import type { AgentFilter } from '../db/repos/agents';
import { AppError, type ErrorDetail, notFound } from '../errors';
import { slugify, uniqueSlug } from '../lib/slug';
import { builtinTool, isMcpConnectionRef } from '../tools/catalog';
import { isWorkflowRef } from '../tools/workflow-tool';
import { unknownVariables } from './template';
import { destroySessions, tellSessions } from './session-stub';
import type { Bindings } from '../env';
import { iso } from '../lib/iso';
import type { AgentConfigJson, AgentJson, AgentVersionJson } from '../schemas/agents';
import { VISIBILITIES, type Visibility } from './agent-access';
import { newShareLink } from './share-token';
import { forgetShareLink } from './share-link-cache';
import { DEFAULT_ATTACHMENTS, attachmentSettings, attachmentsOf } from '../knowledge/chat-file-settings';

const variables = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Variable names use letters, digits and _'), z.string().max(2000))
  .refine((v) => Object.keys(v).length <= 50, 'At most 50 variables');

const fields = {
  name: z.string().trim().min(1, 'Name the agent').max(100),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and dashes')
    .max(64),
  description: z.string().trim().max(500).nullable(),
  instructions: z.string().max(20_000),
  model: z.string().trim().min(1, 'Choose a model').max(200),
  connection_id: z.string().max(64).nullable(),
  temperature: z.number().min(0).max(2).nullable(),
  max_steps: z.number().int().min(1).max(50),
  tool_ids: z
    .array(z.string().max(64))
    .max(32)
    .refine((a) => new Set(a).size === a.length, 'Tools must not repeat'),
  variables,
  runtime: z.enum(['edge', 'container']),
  /** Agents this one may ask through call_agent; any other is refused. */
  callable_agent_ids: z
    .array(z.string().max(64))
    .max(32)
    .refine((a) => new Set(a).size === a.length, 'Agents must not repeat'),
  attachments: attachmentSettings,
  /** Knowledge bases of the organization the agent searches (the search_knowledge tool); any other is a 400. */
  knowledge_base_ids: z
    .array(z.string().max(64))
    .max(10)
    .refine((a) => new Set(a).size === a.length, 'Knowledge bases must not repeat')
    .describe('Knowledge bases of the organization this agent searches: the built-in search_knowledge tool is added when there is one'),
  knowledge_retrieval: z
    .enum(['tool', 'always'])
    .describe(
      "tool: the model calls search_knowledge when it needs to; always: passages for the user's message are retrieved before every turn and given with it",
    ),
  /** Who sees and uses the agent (agent-access.ts); not part of a version. */
  visibility: z
    .enum(VISIBILITIES as [Visibility, ...Visibility[]])
    .describe(
      'private: its creator, admins and owners; team: everyone in the organization; link: the team, and anyone with the share URL may chat (GET …/share-link); public: like team for now (may be listed in the marketplace later).',
    ),
};

export const createAgentSchema = z.strictObject({
  ...fields,
  slug: fields.slug.optional(),
  description: fields.description.optional(),
  instructions: fields.instructions.default(''),
  connection_id: fields.connection_id.optional(),
  temperature: fields.temperature.optional(),
  max_steps: fields.max_steps.default(8),
  tool_ids: fields.tool_ids.default([]),
  variables: variables.default({}),
  runtime: fields.runtime.default('edge'),
  callable_agent_ids: fields.callable_agent_ids.default([]),
  attachments: attachmentSettings.optional(),
  knowledge_base_ids: fields.knowledge_base_ids.default([]),
  knowledge_retrieval: fields.knowledge_retrieval.default('tool'),
  visibility: fields.visibility.default('team'),
});

export const updateAgentSchema = z.strictObject(fields).partial();

type CreateInput = z.infer<typeof createAgentSchema>;
type UpdateInput = z.infer<typeof updateAgentSchema>;

/** Checks references and the template; every problem is reported at once, per field. `selfId`: the agent edited. */
async function checkConfig(db: TenantDb, config: AgentConfig, selfId?: string): Promise<void> {
  const details: ErrorDetail[] = [];
  const callable = config.callableAgentIds ?? [];
  const agentsFound = await db.agents.existing(callable.filter((id) => id !== selfId));
  callable.forEach((id, i) => {
    if (id === selfId) details.push({ path: `callable_agent_ids.${i}`, message: 'An agent cannot call itself' });
    else if (!agentsFound.has(id)) details.push({ path: `callable_agent_ids.${i}`, message: `No such agent: ${id}` });
  });
  const bases = await Promise.all(config.knowledgeBaseIds.map((id) => db.knowledge.get(id)));
  config.knowledgeBaseIds.forEach((id, i) => {
    // Another organization's base is "no such" here, like any id of another tenant.
    if (!bases[i]) details.push({ path: `knowledge_base_ids.${i}`, message: `No such knowledge base: ${id}` });
  });
  const unknown = unknownVariables(config.instructions, config.variables);
  if (unknown.length) {
    details.push({
      path: 'instructions',
      message: `Unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((v) => `{{${v}}}`).join(', ')}: add ${unknown.length > 1 ? 'them' : 'it'} to variables`,
    });
  }
  if (config.connectionId && !(await db.connections.get(config.connectionId))) {
    details.push({ path: 'connection_id', message: 'No such connection' });
  }
  // tool_ids holds tools, built-in tool ids, or whole MCP connections (`con_…`: every tool discovered on it).
  // Or workflows (`wfl_…`), offered as tools whose parameters are the workflow's inputs (tools/workflow-tool.ts).
  const mcpIds = config.toolIds.filter(isMcpConnectionRef);
  const workflowIds = config.toolIds.filter(isWorkflowRef);
  const custom = config.toolIds.filter((id) => !builtinTool(id) && !isMcpConnectionRef(id) && !isWorkflowRef(id));
  const [found, mcp, workflows] = await Promise.all([
    db.tools.existing(custom),
    Promise.all(mcpIds.map((id) => db.connections.get(id))),
    Promise.all(workflowIds.map((id) => db.workflows.get(id))),
  ]);
  config.toolIds.forEach((id, i) => {
    if (isWorkflowRef(id)) {
      if (!workflows[workflowIds.indexOf(id)]) details.push({ path: `tool_ids.${i}`, message: `No such workflow: ${id}` });
      return;
    }
    const builtin = builtinTool(id);
    if (isMcpConnectionRef(id)) {
      const c = mcp[mcpIds.indexOf(id)];
      if (!c) details.push({ path: `tool_ids.${i}`, message: `No such connection: ${id}` });
      else if (c.kind !== 'mcp') details.push({ path: `tool_ids.${i}`, message: `Only MCP connections can be attached as tools (${c.name} is ${c.kind})` });
      return;
    }
    if (!builtin && !found.has(id)) details.push({ path: `tool_ids.${i}`, message: `No such tool: ${id}` });
    if (builtin?.runtime === 'container' && config.runtime !== 'container') {
      details.push({ path: `tool_ids.${i}`, message: `${builtin.name} needs the container runtime` });
    }
  });
  if (details.length) throw new AppError('validation_failed', 'The agent configuration is not valid', details);
}

async function pickSlug(db: TenantDb, wanted: string | undefined, name: string, currentId?: string): Promise<string> {
  if (wanted) {
    const holder = await db.agents.getBySlug(wanted);
    if (holder && holder.id !== currentId) throw new AppError('conflict', 'Another agent already uses this slug', [{ path: 'slug', message: 'is taken' }]);
    return wanted;
  }
  const base = slugify(name, 'agent');
  return uniqueSlug(base, await db.agents.slugsLike(base));
}

const isUniqueViolation = (e: unknown) => String(e).includes('UNIQUE constraint failed');

/** The configuration fields the audit log compares, under their API names. */
type Audited = AgentConfig & { slug: string; visibility?: string };
const AUDITED: Record<string, (a: Audited) => unknown> = {
  name: (a) => a.name,
  slug: (a) => a.slug,
  description: (a) => a.description,
  instructions: (a) => a.instructions,
  model: (a) => a.model,
  connection_id: (a) => a.connectionId,
  temperature: (a) => a.temperature,
  max_steps: (a) => a.maxSteps,
  tool_ids: (a) => a.toolIds,
  variables: (a) => a.variables,
  runtime: (a) => a.runtime,
  callable_agent_ids: (a) => a.callableAgentIds,
  attachments: (a) => a.attachments,
  knowledge_base_ids: (a) => a.knowledgeBaseIds,
  knowledge_retrieval: (a) => a.knowledgeRetrieval,
  visibility: (a) => a.visibility,
};

/** The share-link columns for a visibility: a new link when the agent becomes `link`, none for any other. */
async function sharingFor(db: TenantDb, agentId: string, visibility: Visibility, env: Bindings) {
  if (visibility !== 'link') return { visibility, shareSalt: null, shareTokenHash: null };
  return { visibility, ...(await newShareLink(env.SESSION_SECRET, db.tenantId, agentId)) };
}

/**
 * Sets who sees and uses the agent. Leaving `link` kills its share link (and forgets it in this isolate at once);
 * becoming `link` makes a new one. Answers the agent as it is now; `before` is the visibility it had.
 */
export async function setVisibility(db: TenantDb, agent: AgentRow, visibility: Visibility, env: Bindings | undefined): Promise<AgentRow> {
  if (agent.visibility === visibility) return agent;
  if (!env) throw new Error('changing who sees an agent needs the bindings (share links, conversations)');
  const sharing = await sharingFor(db, agent.id, visibility, env);
  if (!(await db.agents.setSharing(agent.id, sharing))) throw notFound('Agent');
  if (agent.shareTokenHash) forgetShareLink(agent.shareTokenHash);
  // Its conversations check who opens them in their own objects (no D1 on a turn): tell them.
  if (visibility === 'private' || agent.visibility === 'private') {
    await tellSessions(env, db.tenantId, await db.sessions.idsOfAgent(agent.id), { private: visibility === 'private', owner: agent.createdBy });
  }
  return { ...agent, ...sharing };
}

/** `env`: needed for any visibility but `team` (share links, conversations). */
export async function createAgent(db: TenantDb, input: CreateInput, actor: Actor, env?: Bindings): Promise<AgentRow> {
  const config: AgentConfig = {
    name: input.name,
    description: input.description ?? null,
    instructions: input.instructions,
    model: input.model,
    connectionId: input.connection_id ?? null,
    temperature: input.temperature ?? null,
    maxSteps: input.max_steps,
    toolIds: input.tool_ids,
    variables: input.variables,
    runtime: input.runtime,
    callableAgentIds: input.callable_agent_ids,
    attachments: input.attachments ?? DEFAULT_ATTACHMENTS,
    knowledgeBaseIds: input.knowledge_base_ids,
    knowledgeRetrieval: input.knowledge_retrieval,
  };
  await checkConfig(db, config);
  if (env) await assertCountLimit(env, db, 'agents');
  const slug = await pickSlug(db, input.slug, input.name);
  try {
    const agent = await db.agents.create(config, slug, actor);
    const row = await setVisibility(db, agent, input.visibility, env);
    actor.audit({ action: 'agent.create', resource: { type: 'agent', id: row.id }, changes: diffFields(AUDITED, null, row) });
    return row;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', 'Another agent already uses this slug', [{ path: 'slug', message: 'is taken' }]);
    throw e;
  }
}

export async function getAgent(db: TenantDb, id: string): Promise<AgentRow> {
  const agent = await db.agents.get(id);
  if (!agent) throw notFound('Agent');
  return agent;
}

export function configOf(row: AgentRow | AgentVersionRow): AgentConfig {
  const { name, description, instructions, model, connectionId, temperature, maxSteps, toolIds, variables, runtime, callableAgentIds } = row;
  const { knowledgeBaseIds, knowledgeRetrieval } = row;
  return {
    name,
    description,
    instructions,
    model,
    connectionId,
    temperature,
    maxSteps,
    toolIds,
    variables,
    runtime,
    callableAgentIds,
    attachments: attachmentsOf(row.attachments),
    knowledgeBaseIds,
    knowledgeRetrieval,
  };
}

async function writeVersion(db: TenantDb, current: AgentRow, config: AgentConfig, slug: string, actor: Actor, restoredFrom?: number) {
  try {
    const row = await db.agents.update(current, config, slug, actor, restoredFrom ?? null);
    const changes = { ...diffFields(AUDITED, current, row), version: { before: current.version, after: row.version } };
    actor.audit({
      action: restoredFrom ? 'agent.version_restore' : 'agent.update',
      resource: { type: 'agent', id: current.id },
      changes: restoredFrom ? { ...changes, restored_from: { after: restoredFrom } } : changes,
    });
    return row;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', 'The agent changed while you were editing it; reload and try again');
    throw e;
  }
}

/** The agent's configuration with `patch` applied, validated against the tenant's resources; nothing is saved. */
export async function draftConfig(db: TenantDb, current: AgentRow, patch: Omit<UpdateInput, 'visibility'>): Promise<AgentConfig> {
  const base = configOf(current);
  const config: AgentConfig = {
    name: patch.name ?? base.name,
    description: patch.description !== undefined ? patch.description : base.description,
    instructions: patch.instructions ?? base.instructions,
    model: patch.model ?? base.model,
    connectionId: patch.connection_id !== undefined ? patch.connection_id : base.connectionId,
    temperature: patch.temperature !== undefined ? patch.temperature : base.temperature,
    maxSteps: patch.max_steps ?? base.maxSteps,
    toolIds: patch.tool_ids ?? base.toolIds,
    variables: patch.variables ?? base.variables,
    runtime: patch.runtime ?? base.runtime,
    callableAgentIds: patch.callable_agent_ids ?? base.callableAgentIds,
    attachments: patch.attachments ?? base.attachments,
    knowledgeBaseIds: patch.knowledge_base_ids ?? base.knowledgeBaseIds,
    knowledgeRetrieval: patch.knowledge_retrieval ?? base.knowledgeRetrieval,
  };
  await checkConfig(db, config, current.id);
  return config;
}

/** Whether two configurations are the same (variables compared by name, whatever their order). */
export function sameConfig(a: AgentConfig, b: AgentConfig): boolean {
  const canonical = (c: AgentConfig) => JSON.stringify({ ...c, variables: Object.entries(c.variables).sort(([x], [y]) => x.localeCompare(y)) });
  return canonical(a) === canonical(b);
}

/** Writes a new version, unless nothing changes: then the agent is answered as it is (no empty version). */
export async function updateAgent(db: TenantDb, id: string, patch: UpdateInput, actor: Actor, env?: Bindings): Promise<AgentRow> {
  return (await editAgent(db, id, patch, actor, env)).agent;
}

/**
 * updateAgent, also saying how the visibility changed (for the audit log). A visibility change alone writes no
 * version: sharing is not part of the configuration a conversation runs.
 */
export async function editAgent(
  db: TenantDb,
  id: string,
  patch: UpdateInput,
  actor: Actor,
  env?: Bindings,
): Promise<{ agent: AgentRow; visibility?: { before: Visibility; after: Visibility } }> {
  const current = await getAgent(db, id);
  const { visibility, ...rest } = patch;
  const config = await draftConfig(db, current, rest);
  const slug = rest.slug ? await pickSlug(db, rest.slug, config.name, id) : current.slug;
  let agent = slug === current.slug && sameConfig(config, configOf(current)) ? current : await writeVersion(db, current, config, slug, actor);
  if (!visibility || visibility === current.visibility) return { agent };
  agent = await setVisibility(db, agent, visibility, env);
  // Only public agents are listed in the marketplace: leaving `public` unpublishes the listing (issue 18).
  if (current.visibility === 'public') {
    const listingId = await db.listings.unpublishByAgent(agent.id);
    if (listingId)
      actor.audit({
        action: 'listing.unpublish',
        resource: { type: 'listing', id: listingId },
        changes: { status: { before: 'published', after: 'unpublished' } },
      });
  }
  return { agent, visibility: { before: current.visibility, after: visibility } };
}

/** Restoring writes a new version equal to version `n`, so history is never rewritten. */
export async function restoreVersion(db: TenantDb, id: string, n: number, actor: Actor): Promise<AgentRow> {
  const current = await getAgent(db, id);
  const old = await db.agents.getVersion(id, n);
  if (!old) throw notFound(`Version ${n}`);
  const config = configOf(old);
  await checkConfig(db, config, id);
  return writeVersion(db, current, config, current.slug, actor, n);
}

function configJson(c: AgentConfig): AgentConfigJson {
  return {
    name: c.name,
    description: c.description,
    instructions: c.instructions,
    model: c.model,
    connection_id: c.connectionId,
    temperature: c.temperature,
    max_steps: c.maxSteps,
    tool_ids: c.toolIds,
    variables: c.variables,
    runtime: c.runtime,
    callable_agent_ids: c.callableAgentIds,
    attachments: attachmentsOf(c.attachments),
    knowledge_base_ids: c.knowledgeBaseIds,
    knowledge_retrieval: c.knowledgeRetrieval,
  };
}

export function agentJson(a: AgentRow): AgentJson {
  return { id: a.id, slug: a.slug, version: a.version, ...configJson(a), visibility: a.visibility, created_at: iso(a.createdAt), updated_at: iso(a.updatedAt) };
}

export function versionJson(v: AgentVersionRow): AgentVersionJson {
  return { agent_id: v.agentId, version: v.version, ...configJson(v), restored_from: v.restoredFrom, created_by: v.createdBy, created_at: iso(v.createdAt) };
}

/**
 * Deletes the agent; its versions and conversations go with it: the rows in D1, then each conversation's Durable
 * Object storage (messages, trace), so every route of those conversations answers 404.
 */
export async function deleteAgent(env: Bindings, db: TenantDb, id: string, actor: Actor): Promise<void> {
  const agent = await getAgent(db, id);
  const removed = await db.agents.remove(agent.id);
  if (!removed.deleted) throw notFound('Agent');
  actor.audit({ action: 'agent.delete', resource: { type: 'agent', id: agent.id }, changes: { name: { before: agent.name } } });
  await Promise.all([destroySessions(env, db.tenantId, removed.sessionIds), db.search.removeSessions(removed.sessionIds)]);
}

/** One page of the tenant's agents, newest first (limit + 1 rows: the extra one says whether there is more). */
export async function listAgents(db: TenantDb, page: PageParams, q?: string, filter: AgentFilter = {}): Promise<AgentRow[]> {
  return db.agents.list(page, q, filter);
}

/** One page of an agent's versions, newest first; 404 when the agent is not this tenant's. */
export async function listAgentVersions(db: TenantDb, agentId: string, page: PageParams): Promise<AgentVersionRow[]> {
  const agent = await getAgent(db, agentId);
  return db.agents.listVersions(agent.id, page);
}

/** Every agent of the tenant, newest first (the /v1/models list, pickers). */
export async function allAgents(db: TenantDb): Promise<AgentRow[]> {
  return db.agents.all();
}

/** Id and name of every agent, newest first (pickers, and naming agents in logs). */
export async function agentNames(db: TenantDb): Promise<{ id: string; name: string }[]> {
  return db.agents.names();
}

/** The agent named by id or slug (slugs are matched case-insensitively), or undefined. */
export async function findAgentByRef(db: TenantDb, ref: string): Promise<AgentRow | undefined> {
  return isId('agent', ref) ? db.agents.get(ref) : db.agents.getBySlug(ref.toLowerCase());
}
