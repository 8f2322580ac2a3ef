// Several organizations from the app: switch the session (the user menu's switcher posts here) and create one.
import { Hono } from 'hono';
import { NewOrganizationPage } from '../../../views/pages/new-organization-page';
import type { AppEnv } from '../../env';
import { clientIp } from '../../lib/client-ip';
import { validate } from '../../lib/validate';
import { sendAudit } from '../../queues/audit-events';
import { createOrganization, createOrganizationSchema, switchOrganization, switchSchema } from '../../services/memberships';
import { fieldErrors, formBody, layoutBase, text } from './support/page-helpers';

export const organizationPages = new Hono<AppEnv>()
  .post('/switch', async (c) => {
    const input = validate(switchSchema, { tenant_id: text(await formBody(c), 'tenant_id') });
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
    return c.redirect('/app?notice=org_switched', 303);
  })
  .get('/organizations/new', async (c) => c.html(<NewOrganizationPage base={await layoutBase(c)} />))
  .post('/organizations', async (c) => {
    const name = text(await formBody(c), 'name');
    try {
      const input = validate(createOrganizationSchema, { name });
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
      return c.redirect('/app?notice=org_created', 303);
    } catch (e) {
      const f = fieldErrors(e);
      return c.html(<NewOrganizationPage base={await layoutBase(c)} name={name} error={f.errors.name ?? f.message} />, 400);
    }
  });
