/**
 * The audit log's write path: a change sends one event to the EVENTS queue (never awaited by the request that made
 * the change) and the consumer writes it to D1 (db/audit-writer.ts). Events never carry a secret: callers pass
 * configuration fields only, and `changes` is redacted again here as a second line of defence.
 */
import type { Context } from 'hono';
import type { AppEnv, Bindings } from '../env';
import { clientIp } from '../lib/client-ip';

export type AuditActor = { type: 'user' | 'api_key' | 'system'; id: string | null };
/** Configuration fields before and after; a secret is only ever said to have `changed`, never given. */
export type AuditChanges = Record<string, { before?: unknown; after?: unknown; changed?: true }>;

export type AuditEvent = {
  type: 'audit';
  tenant_id: string;
  actor: AuditActor;
  action: string;
  resource: { type: string; id: string | null };
  changes?: AuditChanges;
  ip: string | null;
  at: number;
};

export type AuditEntry = { action: string; resource: { type: string; id: string | null }; changes?: AuditChanges };

const SECRET_FIELD = /secret|password|token|credential|api_?key|authorization|private/i;

/** A queue message holds at most 128 KB: one value above this many characters is cut (text) or summarised. */
const MAX_VALUE_CHARS = 8_000;

function clip(v: unknown): unknown {
  if (typeof v === 'string') return v.length > MAX_VALUE_CHARS ? `${v.slice(0, MAX_VALUE_CHARS)}… (${v.length - MAX_VALUE_CHARS} more characters)` : v;
  if (v === undefined || v === null || typeof v !== 'object') return v;
  const n = JSON.stringify(v).length;
  return n > MAX_VALUE_CHARS ? `[too large to record: ${n} characters of JSON]` : v;
}

/** Drops any field whose name looks like a secret (the caller should never have passed one), and cuts huge values. */
export function redactChanges(changes: AuditChanges | undefined): AuditChanges | undefined {
  if (!changes) return undefined;
  const out: AuditChanges = {};
  for (const [k, v] of Object.entries(changes))
    out[k] = SECRET_FIELD.test(k)
      ? {
          ...(v.before === undefined ? {} : { before: '[redacted]' }),
          ...(v.after === undefined ? {} : { after: '[redacted]' }),
          ...(v.changed === true ? { changed: true as const } : {}),
        }
      : { ...v, ...(v.before === undefined ? {} : { before: clip(v.before) }), ...(v.after === undefined ? {} : { after: clip(v.after) }) };
  return out;
}

/** Sends one audit event; `waitUntil` keeps the send alive after the answer. */
export function sendAudit(env: Bindings, waitUntil: (p: Promise<unknown>) => void, e: Omit<AuditEvent, 'type'>): void {
  const body: AuditEvent = { type: 'audit', ...e, changes: redactChanges(e.changes) };
  waitUntil(
    env.EVENTS.send(body).catch((err) =>
      console.error(JSON.stringify({ level: 'error', msg: 'audit event not queued', action: e.action, error: String(err) })),
    ),
  );
}

/** Records a change made by the signed-in caller of this request (user or API key), in the caller's tenant. */
export function recordAudit(c: Context<AppEnv>, entry: AuditEntry, at = Date.now()): void {
  const auth = c.var.auth;
  const actor: AuditActor = auth.kind === 'api_key' ? { type: 'api_key', id: auth.keyId } : { type: 'user', id: auth.userId };
  sendAudit(c.env, (p) => c.executionCtx.waitUntil(p), { tenant_id: auth.tenantId, actor, ip: clientIp(c), at, ...entry });
}

export function isAuditEvent(v: unknown): v is AuditEvent {
  const b = v as Partial<AuditEvent> | null;
  return (
    !!b &&
    b.type === 'audit' &&
    typeof b.tenant_id === 'string' &&
    typeof b.action === 'string' &&
    typeof b.at === 'number' &&
    !!b.actor &&
    typeof b.actor.type === 'string' &&
    !!b.resource &&
    typeof b.resource.type === 'string'
  );
}
