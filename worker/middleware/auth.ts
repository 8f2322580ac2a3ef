/**
 * Authentication: `Authorization: Bearer <api key>` or the session cookie. Sets c.var.auth and the tenant-scoped
 * c.var.db, the only data handle handlers get. Cookie-authenticated unsafe requests must carry the CSRF token.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { accountsStore } from '../db/accounts-store';
import { tenantDb } from '../db/tenant-db';
import type { AppEnv, Auth } from '../env';
import { AppError } from '../errors';
import { timingSafeEqual } from '../crypto/encoding';
import { agentViewerOf } from '../services/agent-access';
import { enforceApiLimits, rateLimitHeaders } from '../services/api-limits';
import { API_KEY_PREFIX, SESSION_TOUCH_MS, csrfTokenFor, hashToken } from '../services/credentials';
import { cachedAuth, rememberAuth } from './auth-cache';
import { readSessionCookie } from './session-cookie';
import { SAFE_METHODS } from '../lib/http-methods';

/** Resolves the caller or returns null; never throws for a missing credential. */
export async function resolveAuth(c: Context<AppEnv>): Promise<Auth | null> {
  // Verified credentials are remembered for a few seconds (auth-cache.ts): no D1 round trip on the chat hot path.
  const header = c.req.header('authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m || !m[1]!.startsWith(API_KEY_PREFIX)) throw new AppError('unauthorized', 'Use Authorization: Bearer <api key>');
    const hash = await hashToken(m[1]!);
    const hit = cachedAuth(hash);
    if (hit) return hit;
    const store = accountsStore(c.env);
    const key = await store.apiKeyByHash(hash);
    if (!key || !key.createdBy) throw new AppError('unauthorized', 'This API key is not valid or has been revoked');
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt > SESSION_TOUCH_MS) c.executionCtx.waitUntil(store.touchApiKey(key.id));
    const auth: Auth = { kind: 'api_key', userId: key.createdBy, tenantId: key.tenantId, role: key.role, keyId: key.id, scopes: key.scopes };
    rememberAuth(hash, auth, key.expiresAt);
    return auth;
  }
  const token = readSessionCookie(c);
  if (!token) return null;
  const hash = await hashToken(token);
  const hit = cachedAuth(hash);
  if (hit) return hit;
  const store = accountsStore(c.env);
  const s = await store.sessionByTokenHash(hash);
  if (!s) return null;
  if (Date.now() - s.lastSeenAt > SESSION_TOUCH_MS) c.executionCtx.waitUntil(store.touchSession(s.id));
  const csrfToken = await csrfTokenFor(s.id, c.env.SESSION_SECRET);
  const auth: Auth = { kind: 'session', userId: s.userId, tenantId: s.tenantId, role: s.role, sessionId: s.id, csrfToken };
  rememberAuth(hash, auth, s.expiresAt);
  return auth;
}

async function checkCsrf(c: Context<AppEnv>, auth: Auth) {
  if (auth.kind !== 'session' || SAFE_METHODS.has(c.req.method)) return;
  let sent = c.req.header('x-csrf-token');
  if (!sent && /^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    const form = await c.req.parseBody();
    sent = typeof form._csrf === 'string' ? form._csrf : undefined;
  }
  if (!sent || !timingSafeEqual(sent, auth.csrfToken)) {
    throw new AppError('csrf_failed', 'Missing or invalid CSRF token: send the X-CSRF-Token header');
  }
}

function bind(c: Context<AppEnv>, auth: Auth) {
  c.set('auth', auth);
  c.set('db', tenantDb(c.env, auth.tenantId, agentViewerOf(auth)));
}

/** API routes: 401 in the error shape when nobody is signed in. API keys are rate limited (api-limits.ts). */
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuth(c, next) {
    const auth = await resolveAuth(c);
    if (!auth) throw new AppError('unauthorized', 'Sign in or send an API key');
    await checkCsrf(c, auth);
    bind(c, auth);
    if (auth.kind === 'api_key') {
      const limits = await enforceApiLimits(c.env, auth.tenantId, auth.keyId, (p) => c.executionCtx.waitUntil(p));
      for (const [k, v] of Object.entries(rateLimitHeaders(limits))) c.header(k, v);
    }
    await next();
  };
}

/** Pages: a browser without a session is sent to the login page, then back. */
export function requirePageSession(): MiddlewareHandler<AppEnv> {
  return async function requirePageSession(c, next) {
    const auth = c.req.header('authorization') ? null : await resolveAuth(c);
    if (!auth) {
      const url = new URL(c.req.url);
      if (c.req.header('hx-request') === 'true') {
        // htmx would follow a redirect and swap the login page into a fragment's place (a poll, a search): send the
        // whole window to the login page instead, coming back to the page it was on.
        const from = new URL(c.req.header('hx-current-url') ?? url.href, url);
        const back = from.origin === url.origin ? from.pathname + from.search : '/app';
        c.header('HX-Redirect', `/login?next=${encodeURIComponent(back)}`);
        return c.body(null, 204);
      }
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
    }
    await checkCsrf(c, auth);
    bind(c, auth);
    await next();
  };
}
