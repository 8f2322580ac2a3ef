// Several organizations (API.md, Teams and access): create one (the creator is its owner, the session moves to it)
// and switch the browser session to another organization of the person's (POST /api/v1/auth/switch).
import { Hono, type Context } from 'hono';
import { tenantDb } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { clientIp } from '../../lib/client-ip';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { sendAudit } from '../../queues/audit-events';
import type { AuthResultJson } from '../../schemas/accounts';
import { identity } from '../../services/identity';
import { createOrganization, createOrganizationSchema, switchOrganization, switchSchema } from '../../services/memberships';

/** The answer after the session moved: who, where, with the (unchanged) CSRF token. */
async function movedTo(c: Context<AppEnv>, tenantId: string): Promise<AuthResultJson> {
  const auth = c.var.auth;
  return { ...(await identity(tenantDb(c.env, tenantId), auth.userId!)), csrf_token: auth.kind === 'session' ? auth.csrfToken : '' };
}

export const organizationRoutes = new Hono<AppEnv>().use(requireAuth()).post('/', async (c) => {
  const input = await jsonBody(c, createOrganizationSchema);
  const r = await createOrganization(c.env, c.var.auth, input.name, clientIp(c));
  sendAudit(c.env, (p) => c.executionCtx.waitUntil(p), {
    tenant_id: r.tenantId,
    actor: { type: 'user', id: c.var.auth.userId },
    action: 'organization.create',
    resource: { type: 'tenant', id: r.tenantId },
    changes: { name: { after: r.name } },
    ip: clientIp(c),
    at: Date.now(),
  });
  return c.json(await movedTo(c, r.tenantId), 201);
});

export const switchRoutes = new Hono<AppEnv>().post('/switch', requireAuth(), async (c) => {
  const input = await jsonBody(c, switchSchema);
  const r = await switchOrganization(c.env, c.var.auth, input.tenant_id);
  sendAudit(c.env, (p) => c.executionCtx.waitUntil(p), {
    tenant_id: r.tenantId,
    actor: { type: 'user', id: c.var.auth.userId },
    action: 'organization.switch',
    resource: { type: 'tenant', id: r.tenantId },
    changes: { tenant_id: { before: r.from, after: r.tenantId } },
    ip: clientIp(c),
    at: Date.now(),
  });
  return c.json(await movedTo(c, r.tenantId));
});
