// Accounts API (API.md, Accounts): sign-up, login, logout, password reset. The HTML forms in routes/pages/auth.tsx
// share the service.
import { type Context, Hono } from 'hono';
import { tenantDb } from '../../db/tenant-db';
import type { AppEnv } from '../../env';
import { actorOf } from '../../lib/actor';
import { clientIp } from '../../lib/client-ip';
import { jsonBody } from '../../lib/validate';
import { requireAuth } from '../../middleware/auth';
import { clearSessionCookie, writeSessionCookie } from '../../middleware/session-cookie';
import type { AuthResultJson } from '../../schemas/accounts';
import { login, loginSchema, logout, signup, signupSchema } from '../../services/accounts';
import { identity } from '../../services/identity';
import { confirmPasswordReset, requestPasswordReset, resetConfirmSchema, resetRequestSchema } from '../../services/password-reset';

const client = (c: Context<AppEnv>) => ({
  ip: clientIp(c),
  userAgent: c.req.header('user-agent') ?? null,
  waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p),
});

export const authRoutes = new Hono<AppEnv>()
  .post('/signup', async (c) => {
    const input = await jsonBody(c, signupSchema);
    const s = await signup(c.env, input, client(c));
    writeSessionCookie(c, s.token, s.expiresAt);
    return c.json({ ...(await identity(tenantDb(c.env, s.tenantId), s.userId)), csrf_token: s.csrfToken } satisfies AuthResultJson, 201);
  })
  .post('/login', async (c) => {
    const input = await jsonBody(c, loginSchema);
    const s = await login(c.env, input, client(c));
    writeSessionCookie(c, s.token, s.expiresAt);
    return c.json({ ...(await identity(tenantDb(c.env, s.tenantId), s.userId)), csrf_token: s.csrfToken } satisfies AuthResultJson);
  })
  .post('/password-reset', async (c) => {
    const input = await jsonBody(c, resetRequestSchema);
    const r = await requestPasswordReset(c.env, input.email, clientIp(c), new URL(c.req.url).origin);
    // 202 whether or not the email has an account; the mail (if any) is sent after the answer.
    if (r.delivery) c.executionCtx.waitUntil(r.delivery);
    const message = r.emailConfigured
      ? 'If an account exists for this email, a reset link is on its way.'
      : 'Email is not set up on this server: ask an admin of your organization for a reset link.';
    return c.json({ email_configured: r.emailConfigured, message }, 202);
  })
  .post('/password-reset/confirm', async (c) => {
    const input = await jsonBody(c, resetConfirmSchema);
    await confirmPasswordReset(c.env, input, client(c));
    return c.body(null, 204);
  })
  .post('/logout', requireAuth(), async (c) => {
    const auth = c.var.auth;
    if (auth.kind === 'session') await logout(c.env, auth.sessionId, actorOf(c));
    clearSessionCookie(c);
    return c.body(null, 204);
  });
