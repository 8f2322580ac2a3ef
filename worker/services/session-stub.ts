// The server, never the client, decides which AgentSession a request reaches: `${tenantId}:${sessionId}`.
import type { Bindings } from '../env';
import { isId } from '../db/ids';
import type { AgentAccess } from '../../durable-objects/session-access';

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

/**
 * Removes the Durable Objects of conversations whose rows are gone (their agent was deleted): each object's
 * storage is deleted, so messages, chat, trace and cancel answer 404. A few at a time; one retry per object.
 */
export async function destroySessions(env: Bindings, tenantId: string, sessionIds: string[]): Promise<void> {
  const failed: string[] = [];
  for (let i = 0; i < sessionIds.length; i += 20) {
    const batch = sessionIds.slice(i, i + 20);
    const results = await Promise.allSettled(
      batch.map((id) =>
        sessionStub(env, tenantId, id)
          .destroy()
          .catch(() => sessionStub(env, tenantId, id).destroy()),
      ),
    );
    results.forEach((r, j) => r.status === 'rejected' && failed.push(batch[j]!));
  }
  if (failed.length) console.error(JSON.stringify({ level: 'error', msg: 'session objects not destroyed', tenant: tenantId, sessions: failed }));
}

/**
 * Tells each conversation of an agent who may open it now (its agent became private, or stopped being private), a
 * few at a time; one retry per object. A conversation that was never created has nothing to update.
 */
export async function tellSessions(env: Bindings, tenantId: string, sessionIds: string[], access: AgentAccess): Promise<void> {
  for (let i = 0; i < sessionIds.length; i += 20) {
    await Promise.all(
      sessionIds.slice(i, i + 20).map((id) =>
        sessionStub(env, tenantId, id)
          .setAccess(access)
          .catch(() => sessionStub(env, tenantId, id).setAccess(access)),
      ),
    );
  }
}
