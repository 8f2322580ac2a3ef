// The audit log as admins read it (API.md, Teams and access): filters, pages newest first with the actors' names,
// and CSV. Entries are written by the EVENTS consumer (queues/audit-events.ts); they never hold a secret.
import { z } from 'zod';
import { isId } from '../db/ids';
import type { PageParams } from '../db/page';
import { pageParams, toPage } from '../db/page';
import type { AuditFilter, AuditRow, TenantDb } from '../db/tenant-db';
import { AppError, type ErrorDetail } from '../errors';
import { toCsv } from '../lib/csv';
import { iso } from '../lib/iso';
import type { AuditEntryJson, AuditLogJson } from '../schemas/audit';
import { members } from './organization';

/** CSV exports answer up to this many entries at once (newest first; X-Next-Cursor continues). */
export const CSV_MAX = 10_000;

const DAY = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-05-01` (the day's start, UTC) or an ISO date-time; `endOfDay` turns a bare date into the next day's start. */
function timeOf(raw: string, endOfDay: boolean): number | null {
  if (DATE_ONLY.test(raw)) {
    const t = Date.parse(`${raw}T00:00:00Z`);
    return Number.isNaN(t) ? null : endOfDay ? t + DAY : t;
  }
  if (!z.iso.datetime({ offset: true }).safeParse(raw).success) return null;
  return Date.parse(raw);
}

export type AuditQuery = { filter: AuditFilter; page: PageParams };

/**
 * Reads `?actor=&action=&resource_type=&since=&until=&cursor=&limit=`; every bad value is a 400 naming its field.
 * `action` ending with "." is a prefix (`agent.` = every agent action). `until` is exclusive; a bare date includes
 * that whole day. CSV may ask for up to CSV_MAX entries.
 */
export function parseAuditQuery(q: Record<string, string | undefined>, csv = false): AuditQuery {
  const details: ErrorDetail[] = [];
  const filter: AuditFilter = {};
  const val = (k: string) => (q[k] === undefined || q[k] === '' ? undefined : q[k]!.trim());
  const actor = val('actor');
  if (actor !== undefined) {
    if (isId('user', actor) || isId('apiKey', actor)) filter.actorId = actor;
    else details.push({ path: 'actor', message: 'must be a user id (usr_…) or an API key id (key_…)' });
  }
  const action = val('action');
  if (action !== undefined) {
    if (/^[a-z][a-z_]{0,39}\.$/.test(action)) filter.actionPrefix = action;
    else if (/^[a-z][a-z_]{0,39}\.[a-z][a-z_]{0,59}$/.test(action)) filter.action = action;
    else details.push({ path: 'action', message: 'must be an action like agent.update, or a prefix like agent.' });
  }
  const type = val('resource_type');
  if (type !== undefined) {
    if (/^[a-z][a-z_]{0,39}$/.test(type)) filter.resourceType = type;
    else details.push({ path: 'resource_type', message: 'must be a resource type like agent or connection' });
  }
  for (const [k, endOfDay] of [
    ['since', false],
    ['until', true],
  ] as const) {
    const raw = val(k);
    if (raw === undefined) continue;
    const t = timeOf(raw, endOfDay);
    if (t === null || t < 0 || t > 32503680000000) details.push({ path: k, message: 'must be a date (2026-05-01) or an ISO date-time' });
    else filter[k] = t;
  }
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) details.push({ path: 'until', message: 'must be after since' });
  const max = csv ? CSV_MAX : 100;
  const limit = q.limit === undefined || q.limit === '' ? (csv ? CSV_MAX : 20) : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) details.push({ path: 'limit', message: `must be an integer from 1 to ${max}` });
  let page: PageParams = { limit, cursor: null };
  try {
    page = { limit, cursor: pageParams({ cursor: q.cursor }).cursor };
  } catch (e) {
    if (e instanceof AppError) details.push(...(e.details ?? []));
    else throw e;
  }
  if (page.cursor !== null && !isId('audit', page.cursor)) details.push({ path: 'cursor', message: 'is not a cursor this API returned' });
  if (details.length) throw new AppError('validation_failed', 'Invalid audit log filters', details);
  return { filter, page };
}

/** Old entries (before the before/after format) kept their facts as plain data: shown as `after` values. */
function changesOf(data: Record<string, unknown> | null): AuditEntryJson['changes'] {
  if (!data) return undefined;
  if (data.changes && typeof data.changes === 'object') return data.changes as AuditEntryJson['changes'];
  const entries = Object.entries(data);
  return entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, { after: v }])) : undefined;
}

function entryJson(r: AuditRow, names: Map<string, string>): AuditEntryJson {
  const changes = changesOf(r.data);
  return {
    id: r.id,
    actor: { type: r.actorType, id: r.actorId, name: (r.actorId && names.get(r.actorId)) ?? null },
    action: r.action,
    resource: { type: r.targetType, id: r.targetId },
    ...(changes ? { changes } : {}),
    ...(r.ip ? { ip: r.ip } : {}),
    created_at: iso(r.createdAt),
  };
}

/** One page of entries, newest first, with the actors' names resolved. */
export async function listAuditLog(db: TenantDb, q: AuditQuery): Promise<AuditLogJson> {
  const rows = await db.audit.list(q.filter, q.page);
  const ids = (type: AuditRow['actorType']) => [...new Set(rows.filter((r) => r.actorType === type && r.actorId).map((r) => r.actorId!))];
  const names = await db.audit.actorNames(ids('user'), ids('api_key'));
  return toPage(
    rows,
    q.page.limit,
    (r) => r.id,
    (r) => entryJson(r, names),
  );
}

export const CSV_HEADER = ['created_at', 'actor_type', 'actor_id', 'actor_name', 'action', 'resource_type', 'resource_id', 'ip', 'changes'];

export function auditCsv(entries: AuditEntryJson[]): string {
  return toCsv(
    CSV_HEADER,
    entries.map((e) => [e.created_at, e.actor.type, e.actor.id, e.actor.name, e.action, e.resource.type, e.resource.id, e.ip, e.changes ?? '']),
  );
}

/** Who may appear in the person filter: the organization's members, then its API keys. */
export async function auditActors(db: TenantDb): Promise<{ id: string; label: string; kind: 'user' | 'api_key' }[]> {
  const people = (await members(db)).map((m) => ({ id: m.id, label: m.name ? `${m.name} (${m.email})` : m.email, kind: 'user' as const }));
  const keys = (await db.apiKeys.active()).map((k) => ({ id: k.id, label: `API key: ${k.name}`, kind: 'api_key' as const }));
  return [...people, ...keys];
}
