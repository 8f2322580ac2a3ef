// Who made a change, and how the audit log hears of it: `actorOf(c)` names the request's caller (user or API key)
// and sends each audit entry through the EVENTS queue (queues/audit-events.ts), never waited on by the request.
import type { Context } from 'hono';
import type { AppEnv, Bindings } from '../env';
import { type AuditActor, type AuditEntry, recordAudit, sendAudit } from '../queues/audit-events';
import { clientIp } from './client-ip';

export type Actor = AuditActor & {
  ip?: string | null;
  /** The person acting (an API key acts as its creator); an agent's creator is that person. */
  userId?: string | null;
  /** Records one audit entry (in the caller's organization); call it once the change has succeeded. */
  audit: (entry: AuditEntry) => void;
};

/** The identity alone (who created a conversation, for example), for code that records nothing. */
export type Who = Pick<Actor, 'type' | 'id'> & { ip?: string | null };

export function actorOf(c: Context<AppEnv>): Actor {
  const auth = c.var.auth;
  const who: AuditActor = auth.kind === 'api_key' ? { type: 'api_key', id: auth.keyId } : { type: 'user', id: auth.userId };
  return { ...who, ip: clientIp(c), userId: auth.userId, audit: (entry) => recordAudit(c, entry) };
}

/**
 * An actor for requests without a signed-in caller (sign-up, sign-in, password reset): entries go to `tenantId`,
 * the one organization the change belongs to.
 */
export function actorFor(env: Bindings, waitUntil: (p: Promise<unknown>) => void, tenantId: string, who: AuditActor, ip: string | null): Actor {
  return {
    ...who,
    ip,
    userId: who.type === 'user' ? who.id : null,
    audit: (entry) => sendAudit(env, waitUntil, { tenant_id: tenantId, actor: who, ip, at: Date.now(), ...entry }),
  };
}
