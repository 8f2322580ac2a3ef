// Freezing an agent for the marketplace (issue 18 §1): its configuration and its tools as definitions, WITHOUT
// connection ids, credentials or anything credential-like. A tool keeps its kind, name, description, arguments and
// the part of its configuration that describes the call (method, URL without credentials, non-secret headers); it
// names the hosts it reaches and the creator's connection by name and kind only, so an installer knows what to map.
import type { AgentRow, TenantDb, ToolRow } from '../db/tenant-db';
import type { ListingSnapshot } from '../db/tenant-db';
import { builtinTool, isMcpConnectionRef } from '../tools/catalog';
import { isWorkflowRef } from '../tools/workflow-tool';

type SnapshotTool = ListingSnapshot['tools'][number];

/** Names (of headers, query parameters, config keys) that carry credentials. */
const SECRET_NAME = /auth|token|secret|passw|pwd|api[-_]?key|apikey|access[-_]?key|cookie|session|signature|credential|bearer|private|x-api/i;
/** A value that looks like a credential: a long run of token characters (placeholders like {id} are not). */
const SECRET_VALUE = /[A-Za-z0-9_\-+/=.~]{24,}|^(sk|pk|rk|ghp|gho|xox[abp])[-_]/i;
/** Ids of the creator's resources never leave their organization. */
const RESOURCE_ID = /\b(con|tol|agt|key|emb|ten|usr|wfl)_[0-9a-z]{24}\b/;

const looksSecret = (value: string) => SECRET_VALUE.test(value.replace(/\{[^{}]*\}/g, '')) || RESOURCE_ID.test(value);

/** The URL without user info and without credential-like query parameters (relative paths stay as they are). */
export function cleanUrl(raw: string): string {
  const absolute = /^https?:\/\//i.test(raw);
  const [pathPart, ...rest] = raw.split('?');
  let base = pathPart!;
  if (absolute) base = base.replace(/^(https?:\/\/)[^/@]*@/i, '$1');
  if (!rest.length) return base;
  const query = rest
    .join('?')
    .split('&')
    .filter((pair) => {
      const [k = '', v = ''] = pair.split('=');
      return !SECRET_NAME.test(decodeURIComponentSafe(k)) && !looksSecret(decodeURIComponentSafe(v));
    });
  return query.length ? `${base}?${query.join('&')}` : base;
}

function decodeURIComponentSafe(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A tool's configuration without anything credential-like (deeply: any key or value that may be one goes). */
export function cleanConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (SECRET_NAME.test(k) || k === 'connection_id') continue;
    if (k === 'url' && typeof v === 'string') out.url = cleanUrl(v);
    else if (k === 'headers' && v && typeof v === 'object') {
      const headers: Record<string, string> = {};
      for (const [h, hv] of Object.entries(v as Record<string, unknown>)) {
        if (typeof hv !== 'string' || SECRET_NAME.test(h) || looksSecret(hv)) continue;
        headers[h] = hv;
      }
      if (Object.keys(headers).length) out.headers = headers;
    } else if (typeof v === 'string') {
      if (!looksSecret(v) || k === 'server_tool_name') out[k] = v;
    } else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x !== 'string' || !looksSecret(x));
    else if (v && typeof v === 'object') out[k] = cleanConfig(v as Record<string, unknown>);
    else out[k] = v;
  }
  return out;
}

function hostOf(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url.replace(/\{[^{}]*\}/g, 'x')).host;
  } catch {
    return null;
  }
}

/** The agent's current configuration and tools, frozen for a listing version. */
export async function freezeAgent(db: TenantDb, agent: AgentRow): Promise<ListingSnapshot> {
  const custom = agent.toolIds.filter((id) => !builtinTool(id) && !isMcpConnectionRef(id) && !isWorkflowRef(id));
  const mcpRefs = agent.toolIds.filter(isMcpConnectionRef);
  const rows = await db.tools.byIds(custom);
  const connIds = [...new Set([...rows.map((r) => r.connectionId).filter((x): x is string => !!x), ...mcpRefs])];
  const conns = new Map((await Promise.all(connIds.map((id) => db.connections.get(id)))).filter((c) => !!c).map((c) => [c!.id, c!]));
  const tools: SnapshotTool[] = [];
  for (const id of agent.toolIds) {
    const builtin = builtinTool(id);
    if (builtin) {
      tools.push({ name: builtin.id, kind: 'builtin', description: builtin.description, config: {}, reaches: [], connection: null });
      continue;
    }
    if (isMcpConnectionRef(id)) {
      // A whole MCP server: the installer attaches one of their own MCP connections in its place.
      const c = conns.get(id);
      if (!c) continue;
      const host = hostOf(c.baseUrl);
      tools.push({
        name: c.name,
        kind: 'mcp_server',
        description: `Every tool of the MCP server "${c.name}"`,
        config: {},
        reaches: host ? [host] : [],
        connection: { name: c.name, kind: c.kind },
      });
      continue;
    }
    if (isWorkflowRef(id)) continue; // a workflow is the creator's: not part of a listing
    const row = rows.find((r) => r.id === id);
    if (row) tools.push(toolOf(row, row.connectionId ? conns.get(row.connectionId) : undefined));
  }
  return {
    name: agent.name,
    description: agent.description,
    instructions: agent.instructions,
    model: agent.model,
    temperature: agent.temperature,
    max_steps: agent.maxSteps,
    variables: agent.variables,
    runtime: agent.runtime,
    tools,
    // knowledge_base_ids are dropped on purpose: the bases (and their documents) belong to the creator's organization,
    // so an installed copy starts with none and its installer attaches their own (listing-installs.ts).
  };
}

function toolOf(row: ToolRow, conn: { name: string; kind: string; baseUrl: string | null } | undefined): SnapshotTool {
  const config = cleanConfig(row.config);
  const url = typeof row.config.url === 'string' ? row.config.url : null;
  const host = hostOf(url) ?? hostOf(conn?.baseUrl);
  return {
    name: row.name,
    kind: row.kind,
    description: row.description,
    config,
    parameters: row.parameters,
    reaches: host ? [host] : [],
    connection: conn ? { name: conn.name, kind: conn.kind } : row.kind === 'mcp' ? { name: 'MCP server', kind: 'mcp' } : null,
  };
}

export function sameSnapshot(a: ListingSnapshot, b: ListingSnapshot): boolean {
  const canon = (s: ListingSnapshot) => JSON.stringify({ ...s, variables: Object.entries(s.variables).sort(([x], [y]) => x.localeCompare(y)) });
  return canon(a) === canon(b);
}
