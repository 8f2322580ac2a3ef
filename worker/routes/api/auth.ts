// Accounts API (API.md, Accounts): sign-up, login, logout. The HTML forms in routes/pages/auth.tsx share the service.
import { Hono } from 'hono';
import { tenantDb } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { clientIp } from '../../lib/client-ip';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { clearSessionCookie, writeSessionCookie } from '../../middleware/session-cookie';
import type { AuthResultJson } from '../../schemas/accounts';
import { login, loginSchema, logout, signup, signupSchema } from '../../services/accounts';
import { identity } from '../../services/identity';

export const authRoutes = new Hono<AppEnv>()
  .post('/signup', async (c) => {
    const input = await jsonBody(c, signupSchema);
    const s = await signup(c.env, input, { ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null });
    writeSessionCookie(c, s.token, s.expiresAt);
    return c.json({ ...(await identity(tenantDb(c.env, s.tenantId), s.userId)), csrf_token: s.csrfToken } satisfies AuthResultJson, 201);
  })
  .post('/login', async (c) => {
    const input = await jsonBody(c, loginSchema);
    const s = await login(c.env, input, { ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null });
    writeSessionCookie(c, s.token, s.expiresAt);
    return c.json({ ...(await identity(tenantDb(c.env, s.tenantId), s.userId)), csrf_token: s.csrfToken } satisfies AuthResultJson);
  })
  .post('/logout', requireAuth(), async (c) => {
    const auth = c.var.auth;
    if (auth.kind === 'session') await logout(c.env, auth.sessionId);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
