// Installing from the marketplace (issue 18 §3–5): a listing's frozen version is copied into the installer's
// organization as a NEW agent (visibility team) with NEW tool rows (same definitions, no connection, no secret), and
// a listing_installs row remembers where it came from. Tools that need a connection are mapped afterwards (the setup
// page, or PATCH /api/v1/tools/:id {connection_id}). When the listing offers a newer version, the installed copy may
// apply it: a new agent version, keeping the installer's connection mappings and variable values.
// A second install by the same organization makes a second copy (the answer lists the earlier ones).
import { DEFAULT_ATTACHMENTS } from '../knowledge/chat-file-settings';
import { z } from 'zod';
import { listingForInstall, listingNotesAfter, type ListingForInstall } from '../db/listing-install-lookup';
import { listingSnapshot, publishedListing } from '../db/marketplace-lookup';
import type { ListingSnapshot } from '../db/tenant-db';
import type { AgentConfig, AgentRow, ListingInstallRow, TenantDb, ToolRow, ToolValues } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError, notFound } from '../errors';
import type { Actor } from '../lib/actor';
import { slugify, uniqueSlug } from '../lib/slug';
import type { InstallAnswer, ListingUpdateJson } from '../schemas/listing-installs';
import { builtinTool, isMcpConnectionRef } from '../tools/catalog';
import { diffLines } from './agent-diff';
import { agentJson, getAgent, updateAgent } from './agents';
import { updateTool } from './tools';
import { installGate } from './listing-subscriptions';
import { assertCountLimit } from './quota';

export const installInput = z.strictObject({ name: z.string().trim().min(1).max(100).optional() });

/** A 402 whose answer carries the checkout `url` (API.md: a paid listing without a subscription). */
export class SubscriptionRequired extends AppError {
  constructor(readonly url: string) {
    super('subscription_required', 'This listing needs a subscription: complete the checkout at `url`, then install again', [
      { path: 'url', message: 'the checkout page' },
    ]);
  }
  override toJSON() {
    return { ...super.toJSON(), url: this.url };
  }
}

type Needed = InstallAnswer['needs_connections'][number];
type SnapTool = ListingSnapshot['tools'][number];

const TOOL_KINDS = new Set(['http', 'mcp']);

/** A tool name free in this organization: the listing's, or with `_2`, `_3`… (the model calls tools by name). */
function freeName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) {
    const n = `${name.slice(0, 60)}_${i}`;
    if (!taken.has(n)) return n;
  }
}

function toolValues(t: SnapTool, name: string): ToolValues {
  return {
    name,
    description: t.description || t.name,
    kind: t.kind as ToolValues['kind'],
    parameters: t.parameters ?? { type: 'object', properties: {} },
    config: t.config,
    connectionId: null,
  };
}

/** Whether an installed tool row is the copy of the listing's tool `name` (its name may carry a `_N` suffix). */
const copyOf = (row: ToolRow, name: string) => row.name === name || (row.name.startsWith(`${name}_`) && /^\d+$/.test(row.name.slice(name.length + 1)));

/** The tools of an installed agent that still need a connection. */
export async function neededConnections(db: TenantDb, agent: AgentRow, snapshot: ListingSnapshot): Promise<Needed[]> {
  const rows = await db.tools.byIds(agent.toolIds.filter((id) => !builtinTool(id) && !isMcpConnectionRef(id)));
  const attachedMcp = agent.toolIds.filter(isMcpConnectionRef).length;
  const out: Needed[] = [];
  let mcpServers = 0;
  for (const t of snapshot.tools) {
    if (!t.connection) continue;
    if (t.kind === 'mcp_server') {
      mcpServers++;
      if (mcpServers > attachedMcp) out.push({ tool_id: null, tool_name: t.name, kind: 'mcp_server', connection: t.connection });
      continue;
    }
    const row = rows.find((r) => copyOf(r, t.name));
    if (row && !row.connectionId) out.push({ tool_id: row.id, tool_name: row.name, kind: row.kind, connection: t.connection });
  }
  return out;
}

/**
 * POST /api/v1/marketplace/listings/:slug/install. 404 unless published; a paid listing without the installer's
 * subscription → SubscriptionRequired (402 with the checkout url); the agents quota applies.
 */
export async function installListing(
  env: Bindings,
  db: TenantDb,
  slug: string,
  input: z.infer<typeof installInput>,
  actor: Actor,
  origin: string,
): Promise<InstallAnswer> {
  const listing = await publishedListing(env, slug);
  if (!listing) throw notFound('Listing');
  const gate = await installGate(env, listing, { tenantId: db.tenantId, userId: actor.userId ?? null, origin });
  if (!gate.ok) throw new SubscriptionRequired(gate.url);
  const snapshot = await listingSnapshot(env, listing.id, listing.version);
  if (!snapshot) throw notFound('Listing version');
  await assertCountLimit(env, db, 'agents');

  const copies = snapshot.tools.filter((t) => TOOL_KINDS.has(t.kind));
  const taken = new Set((await db.tools.namesTaken(copies.map((t) => t.name))).keys());
  // Names with suffixes may be taken too: read every name this organization has that starts like one of them.
  const all = new Set((await db.tools.all()).map((r) => r.name));
  for (const n of all) taken.add(n);
  const values = copies.map((t) => {
    const name = freeName(t.name, taken);
    taken.add(name);
    return toolValues(t, name);
  });
  const rows = await db.tools.createMany(values);
  const toolIds: string[] = [];
  let i = 0;
  for (const t of snapshot.tools) {
    if (t.kind === 'builtin' && builtinTool(t.name)) toolIds.push(t.name);
    else if (TOOL_KINDS.has(t.kind)) toolIds.push(rows[i++]!.id);
  }
  const config: AgentConfig = {
    name: input.name ?? listing.title,
    description: snapshot.description ?? listing.tagline,
    instructions: snapshot.instructions,
    model: snapshot.model,
    connectionId: null,
    temperature: snapshot.temperature,
    maxSteps: snapshot.max_steps,
    toolIds,
    variables: snapshot.variables,
    runtime: snapshot.runtime,
    callableAgentIds: [],
    // The creator's knowledge bases stay in the creator's organization (never in a snapshot): the copy starts with none.
    knowledgeBaseIds: [],
    knowledgeRetrieval: 'tool',
    // Files in chat start off: the installer decides (a listing never carries the setting).
    attachments: DEFAULT_ATTACHMENTS,
  };
  const base = slugify(config.name, 'agent');
  const agent = await db.agents.create(config, uniqueSlug(base, await db.agents.slugsLike(base)), actor);
  const previous = await db.listingInstalls.ofListing(listing.id);
  const install = await db.listingInstalls.create({
    listingId: listing.id,
    agentId: agent.id,
    listingVersion: listing.version,
    createdBy: actor.userId ?? null,
    stripeSubscriptionId: gate.subscriptionId,
  });
  actor.audit({
    action: 'agent.create',
    resource: { type: 'agent', id: agent.id },
    changes: { name: { after: agent.name }, listing: { after: listing.slug } },
  });
  actor.audit({
    action: 'listing.install',
    resource: { type: 'listing_install', id: install.id },
    changes: { listing: { after: listing.slug }, agent_id: { after: agent.id }, listing_version: { after: listing.version } },
  });
  return {
    agent: agentJson(agent),
    install: installJson(install),
    needs_connections: await neededConnections(db, agent, snapshot),
    previous_installs: previous.map((p) => ({ agent_id: p.agentId, listing_version: p.listingVersion })),
  };
}

export function installJson(i: ListingInstallRow) {
  return { id: i.id, listing_id: i.listingId, listing_version: i.listingVersion, status: i.status };
}

/** The install an agent came from, or null (an agent of the organization's own). */
export async function installOf(db: TenantDb, agentId: string): Promise<ListingInstallRow | null> {
  return (await db.listingInstalls.byAgent(agentId)) ?? null;
}

/** The listing snapshot an installed agent runs (its install's version), for the setup page. */
export async function installedSnapshot(env: Bindings, install: ListingInstallRow): Promise<ListingSnapshot | undefined> {
  return listingSnapshot(env, install.listingId, install.listingVersion);
}

function toolDiff(before: ListingSnapshot, after: ListingSnapshot) {
  const b = new Map(before.tools.map((t) => [t.name, JSON.stringify(t)]));
  const a = new Map(after.tools.map((t) => [t.name, JSON.stringify(t)]));
  return {
    added: [...a.keys()].filter((n) => !b.has(n)),
    removed: [...b.keys()].filter((n) => !a.has(n)),
    changed: [...a.keys()].filter((n) => b.has(n) && b.get(n) !== a.get(n)),
  };
}

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function snapshotDiff(before: ListingSnapshot, after: ListingSnapshot): ListingUpdateJson['diff'] {
  const fields: ListingUpdateJson['diff']['fields'] = [];
  for (const [field, get] of [
    ['model', (s: ListingSnapshot) => s.model],
    ['temperature', (s: ListingSnapshot) => s.temperature],
    ['max_steps', (s: ListingSnapshot) => s.max_steps],
    ['runtime', (s: ListingSnapshot) => s.runtime],
    ['variables', (s: ListingSnapshot) => Object.keys(s.variables).sort().join(', ')],
  ] as const) {
    const x = show(get(before));
    const y = show(get(after));
    if (x !== y) fields.push({ field, before: x, after: y });
  }
  return { fields, instructions: diffLines(before.instructions, after.instructions), tools: toolDiff(before, after) };
}

const NO_DIFF: ListingUpdateJson['diff'] = { fields: [], instructions: [], tools: { added: [], removed: [], changed: [] } };

async function updateContext(env: Bindings, db: TenantDb, agentId: string) {
  const agent = await getAgent(db, agentId);
  const install = await db.listingInstalls.byAgent(agent.id);
  const listing = install ? await listingForInstall(env, install.listingId) : undefined;
  return { agent, install, listing };
}

/**
 * GET /api/v1/agents/:id/listing-update: whether the listing offers a newer version than the copy's, and what
 * changes. An agent of the organization's own answers `installed: false`.
 */
export async function listingUpdate(env: Bindings, db: TenantDb, agentId: string): Promise<ListingUpdateJson> {
  const { install, listing } = await updateContext(env, db, agentId);
  if (!install) return { available: false, installed: false, from: null, to: null, listing: null, notes: [], diff: NO_DIFF };
  return updateOffer(env, install, listing);
}

async function updateOffer(env: Bindings, install: ListingInstallRow, listing: ListingForInstall | undefined): Promise<ListingUpdateJson> {
  const from = install.listingVersion;
  const ref = { id: install.listingId, slug: listing?.slug ?? '', title: listing?.title ?? '' };
  const none: ListingUpdateJson = { available: false, installed: true, from, to: from, listing: ref, notes: [], diff: NO_DIFF };
  if (!listing || listing.status !== 'published' || listing.version <= from) return none;
  const [before, after, notes] = await Promise.all([
    listingSnapshot(env, listing.id, from),
    listingSnapshot(env, listing.id, listing.version),
    listingNotesAfter(env, listing.id, from),
  ]);
  if (!before || !after) return none;
  return { available: true, installed: true, from, to: listing.version, listing: ref, notes, diff: snapshotDiff(before, after) };
}

/** The update offer of an installed agent, or null when it is not an installed copy (pages). */
export async function updateOfferFor(env: Bindings, db: TenantDb, agentId: string): Promise<ListingUpdateJson | null> {
  const install = await db.listingInstalls.byAgent(agentId);
  if (!install) return null;
  return updateOffer(env, install, await listingForInstall(env, install.listingId));
}

/**
 * POST /api/v1/agents/:id/listing-update: copies the listing's current version into the installed agent as a new
 * agent version. Tools still in the listing keep their rows and the installer's connection; new ones get new rows
 * (unmapped); removed ones leave the agent. The installer's name, variable values and attached MCP servers stay.
 */
export async function applyListingUpdate(env: Bindings, db: TenantDb, agentId: string, actor: Actor): Promise<{ agent: AgentRow; update: ListingUpdateJson }> {
  const { agent, install, listing } = await updateContext(env, db, agentId);
  if (!install) throw new AppError('conflict', 'This agent was not installed from the marketplace: it has no listing to update from');
  const offer = await updateOffer(env, install, listing);
  if (!offer.available) throw new AppError('conflict', 'No update available: this agent already runs the listing’s current version');
  const snapshot = (await listingSnapshot(env, install.listingId, offer.to!))!;
  const current = await db.tools.byIds(agent.toolIds.filter((id) => !builtinTool(id) && !isMcpConnectionRef(id)));
  const taken = new Set((await db.tools.all()).map((r) => r.name));
  const toolIds: string[] = [];
  const creating: { index: number; values: ToolValues }[] = [];
  for (const t of snapshot.tools) {
    if (t.kind === 'builtin') {
      if (builtinTool(t.name)) toolIds.push(t.name);
      continue;
    }
    if (!TOOL_KINDS.has(t.kind)) continue;
    const row = current.find((r) => copyOf(r, t.name));
    if (row) {
      await db.tools.update(row.id, { description: t.description || t.name, parameters: t.parameters ?? row.parameters, config: t.config });
      toolIds.push(row.id);
    } else {
      const name = freeName(t.name, taken);
      taken.add(name);
      creating.push({ index: toolIds.length, values: toolValues(t, name) });
      toolIds.push('');
    }
  }
  const created = await db.tools.createMany(creating.map((c) => c.values));
  creating.forEach((c, i) => (toolIds[c.index] = created[i]!.id));
  toolIds.push(...agent.toolIds.filter(isMcpConnectionRef));
  const variables = Object.fromEntries(Object.entries(snapshot.variables).map(([k, v]) => [k, agent.variables[k] ?? v]));
  const config: AgentConfig = {
    name: agent.name,
    description: agent.description,
    instructions: snapshot.instructions,
    model: snapshot.model,
    connectionId: agent.connectionId,
    temperature: snapshot.temperature,
    maxSteps: snapshot.max_steps,
    toolIds,
    variables,
    runtime: snapshot.runtime,
    callableAgentIds: agent.callableAgentIds,
    // The installer's own knowledge settings are kept: a listing never carries the creator's bases.
    knowledgeBaseIds: agent.knowledgeBaseIds,
    knowledgeRetrieval: agent.knowledgeRetrieval,
    attachments: agent.attachments,
  };
  let saved: AgentRow;
  try {
    saved = await db.agents.update(agent, config, agent.slug, actor);
  } catch (e) {
    if (String(e).includes('UNIQUE constraint failed')) throw new AppError('conflict', 'The agent changed meanwhile; try again');
    throw e;
  }
  await db.listingInstalls.setVersion(install.id, offer.to!);
  actor.audit({
    action: 'agent.update',
    resource: { type: 'agent', id: agent.id },
    changes: { version: { before: agent.version, after: saved.version }, listing_version: { before: offer.from, after: offer.to } },
  });
  actor.audit({
    action: 'listing.install_update',
    resource: { type: 'listing_install', id: install.id },
    changes: { listing_version: { before: offer.from, after: offer.to } },
  });
  return { agent: saved, update: offer };
}

export type SetupItem = {
  tool_id: string | null;
  tool_name: string;
  kind: string;
  connection: { name: string; kind: string };
  options: { id: string; name: string }[];
  mapped: string | null;
};

/**
 * The setup page's data: every tool of the installed copy that needs a connection (mapped or not), with the
 * organization's connections of the kind it needs; whole MCP servers pair, in order, with the agent's attached MCP
 * connections. Null for an agent that was not installed.
 */
export async function setupData(env: Bindings, db: TenantDb, agentId: string) {
  const agent = await getAgent(db, agentId);
  const install = await db.listingInstalls.byAgent(agent.id);
  if (!install) return null;
  const [snapshot, listing, connections] = await Promise.all([
    listingSnapshot(env, install.listingId, install.listingVersion),
    listingForInstall(env, install.listingId),
    db.connections.all(),
  ]);
  const rows = await db.tools.byIds(agent.toolIds.filter((id) => !builtinTool(id) && !isMcpConnectionRef(id)));
  const attached = agent.toolIds.filter(isMcpConnectionRef);
  const fits = (kind: string) => connections.filter((c) => (kind === 'mcp' ? c.kind === 'mcp' : c.kind !== 'mcp')).map((c) => ({ id: c.id, name: c.name }));
  const items: SetupItem[] = [];
  let server = 0;
  for (const t of snapshot?.tools ?? []) {
    if (!t.connection) continue;
    if (t.kind === 'mcp_server') {
      items.push({ tool_id: null, tool_name: t.name, kind: t.kind, connection: t.connection, options: fits('mcp'), mapped: attached[server++] ?? null });
      continue;
    }
    const row = rows.find((r) => copyOf(r, t.name));
    if (row)
      items.push({
        tool_id: row.id,
        tool_name: row.name,
        kind: row.kind,
        connection: t.connection,
        options: fits(row.kind === 'mcp' ? 'mcp' : 'http'),
        mapped: row.connectionId,
      });
  }
  return { agent, install, listing: listing ? { slug: listing.slug, title: listing.title } : null, items };
}

/**
 * Saves the setup page: each tool gets the chosen connection (validated as PATCH /api/v1/tools/:id does); the chosen
 * MCP connections replace the agent's attached MCP servers (a new agent version when they change).
 */
export async function saveSetup(
  env: Bindings,
  db: TenantDb,
  agentId: string,
  choices: { tool: string; connection: string | null }[],
  actor: Actor,
  allowPrivate: boolean,
): Promise<void> {
  const data = await setupData(env, db, agentId);
  if (!data) throw new AppError('conflict', 'This agent was not installed from the marketplace');
  const servers: string[] = [];
  for (const ch of choices) {
    if (ch.tool.startsWith('mcp:')) {
      if (ch.connection) servers.push(ch.connection);
      continue;
    }
    const item = data.items.find((i) => i.tool_id === ch.tool);
    if (!item || item.mapped === ch.connection) continue;
    await updateTool(db, ch.tool, { connection_id: ch.connection }, actor, allowPrivate);
  }
  if (data.items.some((i) => i.kind === 'mcp_server')) {
    const others = data.agent.toolIds.filter((id) => !isMcpConnectionRef(id));
    await updateAgent(db, data.agent.id, { tool_ids: [...others, ...new Set(servers)] }, actor, env);
  }
}
