// Audit log (API.md, Teams and access): GET /api/v1/audit-log, filtered, newest first; `Accept: text/csv` for CSV.
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { requireAuth } from '../../middleware/auth';
import { auditCsv, listAuditLog, parseAuditQuery } from '../../services/audit-log';
import { permit } from '../../services/permissions';

/** Whether the caller asked for CSV (`Accept: text/csv`, or `?format=csv` for a plain download link). */
export const wantsCsv = (accept: string | undefined, format: string | undefined) => format === 'csv' || /(^|,)\s*text\/csv\b/i.test(accept ?? '');

export const auditLogRoutes = new Hono<AppEnv>().use(requireAuth()).get('/', permit('audit:read'), async (c) => {
  const csv = wantsCsv(c.req.header('accept'), c.req.query('format'));
  const { format: _, ...rest } = c.req.query();
  const q = parseAuditQuery(rest, csv);
  const page = await listAuditLog(c.var.db, q);
  c.header('Cache-Control', 'no-store');
  if (!csv) return c.json(page);
  if (page.next_cursor) c.header('X-Next-Cursor', page.next_cursor);
  c.header('Content-Disposition', `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`);
  return c.body(auditCsv(page.data), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
});
