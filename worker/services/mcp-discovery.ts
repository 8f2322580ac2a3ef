// POST /api/v1/connections/:id/tools: lists an MCP connection's tools (tools/list) and creates or refreshes one
// `mcp` tool row per server tool (config {server_tool_name}), attachable to agents like any tool. Server tools that
// disappeared are deleted unless an agent still uses them (then they are kept and reported as stale).
import { openSecret, type SecretsEnv } from '../crypto/envelope';
import type { TenantDb, ToolRow, ToolValues } from '../db/tenant-db';
import type { Actor } from '../lib/actor';
import { auditToolDelete, auditToolCreate, auditToolUpdate } from './tool-audit';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { OutboundError } from '../lib/outbound';
import { slugify } from '../lib/slug';
import { BUILTIN_TOOLS } from '../tools/catalog';
import { redactAll } from '../tools/connection-auth';
import { parametersProblem } from '../tools/json-schema';
import { McpClient, McpError, type McpTool } from '../tools/mcp-client';
import { getConnection } from './connections';

const MAX_TOOLS = 200;
export type Discovery = { tools: ToolRow[]; created: string[]; updated: string[]; removed: string[]; stale: string[] };

const serverName = (t: ToolRow) => (typeof t.config.server_tool_name === 'string' ? t.config.server_tool_name : null);

function parametersOf(t: McpTool): Record<string, unknown> {
  const { $schema: _, ...schema } = t.inputSchema ?? {};
  return parametersProblem(schema) ? { type: 'object', properties: {} } : schema;
}

export async function discoverMcpTools(db: TenantDb, env: Bindings & SecretsEnv, id: string, actor: Actor): Promise<Discovery> {
  const conn = await getConnection(db, id);
  if (conn.kind !== 'mcp' || !conn.baseUrl) throw new AppError('bad_request', `Only MCP connections have tools to discover (this one is ${conn.kind})`);
  const secret = conn.authType === 'none' ? null : await openSecret(env, db.tenantId, conn.id);
  const client = new McpClient({ url: conn.baseUrl, conn, secret, env, timeoutMs: 20_000 });
  let listed: McpTool[];
  try {
    await client.initialize();
    listed = (await client.listTools()).slice(0, MAX_TOOLS);
  } catch (e) {
    if (e instanceof McpError || e instanceof OutboundError)
      throw new AppError('upstream_error', `The MCP server could not be listed: ${redactAll(e.message, [...client.redactions, ...(secret ? [secret] : [])])}`);
    throw e;
  } finally {
    await client.close();
  }

  const existing = (await db.tools.byConnection(conn.id)).filter((t) => t.kind === 'mcp');
  const prefix = slugify(conn.name, 'mcp').replace(/-/g, '_').slice(0, 20);
  const candidates = listed.flatMap((t) => [sanitize(t.name), `${prefix}_${sanitize(t.name)}`.slice(0, 64)]);
  const taken = new Set([...(await db.tools.namesTaken(candidates)).keys(), ...BUILTIN_TOOLS.map((b) => b.name)]);
  const out: Discovery = { tools: [], created: [], updated: [], removed: [], stale: [] };
  const toCreate: ToolValues[] = [];
  for (const t of listed) {
    const values = { description: (t.description || t.title || t.name).slice(0, 1024), parameters: parametersOf(t), config: { server_tool_name: t.name } };
    const row = existing.find((r) => serverName(r) === t.name);
    if (row) {
      if (JSON.stringify([row.description, row.parameters]) !== JSON.stringify([values.description, values.parameters])) {
        const saved = await db.tools.update(row.id, values);
        if (saved) auditToolUpdate(actor, row, saved);
        out.tools.push(saved ?? row);
        out.updated.push(row.name);
      } else out.tools.push(row);
      continue;
    }
    const name = freeName(sanitize(t.name), prefix, taken);
    taken.add(name);
    toCreate.push({ name, kind: 'mcp', connectionId: conn.id, ...values });
  }
  const created = await db.tools.createMany(toCreate);
  for (const row of created) auditToolCreate(actor, row, 'mcp_discovery');
  out.tools.push(...created);
  out.created.push(...created.map((r) => r.name));
  for (const row of existing.filter((r) => !listed.some((t) => t.name === serverName(r)))) {
    if ((await db.tools.agentsUsing(row.id)).length) out.stale.push(row.name);
    else if (await db.tools.remove(row.id)) {
      auditToolDelete(actor, row, 'gone from the MCP server');
      out.removed.push(row.name);
    }
  }
  return out;
}

const sanitize = (n: string) => n.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 64) || 'tool';

/** The server's name if free; else prefixed with the connection's name; else numbered. */
function freeName(name: string, prefix: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  const prefixed = `${prefix}_${name}`.slice(0, 64);
  if (!taken.has(prefixed)) return prefixed;
  for (let i = 2; ; i++) if (!taken.has(`${prefixed.slice(0, 60)}_${i}`)) return `${prefixed.slice(0, 60)}_${i}`;
}
