// Invitations (API.md, Teams and access): invite by email with a role (the link is in the create answer only),
// list the open ones, revoke, resend (a new link), and accept (signed in, or as a new person).
import { Hono } from 'hono';
import type { AppEnv, Auth } from '../../env';
import { clientIp } from '../../lib/client-ip';
import { jsonBody } from '../../lib/validate';
import { optionalAuth, requireAuth } from '../../middleware/auth';
import { writeSessionCookie } from '../../middleware/session-cookie';
import { recordAudit, sendAudit } from '../../queues/audit-events';
import {
  acceptInvitation,
  acceptInvitationSchema,
  createInvitation,
  createInvitationSchema,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from '../../services/invitations';
import { permit } from '../../services/permissions';

const accept = new Hono<AppEnv>().post('/accept', optionalAuth(), async (c) => {
  const input = await jsonBody(c, acceptInvitationSchema);
  const caller = (c.get('auth') as Auth | undefined) ?? null;
  const ip = clientIp(c);
  const r = await acceptInvitation(c.env, input, caller, { ip, userAgent: c.req.header('user-agent') ?? null, waitUntil: (p) => c.executionCtx.waitUntil(p) });
  if (r.signedIn) writeSessionCookie(c, r.signedIn.token, r.signedIn.expiresAt);
  sendAudit(c.env, (p) => c.executionCtx.waitUntil(p), {
    tenant_id: r.tenantId,
    actor: { type: 'user', id: r.userId },
    action: 'invitation.accept',
    resource: { type: 'invitation', id: r.invitationId },
    changes: { role: { after: r.role } },
    ip,
    at: Date.now(),
  });
  c.header('Cache-Control', 'no-store');
  return c.json({ tenant: { id: r.tenantId, name: r.tenantName }, role: r.role, ...(r.signedIn ? { csrf_token: r.signedIn.csrfToken } : {}) });
});

const manage = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', permit('members:write'), async (c) => {
    const input = await jsonBody(c, createInvitationSchema);
    const { json, delivery } = await createInvitation(c.env, c.var.db, c.var.auth, input, new URL(c.req.url).origin);
    if (delivery) c.executionCtx.waitUntil(delivery);
    recordAudit(c, {
      action: 'invitation.create',
      resource: { type: 'invitation', id: json.id },
      changes: { email: { after: json.email }, role: { after: json.role } },
    });
    c.header('Cache-Control', 'no-store');
    return c.json(json, 201);
  })
  .get('/', permit('members:read'), async (c) => c.json({ data: await listInvitations(c.var.db), next_cursor: null }))
  .delete('/:id', permit('members:write'), async (c) => {
    const row = await revokeInvitation(c.var.db, c.var.auth, c.req.param('id'));
    recordAudit(c, { action: 'invitation.revoke', resource: { type: 'invitation', id: row.id }, changes: { email: { before: row.email } } });
    return c.body(null, 204);
  })
  .post('/:id/resend', permit('members:write'), async (c) => {
    const { json, delivery } = await resendInvitation(c.env, c.var.db, c.var.auth, c.req.param('id'), new URL(c.req.url).origin);
    if (delivery) c.executionCtx.waitUntil(delivery);
    recordAudit(c, { action: 'invitation.resend', resource: { type: 'invitation', id: json.id } });
    c.header('Cache-Control', 'no-store');
    return c.json(json);
  });

// `/accept` first: it is open to a signed-out person, the rest need a credential.
export const invitationRoutes = new Hono<AppEnv>().route('/', accept).route('/', manage);
