// The audit log page (/app/settings/audit, admins and owners): the same filters and pages as GET /api/v1/audit-log;
// a bad filter shows its message instead of entries.
import { Hono } from 'hono';
import { AuditPage, type AuditFilters } from '../../../views/pages/audit-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import type { AuditLogJson } from '../../schemas/audit';
import { auditActors, listAuditLog, parseAuditQuery } from '../../services/audit-log';
import { permit } from '../../services/permissions';
import { layoutBase } from './support/page-helpers';

export const auditPages = new Hono<AppEnv>().get('/settings/audit', permit('audit:read'), async (c) => {
  const q = c.req.query();
  const filters: AuditFilters = {
    actor: (q.actor ?? '').slice(0, 40),
    action: (q.action ?? '').slice(0, 100),
    resource_type: (q.resource_type ?? '').slice(0, 40),
    since: (q.since ?? '').slice(0, 40),
    until: (q.until ?? '').slice(0, 40),
  };
  let page: AuditLogJson = { data: [], next_cursor: null };
  let error: string | undefined;
  try {
    page = await listAuditLog(c.var.db, parseAuditQuery({ ...filters, cursor: q.cursor, limit: '50' }));
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 400) throw e;
    error = `${e.message}: ${(e.details ?? []).map((d) => `${d.path} ${d.message}`).join('; ')}`;
  }
  const [base, actors] = await Promise.all([layoutBase(c), auditActors(c.var.db)]);
  c.header('Cache-Control', 'no-store');
  return c.html(<AuditPage base={base} filters={filters} actors={actors} entries={page.data} next={page.next_cursor} error={error} />, error ? 400 : 200);
});
