// The server, never the client, decides which AgentSession a request reaches: `${tenantId}:${sessionId}`.
import type { Bindings } from '../env';
import { isId } from '../db/ids';

export function sessionStub(env: Bindings, tenantId: string, sessionId: string) {
  return env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${tenantId}:${sessionId}`));
}

/** Ids that are not ours cannot name a session; checking first avoids waking an object for them. */
export const isSessionId = (id: string) => isId('session', id);

/** Stateless completions of one agent go to a few AgentSession objects of its own (warm model client and secrets). */
export const COMPLETION_SHARDS = 4;

export function completionStub(env: Bindings, tenantId: string, agentId: string) {
  const shard = Math.floor(Math.random() * COMPLETION_SHARDS);
  return env.AGENT_SESSION.get(env.AGENT_SESSION.idFromName(`${tenantId}:completions:${agentId}:${shard}`));
}
