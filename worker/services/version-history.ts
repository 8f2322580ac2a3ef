// The version history page's reads: one page of an agent's versions, the chosen version and the one before it, and
// the names of the connections and tools the diff between them mentions.
import type { PageParams } from '../db/page';
import type { AgentRow, TenantDb } from '../db/tenant-db';
import { notFound } from '../errors';

/** `selected` must be a version of `agent` (1..agent.version); 404 when it is missing. */
export async function versionHistory(db: TenantDb, agent: AgentRow, page: PageParams, selected: number) {
  const [rows, sel, before] = await Promise.all([
    db.agents.listVersions(agent.id, page),
    db.agents.getVersion(agent.id, selected),
    selected > 1 ? db.agents.getVersion(agent.id, selected - 1) : Promise.resolve(undefined),
  ]);
  if (!sel) throw notFound(`Version ${selected}`);
  const mentioned = [...new Set([sel, before].flatMap((v) => (v ? [...v.toolIds, ...(v.connectionId ? [v.connectionId] : [])] : [])))];
  const [conns, tools] = await Promise.all([
    db.connections.names(mentioned.filter((id) => id.startsWith('con_'))),
    db.tools.names(mentioned.filter((id) => id.startsWith('tol_'))),
  ]);
  return { rows, sel, before, names: new Map([...conns, ...tools]) };
}
