// Conversations: creating one snapshots the agent version into its Durable Object, so turns never read D1.
import { attachmentsOf } from '../knowledge/chat-file-settings';
import { z } from 'zod';
import type { Who } from '../lib/actor';
import type { AgentConfig, AgentRow, ChatSessionRow, SessionFilter, TenantDb, ToolRow } from '../db/tenant-db';
import type { PageParams } from '../db/page';
import { newId } from '../db/ids';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import type { MessageJson } from '../llm/events';
import type { AgentSnapshot, ConnectionRef, KnowledgeRef, ToolSpec } from '../llm/snapshot';
import { searchKnowledgeSpec } from '../tools/builtins/search-knowledge';
import { builtinTool, isMcpConnectionRef } from '../tools/catalog';
import { WORKFLOW_TOOL_WAIT_S, isWorkflowRef, workflowToolName } from '../tools/workflow-tool';
import type { WorkflowDefinition } from '../schemas/workflows';
import { inputsJsonSchema } from './workflow-tool-schema';
import { isSessionId, sessionStub } from './session-stub';
import { iso } from '../lib/iso';
import type { SessionJson } from '../schemas/sessions';

/**
 * Metadata keys the platform writes itself: `draft`/`draft_key`/`base_version` mark the builder's test-panel
 * conversations (hidden from lists and monitoring), `via`/`parent_*`/`depth`/`embed_key_id`/`origin` say which entry
 * point made a session. A caller setting them could hide a conversation or pass it off as another entry point's.
 */
export const RESERVED_METADATA_KEYS = [
  'draft',
  'draft_key',
  'base_version',
  'via',
  'parent_session_id',
  'parent_agent_id',
  'depth',
  'embed_key_id',
  'origin',
] as const;

export const createSessionSchema = z.strictObject({
  variables: z.record(z.string(), z.string().max(2000)).optional(),
  metadata: z
    .record(z.string(), z.unknown())
    .refine((m) => JSON.stringify(m).length <= 4000, 'Keep metadata under 4 KB')
    .superRefine((m, ctx) => {
      for (const key of RESERVED_METADATA_KEYS) {
        if (key in m) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is reserved for sessions the platform makes; use another key` });
      }
    })
    .describe(`Your own key/value pairs (under 4 KB). Reserved, refused with 400: ${RESERVED_METADATA_KEYS.join(', ')}.`)
    .optional(),
});

async function connectionRef(db: TenantDb, id: string | null): Promise<ConnectionRef | null> {
  if (!id) return null;
  const c = await db.connections.get(id);
  return c ? { id: c.id, kind: c.kind, baseUrl: c.baseUrl, authType: c.authType, authMeta: c.authMeta } : null;
}

/** A workflow offered as a tool: its inputs are the parameters; the current version is pinned for the conversation. */
function workflowToolSpec(w: {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  version: number;
  definition: WorkflowDefinition;
}): ToolSpec {
  return {
    id: w.id,
    name: workflowToolName(w.slug),
    description: `${w.description?.trim() || `Run the ${w.name} workflow.`} Answers the workflow's output, or its run id if it is still running.`,
    kind: 'workflow',
    parameters: inputsJsonSchema(w.definition),
    config: { workflow_id: w.id, version: w.version, definition: w.definition, wait_seconds: WORKFLOW_TOOL_WAIT_S.default },
    connectionId: null,
  };
}

async function toolSpecs(db: TenantDb, ids: string[]): Promise<ToolSpec[]> {
  const mcpIds = ids.filter(isMcpConnectionRef);
  const workflowIds = ids.filter(isWorkflowRef);
  const [rows, workflows, ...mcpRows] = await Promise.all([
    db.tools.byIds(ids.filter((id) => !builtinTool(id) && !isMcpConnectionRef(id) && !isWorkflowRef(id))),
    Promise.all(workflowIds.map((id) => db.workflows.get(id))),
    ...mcpIds.map((id) => db.tools.byConnection(id)),
  ]);
  const spec = (r: ToolRow): ToolSpec => ({
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    parameters: r.parameters,
    config: r.config,
    connectionId: r.connectionId,
  });
  const specs = ids.flatMap((id): ToolSpec[] => {
    const b = builtinTool(id);
    if (b) return [{ id: b.id, name: b.name, description: b.description, kind: b.kind, parameters: b.parameters, config: {}, connectionId: null }];
    if (isMcpConnectionRef(id)) return (mcpRows[mcpIds.indexOf(id)] ?? []).filter((r) => r.kind === 'mcp').map(spec);
    if (isWorkflowRef(id)) {
      const w = workflows[workflowIds.indexOf(id)];
      return w ? [workflowToolSpec(w)] : [];
    }
    const r = rows.find((t) => t.id === id);
    return r ? [spec(r)] : [];
  });
  // A tool attached both alone and through its MCP connection is offered once.
  return specs.filter((t, i) => specs.findIndex((u) => u.id === t.id) === i);
}

export async function buildSnapshot(db: TenantDb, agent: AgentRow, sessionId: string, variables: Record<string, string>): Promise<AgentSnapshot> {
  return snapshotOf(db, { id: agent.id, version: agent.version, config: agent }, sessionId, variables);
}

/** A snapshot of any configuration of the agent: its saved version, or a draft from the builder (never saved). */
export async function snapshotOf(
  db: TenantDb,
  source: { id: string; version: number; config: AgentConfig },
  sessionId: string,
  variables: Record<string, string>,
): Promise<AgentSnapshot> {
  const agent = { ...source.config, id: source.id, version: source.version };
  const unknown = Object.keys(variables).filter((k) => !(k in agent.variables));
  if (unknown.length) {
    throw new AppError(
      'validation_failed',
      'Unknown session variables',
      unknown.map((k) => ({ path: `variables.${k}`, message: `The agent declares no variable "${k}"` })),
    );
  }
  // call_agent carries the agents this one may call: the runtime refuses any other (tools/builtins/call-agent.ts).
  const tools = (await toolSpecs(db, agent.toolIds)).map((t) =>
    t.kind === 'builtin' && t.name === 'call_agent' ? { ...t, config: { callable_agent_ids: agent.callableAgentIds ?? [] } } : t,
  );
  // Knowledge bases travel with the snapshot (model, connection), so a search reads no D1; a base deleted since the
  // agent was saved is left out.
  const bases = (await Promise.all((agent.knowledgeBaseIds ?? []).map((id) => db.knowledge.get(id)))).flatMap((b): KnowledgeRef[] =>
    b ? [{ id: b.id, name: b.name, embeddingModel: b.embeddingModel, connectionId: b.connectionId }] : [],
  );
  if (bases.length) tools.unshift(searchKnowledgeSpec(bases));
  const connIds = [...new Set([...tools.map((t) => t.connectionId), ...bases.map((b) => b.connectionId)].filter((x): x is string => !!x))];
  const [connection, ...toolConnections] = await Promise.all([connectionRef(db, agent.connectionId), ...connIds.map((id) => connectionRef(db, id))]);
  return {
    tenantId: db.tenantId,
    sessionId,
    agentId: agent.id,
    agentVersion: agent.version,
    name: agent.name,
    instructions: agent.instructions,
    model: agent.model,
    temperature: agent.temperature,
    maxSteps: agent.maxSteps,
    runtime: agent.runtime,
    variables: { ...agent.variables, ...variables },
    connection: connection ?? null,
    tools,
    toolConnections: toolConnections.filter((c): c is ConnectionRef => !!c),
    attachments: attachmentsOf(agent.attachments),
    ...(bases.length ? { knowledge: { retrieval: agent.knowledgeRetrieval ?? 'tool', bases } } : {}),
  };
}

/** Who may open the agent's conversations, as their objects keep it (durable-objects/session-access.ts). */
export const accessOf = (agent: AgentRow) => ({ private: agent.visibility === 'private', owner: agent.createdBy });

export async function createChatSession(env: Bindings, db: TenantDb, agent: AgentRow, input: z.infer<typeof createSessionSchema>, actor: Who) {
  const id = newId('session');
  const snapshot = await buildSnapshot(db, agent, id, input.variables ?? {});
  await sessionStub(env, db.tenantId, id).init(snapshot, accessOf(agent));
  return db.sessions.create({
    id,
    agentId: agent.id,
    agentVersion: agent.version,
    metadata: input.metadata ?? {},
    createdBy: actor.type === 'user' ? actor.id : null,
  });
}

/**
 * Where "New conversation" (or typing into an agent's empty chat) lands: the agent's newest conversation when it is
 * still empty, was started by the same person and runs the agent's current version, else a new one. So clicking
 * twice, or reloading, does not pile up empty conversations.
 */
export async function freshChatSession(env: Bindings, db: TenantDb, agent: AgentRow, actor: Who): Promise<ChatSessionRow> {
  const [newest] = await db.sessions.list({ limit: 1, cursor: null }, agent.id);
  const mine = newest && newest.createdBy === (actor.type === 'user' ? actor.id : null);
  if (newest && mine && newest.agentVersion === agent.version && newest.messageCount === 0) {
    // The count in D1 arrives through the queue: the conversation's own object knows for sure.
    const messages = await sessionStub(env, db.tenantId, newest.id).messages();
    if (messages && messages.length === 0) return newest;
  }
  return createChatSession(env, db, agent, {}, actor);
}

/**
 * A conversation with an unsaved draft of the agent (the builder's test panel): the draft is snapshotted into the
 * session's Durable Object like a version would be. Its metadata {draft: true, draft_key} hides it from the
 * conversation lists and lets the builder reuse it while the draft stays the same (`draftKey`).
 */
export async function createDraftSession(env: Bindings, db: TenantDb, agent: AgentRow, config: AgentConfig, actor: Who) {
  const id = newId('session');
  const snapshot = await snapshotOf(db, { id: agent.id, version: agent.version, config }, id, {});
  await sessionStub(env, db.tenantId, id).init(snapshot, accessOf(agent));
  const metadata = { draft: true, draft_key: await draftKey(config), base_version: agent.version };
  return db.sessions.create({ id, agentId: agent.id, agentVersion: agent.version, metadata, createdBy: actor.type === 'user' ? actor.id : null });
}

/** A short digest of a configuration: equal drafts share a test conversation, a changed one starts a new one. */
export async function draftKey(config: AgentConfig): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(config)));
  return [...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const isDraftSession = (s: ChatSessionRow) => s.metadata?.draft === true;

export async function getChatSession(db: TenantDb, id: string): Promise<ChatSessionRow> {
  const row = isSessionId(id) ? await db.sessions.get(id) : undefined;
  if (!row) throw notFound('Session');
  return row;
}

/** The conversation, or undefined when the id is malformed or not this tenant's (callers that fall back quietly). */
export async function findChatSession(db: TenantDb, id: string | undefined): Promise<ChatSessionRow | undefined> {
  return id && isSessionId(id) ? db.sessions.get(id) : undefined;
}

/** One page of conversations, newest first (limit + 1 rows), optionally of one agent. */
export async function listChatSessions(db: TenantDb, page: PageParams, agentId?: string, filter: SessionFilter = {}): Promise<ChatSessionRow[]> {
  return db.sessions.list(page, agentId, filter);
}

/** The agent's newest `n` conversations (the chat sidebar) and how many it has in all. */
export async function recentChatSessions(db: TenantDb, agentId: string, n: number): Promise<{ sessions: ChatSessionRow[]; total: number }> {
  const [rows, total] = await Promise.all([db.sessions.list({ limit: n, cursor: null }, agentId), db.sessions.count({}, agentId)]);
  return { sessions: rows.slice(0, n), total };
}

/**
 * A conversation's summary with what its own object knows now (title from its first message, count, last activity):
 * D1 catches up through the queue a moment after each turn, the sidebar should not wait for that.
 */
export function liveSessionJson(s: ChatSessionRow, messages: MessageJson[] | null) {
  const json = sessionJson(s);
  if (!messages?.length) return json;
  const first = messages.find((m) => m.role === 'user');
  return {
    ...json,
    title: json.title ?? (first ? first.content.replace(/\s+/g, ' ').trim().slice(0, 80) : null),
    message_count: messages.length,
    last_activity_at: messages[messages.length - 1]!.created_at,
  };
}

export function sessionJson(s: ChatSessionRow): SessionJson {
  return {
    id: s.id,
    agent_id: s.agentId,
    agent_version: s.agentVersion,
    title: s.title,
    metadata: s.metadata,
    status: s.status,
    message_count: s.messageCount,
    created_at: iso(s.createdAt),
    last_activity_at: iso(s.lastActivityAt),
  };
}
