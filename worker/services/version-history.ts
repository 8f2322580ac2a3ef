// The version history page's reads: one page of an agent's versions, the chosen version and the one before it, and
// the names of the connections and tools the diff mentions.
import type { PageParams } from '../db/page';
import type { AgentRow, TenantDb } from '../db/tenant-db';
import { notFound } from '../errors';
import { allConnections } from './connections';
import { allTools } from './tools';

/** `selected` must be a version of `agent` (1..agent.version); 404 when it is missing. */
export async function versionHistory(db: TenantDb, agent: AgentRow, page: PageParams, selected: number) {
  const [rows, sel, before, conns, tools] = await Promise.all([
    db.agents.listVersions(agent.id, page),
    db.agents.getVersion(agent.id, selected),
    selected > 1 ? db.agents.getVersion(agent.id, selected - 1) : Promise.resolve(undefined),
    allConnections(db),
    allTools(db),
  ]);
  if (!sel) throw notFound(`Version ${selected}`);
  const names = new Map<string, string>([...conns.map((x) => [x.id, x.name] as const), ...tools.map((t) => [t.id, t.name] as const)]);
  return { rows, sel, before, names };
}
