// The developer portal's reads: the active API keys, the agents to show snippets for (one chosen), that agent's
// first embed key, and the newest API requests.
import type { TenantDb } from '../db/tenant-db';
import { allAgents } from './agents';
import { activeApiKeys } from './api-keys';

/** Everything /app/developers shows; `wantedAgent` picks the agent of the snippets (else the newest). */
export async function developerPortal(db: TenantDb, wantedAgent: string | undefined, logRows: number) {
  const [keys, agents, requests] = await Promise.all([activeApiKeys(db), allAgents(db), db.apiRequests.recent(logRows)]);
  const agent = agents.find((a) => a.id === wantedAgent) ?? agents[0];
  const embed = agent ? (await db.embedKeys.list(agent.id))[0] : undefined;
  return { keys, agents: agents.map((a) => ({ id: a.id, name: a.name })), agent, embed, requests };
}
