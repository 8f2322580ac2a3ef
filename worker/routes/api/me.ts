// GET /api/v1/me: who is calling, in which tenant, with which role (and the CSRF token for browser sessions).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { requireAuth } from '../../middleware/auth';
import { identity } from '../../services/identity';
import type { IdentityJson } from '../../schemas/accounts';

export const meRoutes = new Hono<AppEnv>().get('/', requireAuth(), async (c) => {
  const auth = c.var.auth;
  const who = await identity(c.var.db, auth.userId!);
  return c.json({
    ...who,
    role: auth.role,
    csrf_token: auth.kind === 'session' ? auth.csrfToken : null,
    ...(auth.kind === 'api_key' ? { api_key: { id: auth.keyId, scopes: auth.scopes } } : {}),
  } satisfies IdentityJson);
});
