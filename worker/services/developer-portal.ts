// The developer portal's reads: the active API keys, the agents to show snippets for (one chosen), that agent's
// first embed key, and the newest API requests.
import type { TenantDb } from '../db/tenant-db';
import { agentNames } from './agents';
import { activeApiKeys } from './api-keys';

/** Everything /app/developers shows; `wantedAgent` picks the agent of the snippets (else the newest). */
export async function developerPortal(db: TenantDb, wantedAgent: string | undefined, logRows: number) {
  const [keys, agents, requests] = await Promise.all([activeApiKeys(db), agentNames(db), db.apiRequests.recent(logRows)]);
  const chosen = agents.find((a) => a.id === wantedAgent) ?? agents[0];
  const [agent, embed] = chosen ? await Promise.all([db.agents.get(chosen.id), db.embedKeys.list(chosen.id).then((k) => k[0])]) : [undefined, undefined];
  return { keys, agents, agent, embed, requests };
}
