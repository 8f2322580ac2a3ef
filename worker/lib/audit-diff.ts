// Before/after of configuration fields for the audit log: only the fields that changed, under their API names.
import type { AuditChanges } from '../queues/audit-events';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * `fields` maps an API field name to how to read it from a row; only fields whose values differ are kept. Without a
 * `before` (a creation) every field is an `after`; without an `after` (a deletion) every field is a `before`.
 */
export function diffFields<T>(fields: Record<string, (row: T) => unknown>, before: T | null, after: T | null): AuditChanges | undefined {
  const out: AuditChanges = {};
  for (const [name, read] of Object.entries(fields)) {
    const b = before ? read(before) : undefined;
    const a = after ? read(after) : undefined;
    if (before && after && same(a, b)) continue;
    if (!before && (a === undefined || a === null)) continue;
    out[name] = before && after ? { before: b ?? null, after: a ?? null } : before ? { before: b ?? null } : { after: a ?? null };
  }
  return Object.keys(out).length ? out : undefined;
}
