// Per-agent visibility, the one rule (ARCHITECTURE.md, Access control): who sees and uses which agent. Private agents
// belong to their creator; admins and owners see every agent; team, link and public agents are the whole team's.
// Everything else applies it: the tenant handle of a signed-in request reads only the agents (and their
// conversations, usage and embed keys) its caller may see (db/repos/agent-viewer.ts mirrors `maySeeAgent` in SQL),
// and cached agents (agent-resolver.ts) are checked with `maySeeAgent` on fields already in memory.
import type { AgentViewer } from '../db/tenant-db';
import type { Auth } from '../env';
import { roleAtLeast } from './permissions';

export type Visibility = 'private' | 'team' | 'link' | 'public';
export const VISIBILITIES: readonly Visibility[] = ['private', 'team', 'link', 'public'];

/** The caller's view: admins and owners see every agent; others see all but the private agents of other people. API keys act as their creator. */
export function agentViewerOf(auth: Pick<Auth, 'role' | 'userId'>): AgentViewer {
  return roleAtLeast(auth.role, 'admin') ? { all: true } : { all: false, userId: auth.userId };
}

/** May the viewer see (and so use) the agent? The same rule as the SQL of db/repos/agent-viewer.ts. */
export function maySeeAgent(v: AgentViewer, agent: { visibility: Visibility; createdBy: string | null }): boolean {
  return v.all || agent.visibility !== 'private' || (agent.createdBy !== null && agent.createdBy === v.userId);
}

/**
 * call_agent: may agent `caller` reach agent `callee`? The caller's visibility applies: a private agent is reached
 * only from a private agent of the same creator, so no one reaches it through another agent who could not open it
 * (a team agent's users are the whole team). Non-private agents are reachable from any agent allowed to call them.
 */
export function mayCallAgent(
  caller: { visibility: Visibility; createdBy: string | null },
  callee: { visibility: Visibility; createdBy: string | null },
): boolean {
  if (callee.visibility !== 'private') return true;
  return caller.visibility === 'private' && callee.createdBy !== null && caller.createdBy === callee.createdBy;
}
