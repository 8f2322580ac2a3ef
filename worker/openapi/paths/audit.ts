// OpenAPI entries of worker/routes/api/audit-log.ts.
import { z } from 'zod';
import { CSV_HEADER, CSV_MAX } from '../../services/audit-log';
import { routeDocs } from '../registry';

export const docs = routeDocs([
  {
    method: 'get',
    path: '/api/v1/audit-log',
    operationId: 'listAuditLog',
    tag: 'Audit log',
    scopes: ['audit:read'],
    query: {
      actor: { schema: z.string(), description: 'Only entries by this user (`usr_…`) or API key (`key_…`)' },
      action: { schema: z.string(), description: 'An action (`agent.update`), or a prefix ending with a dot (`agent.`: every agent action)' },
      resource_type: { schema: z.string(), description: 'Only entries about this kind of resource: `agent`, `connection`, `tool`, `api_key`, `member`…' },
      since: { schema: z.string(), description: 'From this moment on: a date (`2026-05-01`, UTC) or an ISO date-time' },
      until: { schema: z.string(), description: 'Before this moment (exclusive); a bare date includes that whole day' },
      format: { schema: z.enum(['csv']), description: '`csv`: the same as `Accept: text/csv` (for a plain download link)' },
      limit: { schema: z.number().int().min(1).max(CSV_MAX), description: `Page size: 1–100 (default 20); for CSV up to ${CSV_MAX} (the default)` },
      cursor: { schema: z.string(), description: 'The `next_cursor` of the previous page (for CSV: the `X-Next-Cursor` header)' },
    },
    summary: 'Read the audit log (admins and owners)',
    description:
      'Every change to agents, versions, tools, connections, members, invitations, API keys, embed keys, sharing and settings, and every sign-in and failed sign-in, newest first: who (a user or an API key, with its name), what, when, from which IP, and the configuration fields before and after. A secret never appears (a changed secret is `{secret: {changed: true}}`). Entries are written through a queue, so one may appear a few seconds after its change. Entries are kept for a year. A bad filter answers 400 naming it.',
    responses: {
      200: {
        description: 'A page of entries',
        schema: 'AuditLog',
        csv: `With \`Accept: text/csv\`: a header row (${CSV_HEADER.join(', ')}) and one row per entry; \`changes\` is JSON. A cell starting with = + - or @ gets a leading '.`,
        headers: { 'X-Next-Cursor': 'CSV only: the cursor of the next entries when there are more' },
      },
    },
    errors: [400],
  },
]);
