// Audit rows are built here and written in the same D1 batch as the change they describe.
import { newId } from '../ids';
import type { Database } from '../client';
import { auditLog } from '../schema';

/** `userId`: the person acting (an API key acts as its creator); an agent's creator is that person. */
export type Actor = { type: 'user' | 'api_key' | 'system'; id: string | null; ip?: string | null; userId?: string | null };

export type AuditEntry = { action: string; targetType?: string; targetId?: string; data?: Record<string, unknown> };

export function auditInsert(db: Database, tenantId: string, actor: Actor, e: AuditEntry, now = Date.now()) {
  return db.insert(auditLog).values({
    id: newId('audit', now),
    tenantId,
    actorType: actor.type,
    actorId: actor.id,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    data: e.data ?? null,
    ip: actor.ip ?? null,
    createdAt: now,
  });
}
