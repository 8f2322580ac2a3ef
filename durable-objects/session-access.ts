// Who may open a conversation: the per-agent visibility (worker/services/agent-access.ts) as the conversation's own
// object keeps it, so a turn checks it in memory, with no D1 query. The server sets it when the conversation is
// made and again whenever its agent becomes private or stops being private.
export const ACCESS_KEY = 'agent-access';

/** `private`: the agent is private; `owner`: its creator. */
export type AgentAccess = { private: boolean; owner: string | null };
/** The caller's view of the agents (the shape of db/repos/agent-viewer.ts's AgentViewer). */
export type SessionViewer = { all: true } | { all: false; userId: string | null };

/** The same rule as agent-access.ts `maySeeAgent`, on what the object holds. */
export function mayOpen(access: AgentAccess, viewer: SessionViewer): boolean {
  return viewer.all || !access.private || (access.owner !== null && access.owner === viewer.userId);
}
