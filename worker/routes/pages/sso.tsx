// Single sign-on pages: /auth/oidc/start sends the browser to the operator's OpenID provider, /auth/oidc/callback
// signs it in on the way back. Every refusal is a 400 page saying what to do; nothing about tokens is logged.
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ErrorPage } from '../../../views/pages/error-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { clientIp } from '../../lib/client-ip';
import { safeRedirectPath } from '../../lib/safe-redirect';
import { writeSessionCookie } from '../../middleware/session-cookie';
import { sendAudit } from '../../queues/audit-events';
import { SSO_LOGIN_TTL_MS, finishSso, startSso } from '../../services/sso/flow';
import type { SsoAudit } from '../../services/sso/link';
import { ssoSettings } from '../../services/sso/settings';
import { SsoError } from '../../services/sso/sso-error';

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';
/** The browser-binding cookie: HttpOnly, Lax (sent on the provider's top-level redirect back), ten minutes. */
const cookieName = (c: Context) => (isHttps(c) ? '__Host-edgent_oidc' : 'edgent_oidc');
const redirectUri = (c: Context) => `${new URL(c.req.url).origin}/auth/oidc/callback`;

function failed(c: Context<AppEnv>, e: unknown) {
  if (e instanceof AppError && e.status === 429) {
    c.header('Retry-After', e.headers?.['Retry-After'] ?? '60');
    return c.html(<ErrorPage status={429} title="Too many sign-ins" message={e.message} requestId={c.var.requestId} />, 429);
  }
  if (!(e instanceof SsoError)) throw e;
  console.warn(JSON.stringify({ level: 'warn', msg: 'single sign-on refused', reason: e.reason, request_id: c.var.requestId }));
  return c.html(<ErrorPage status={400} title="Single sign-on did not work" message={e.message} requestId={c.var.requestId} />, 400);
}

const audit =
  (c: Context<AppEnv>): SsoAudit =>
  (tenantId, userId, action, reason) =>
    sendAudit(c.env, (p) => c.executionCtx.waitUntil(p), {
      tenant_id: tenantId,
      actor: { type: 'user', id: userId },
      action,
      resource: { type: 'user', id: userId },
      changes: reason ? { reason: { after: reason } } : undefined,
      ip: clientIp(c),
      at: Date.now(),
    });

export const ssoPages = new Hono<AppEnv>()
  .get('/start', async (c) => {
    const settings = ssoSettings(c.env);
    if (!settings) throw new AppError('not_found', 'Single sign-on is not configured on this site');
    c.header('Cache-Control', 'no-store');
    try {
      const next = safeRedirectPath(c.req.query('next'), new URL(c.req.url).origin);
      const { url, browserSecret } = await startSso(c.env, settings, { redirectUri: redirectUri(c), next, ip: clientIp(c) });
      setCookie(c, cookieName(c), browserSecret, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: isHttps(c),
        path: '/',
        maxAge: SSO_LOGIN_TTL_MS / 1000,
      });
      return c.redirect(url, 302);
    } catch (e) {
      return failed(c, e);
    }
  })
  .get('/callback', async (c) => {
    const settings = ssoSettings(c.env);
    if (!settings) throw new AppError('not_found', 'Single sign-on is not configured on this site');
    // The URL carries a one-time code: keep it out of Referer headers and caches.
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    const browserSecret = getCookie(c, cookieName(c));
    deleteCookie(c, cookieName(c), { path: '/', secure: isHttps(c) });
    try {
      const signedIn = await finishSso(c.env, settings, {
        redirectUri: redirectUri(c),
        query: { state: c.req.query('state'), code: c.req.query('code'), error: c.req.query('error'), iss: c.req.query('iss') },
        browserSecret,
        client: { ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null, waitUntil: (p) => c.executionCtx.waitUntil(p) },
        audit: audit(c),
      });
      writeSessionCookie(c, signedIn.token, signedIn.expiresAt);
      // Checked again on the way out: the stored path was checked when the sign-in started.
      return c.redirect(safeRedirectPath(signedIn.next, new URL(c.req.url).origin), 303);
    } catch (e) {
      return failed(c, e);
    }
  });
