// Answers of the audit log (GET /api/v1/audit-log): one entry per recorded change or sign-in.
import { z } from 'zod';
import { iso, pageOf } from './common';

export const auditEntry = z.object({
  id: z.string(),
  actor: z.object({
    type: z.enum(['user', 'api_key', 'system']),
    id: z.string().nullable(),
    name: z.string().nullable().describe("The user's name (or email) or the API key's name; null once deleted (the id stays)"),
  }),
  action: z.string().describe('`<resource>.<verb>`, e.g. `agent.update`, `member.role_change`, `auth.login_failed`'),
  resource: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  changes: z
    .record(z.string(), z.object({ before: z.unknown().optional(), after: z.unknown().optional(), changed: z.literal(true).optional() }))
    .optional()
    .describe('Configuration fields before and after the change; a secret only ever appears as `{changed: true}`'),
  ip: z.string().optional(),
  created_at: iso,
});
export const auditLog = pageOf(auditEntry);

export type AuditEntryJson = z.infer<typeof auditEntry>;
export type AuditLogJson = z.infer<typeof auditLog>;
