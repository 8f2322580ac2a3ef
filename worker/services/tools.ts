// Tool domain logic: field and per-kind validation, unique names, delete while in use, the API shape (API.md).
import { z } from 'zod';
import type { TenantDb, ToolRow, ToolValues } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import { auditToolCreate, auditToolDelete, auditToolUpdate } from './tool-audit';
import type { PageParams } from '../db/page';
import { AppError, type ErrorDetail, notFound } from '../errors';
import { checkOutboundUrl } from '../lib/ssrf';
import { BUILTIN_TOOLS, builtinTool } from '../tools/catalog';
import type { BuiltinTool } from '../tools/types';
import { sameOrigin } from '../tools/connection-auth';
import { httpConfigSchema, placeholders } from '../tools/http-request';
import { parametersProblem } from '../tools/json-schema';
import { zodDetails } from '../lib/validate';
import { iso } from '../lib/iso';
import type { ToolJson } from '../schemas/tools';
import { configOf } from './agents';

export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const name = z.string().trim().regex(TOOL_NAME, 'Use 1-64 letters, digits, _ or - (the model calls the tool by this name)');
const description = z.string().trim().min(1, 'Describe what the tool does: the model reads it to decide when to call it').max(1024);
const parameters = z.record(z.string(), z.unknown());
const config = z.record(z.string(), z.unknown());

export const createToolSchema = z.strictObject({
  name,
  description,
  kind: z.enum(['http', 'builtin', 'mcp', 'code']),
  parameters: parameters.default({ type: 'object', properties: {} }),
  config: config.default({}),
  connection_id: z.string().max(64).nullable().optional(),
});

/** The kind is fixed once created; everything else may change. */
export const updateToolSchema = z.strictObject({ name, description, parameters, config, connection_id: z.string().max(64).nullable() }).partial();

const mcpConfigSchema = z.strictObject({ server_tool_name: z.string().min(1).max(200) });

/** Per-kind rules, all reported at once. `allowPrivate` is ALLOW_PRIVATE_NETWORK: a blocked URL fails early here. */
async function checkTool(db: TenantDb, v: ToolValues, allowPrivate: boolean, selfId?: string): Promise<ToolValues> {
  const details: ErrorDetail[] = [];
  if (v.kind === 'builtin') details.push({ path: 'kind', message: "Built-in tools already exist: put their ids (GET /api/v1/tools) in an agent's tool_ids" });
  if (v.kind === 'code')
    details.push({ path: 'kind', message: 'Custom code tools are not supported yet: use the built-in run_python, run_javascript or run_shell tools' });
  const problem = parametersProblem(v.parameters);
  if (problem) details.push({ path: 'parameters', message: problem });
  if (BUILTIN_TOOLS.some((b) => b.name === v.name)) details.push({ path: 'name', message: 'is the name of a built-in tool' });
  const conn = v.connectionId ? await db.connections.get(v.connectionId) : null;
  if (v.connectionId && !conn) details.push({ path: 'connection_id', message: 'No such connection' });
  let out = v;
  if (v.kind === 'http') {
    const r = httpConfigSchema.safeParse(v.config);
    if (!r.success) details.push(...zodDetails(r.error).map((d) => ({ ...d, path: `config.${d.path === '(body)' ? '' : d.path}`.replace(/\.$/, '') })));
    else {
      out = { ...v, config: r.data };
      const c = r.data;
      const absolute = /^https?:\/\//i.test(c.url);
      const props = (v.parameters.properties ?? {}) as Record<string, unknown>;
      if (conn?.kind === 'mcp') details.push({ path: 'connection_id', message: 'An http tool needs an http or OpenAI-style connection, not mcp' });
      if (!absolute && !c.url.startsWith('/'))
        details.push({ path: 'config.url', message: 'Use an absolute http(s) URL, or a path starting with / relative to the connection base_url' });
      if (!absolute && c.url.startsWith('/') && !conn?.baseUrl)
        details.push({ path: 'config.url', message: 'A relative URL needs a connection_id whose connection has a base_url' });
      if (absolute) {
        // Placeholders may fill the path and query, never the scheme or host: the model must not choose the server.
        const sample = c.url.replace(/\{[^{}]*\}/g, 'x');
        const origin = /^https?:\/\/[^/?#]*/i.exec(c.url)![0];
        if (origin.includes('{')) details.push({ path: 'config.url', message: 'Placeholders may only be in the path or query, not in the host' });
        else {
          const verdict = checkOutboundUrl(sample, allowPrivate);
          if (!verdict.ok) details.push({ path: 'config.url', message: verdict.reason });
          else if (conn?.baseUrl && !sameOrigin(sample, conn.baseUrl))
            details.push({
              path: 'config.url',
              message: `The URL is not on the connection's origin (${new URL(conn.baseUrl).origin}); its credential is only sent there`,
            });
        }
      }
      const used = [
        ...placeholders(c.url),
        ...Object.values(c.headers ?? {}).flatMap(placeholders),
        ...(c.query ?? []),
        ...(c.body_param ? [c.body_param] : []),
      ];
      for (const p of new Set(used))
        if (Object.keys(props).length && !(p in props))
          details.push({ path: 'config', message: `"${p}" is used by the request but is not in parameters.properties` });
    }
  }
  if (v.kind === 'mcp') {
    const r = mcpConfigSchema.safeParse(v.config);
    if (!r.success) details.push({ path: 'config.server_tool_name', message: "Give the MCP server's tool name" });
    if (!v.connectionId) details.push({ path: 'connection_id', message: 'An mcp tool needs its MCP connection' });
    else if (conn && conn.kind !== 'mcp') details.push({ path: 'connection_id', message: 'An mcp tool needs an mcp connection' });
  }
  if (details.length) throw new AppError('validation_failed', 'The tool is not valid', details);
  const holder = (await db.tools.namesTaken([v.name])).get(v.name);
  if (holder && holder.id !== selfId) throw nameTaken(v.name);
  return out;
}

const nameTaken = (n: string) => new AppError('conflict', `Another tool is already named "${n}"`, [{ path: 'name', message: 'is taken' }]);
const isUniqueViolation = (e: unknown) => String(e).includes('UNIQUE constraint failed');

export async function createTool(db: TenantDb, input: z.infer<typeof createToolSchema>, actor: Actor, allowPrivate: boolean): Promise<ToolRow> {
  const values = await checkTool(
    db,
    {
      name: input.name,
      description: input.description,
      kind: input.kind,
      parameters: input.parameters,
      config: input.config,
      connectionId: input.connection_id ?? null,
    },
    allowPrivate,
  );
  try {
    const row = await db.tools.create(values);
    auditToolCreate(actor, row, 'api');
    return row;
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(values.name);
    throw e;
  }
}

export type AnyTool = { row: ToolRow } | { builtin: BuiltinTool };

/** A tenant tool or a built-in one; another tenant's tool is 404. */
export async function getTool(db: TenantDb, id: string): Promise<AnyTool> {
  const b = builtinTool(id);
  if (b) return { builtin: b };
  const row = await db.tools.get(id);
  if (!row) throw notFound('Tool');
  return { row };
}

async function ownTool(db: TenantDb, id: string): Promise<ToolRow> {
  const t = await getTool(db, id);
  if ('builtin' in t) throw new AppError('bad_request', `${t.builtin.name} is a built-in tool: it cannot be changed or deleted`);
  return t.row;
}

export async function updateTool(db: TenantDb, id: string, patch: z.infer<typeof updateToolSchema>, actor: Actor, allowPrivate: boolean): Promise<ToolRow> {
  const current = await ownTool(db, id);
  const merged: ToolValues = {
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    kind: current.kind,
    parameters: patch.parameters ?? current.parameters,
    config: patch.config ?? current.config,
    connectionId: patch.connection_id !== undefined ? patch.connection_id : current.connectionId,
  };
  const values = await checkTool(db, merged, allowPrivate, current.id);
  try {
    const row = await db.tools.update(current.id, values);
    if (!row) throw notFound('Tool');
    auditToolUpdate(actor, current, row);
    return row;
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(values.name);
    throw e;
  }
}

/** Refuses (409) while agents use the tool, unless `force`: it is then removed from them (a new agent version). */
export async function deleteTool(db: TenantDb, id: string, force: boolean, actor: Actor): Promise<void> {
  const tool = await ownTool(db, id);
  const agentIds = await db.tools.agentsUsing(tool.id);
  if (agentIds.length && !force) {
    throw new AppError(
      'conflict',
      `This tool is used by ${agentIds.length} agent${agentIds.length > 1 ? 's' : ''}. Remove it from them first, or delete with ?force=true to remove it from them (each gets a new version).`,
    );
  }
  // Every agent leaves the tool, also those the caller cannot see (agent-access.ts): none may keep a dangling id.
  const every = db.everyAgent();
  for (const agentId of agentIds) {
    const a = await every.agents.get(agentId);
    if (!a) continue;
    // Straight to the repo: only the tool list changes, so the rest of the configuration is not re-validated.
    const toolIds = a.toolIds.filter((t) => t !== tool.id);
    const saved = await every.agents.update(a, { ...configOf(a), toolIds }, a.slug, actor);
    actor.audit({
      action: 'agent.update',
      resource: { type: 'agent', id: a.id },
      changes: { tool_ids: { before: a.toolIds, after: toolIds }, version: { before: a.version, after: saved.version } },
    });
  }
  if (!(await db.tools.remove(tool.id))) throw notFound('Tool');
  auditToolDelete(actor, tool, force && agentIds.length ? `deleted with force: removed from ${agentIds.length} agent(s)` : undefined);
}

export function toolJson(t: AnyTool | ToolRow): ToolJson {
  if ('builtin' in t) {
    const b = t.builtin;
    return {
      id: b.id,
      name: b.name,
      description: b.description,
      kind: b.kind,
      parameters: b.parameters,
      config: {},
      connection_id: null,
      builtin: true,
      runtime: b.runtime ?? 'edge',
      created_at: null,
      updated_at: null,
    };
  }
  const r = 'row' in t ? t.row : t;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    parameters: r.parameters,
    config: r.config,
    connection_id: r.connectionId,
    builtin: false,
    runtime: 'edge',
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

/** One page of the tenant's own tools, newest first (limit + 1 rows), optionally of one kind. */
export async function listTools(db: TenantDb, page: PageParams, kind?: ToolRow['kind']): Promise<ToolRow[]> {
  return db.tools.list(page, kind);
}

/** Every tool of the tenant, newest first (the Tools page and the builder's tool choices). */
export async function allTools(db: TenantDb): Promise<ToolRow[]> {
  return db.tools.all();
}

/** How many agents use each tool (and each MCP connection attached whole), by tool id. */
export async function toolUsageCounts(db: TenantDb): Promise<Map<string, number>> {
  return db.tools.usageCounts();
}

/** The agents whose current version uses the tool, by name. */
export async function agentsUsingTool(db: TenantDb, toolId: string): Promise<{ id: string; name: string }[]> {
  return db.agents.usingTool(toolId);
}
