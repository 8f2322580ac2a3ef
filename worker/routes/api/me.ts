// GET /api/v1/me: who is calling, in which tenant, with which role, their organizations (and the CSRF token for
// browser sessions).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { requireAuth } from '../../middleware/auth';
import { identity } from '../../services/identity';
import { membershipsOf } from '../../services/memberships';
import type { IdentityJson } from '../../schemas/accounts';

export const meRoutes = new Hono<AppEnv>().get('/', requireAuth(), async (c) => {
  const auth = c.var.auth;
  const [who, memberships] = await Promise.all([identity(c.var.db, auth.userId!), membershipsOf(c.env, auth)]);
  return c.json({
    ...who,
    role: auth.role,
    csrf_token: auth.kind === 'session' ? auth.csrfToken : null,
    ...(auth.kind === 'api_key' ? { api_key: { id: auth.keyId, scopes: auth.scopes } } : {}),
    memberships,
  } satisfies IdentityJson);
});
