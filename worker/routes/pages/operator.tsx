// Operator moderation pages (issue 18, mkt-community): /operator (behind OPERATOR_TOKEN). Signing in sets an HttpOnly,
// SameSite=Strict cookie (Secure on https) holding a MAC of the token (HMAC with SESSION_SECRET), never the token
// itself; the pages check it per request, so changing OPERATOR_TOKEN signs every operator out. Without OPERATOR_TOKEN
// configured these paths do not exist (404). Plain forms (POST, then 303 back), no JavaScript. Per-route middleware.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hmacSha256, timingSafeEqual, toBase64Url } from '../../crypto/encoding';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { clientIp } from '../../lib/client-ip';
import { closeReport, moderationListings, openReports, removeListing, restoreListing } from '../../services/moderation';
import { OperatorLoginPage, OperatorPage } from '../../../views/pages/operator-page';

const COOKIE = 'edgent_operator';
const mac = async (env: AppEnv['Bindings'], token: string) => toBase64Url(await hmacSha256(env.SESSION_SECRET, `edgent-operator-cookie:v1:${token}`));

async function signedIn(c: Context<AppEnv>): Promise<boolean> {
  const token = c.env.OPERATOR_TOKEN;
  const sent = getCookie(c, COOKIE);
  return !!token && !!sent && timingSafeEqual(sent, await mac(c.env, token));
}

/** 404 without OPERATOR_TOKEN; the page's actions need the cookie (401 otherwise). */
function requireOperator(): MiddlewareHandler<AppEnv> {
  return async function requireOperator(c, next) {
    if (!c.env.OPERATOR_TOKEN) throw new AppError('not_found', 'No such route');
    if (!(await signedIn(c))) throw new AppError('unauthorized', 'Sign in at /operator with the operator token');
    c.header('Cache-Control', 'no-store');
    await next();
  };
}

const enabled: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.env.OPERATOR_TOKEN) throw new AppError('not_found', 'No such route');
  c.header('Cache-Control', 'no-store');
  await next();
};

const field = async (c: Context<AppEnv>, name: string) => {
  const v = (await c.req.parseBody())[name];
  return typeof v === 'string' ? v.trim().slice(0, 500) : '';
};
const ctxOf = (c: Context<AppEnv>) => ({ env: c.env, waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p), ip: clientIp(c) });
const back = (c: Context<AppEnv>, notice: string) => c.redirect(`/operator?notice=${encodeURIComponent(notice)}`, 303);

export const operatorPages = new Hono<AppEnv>()
  .get('/', enabled, async (c) => {
    if (!(await signedIn(c))) return c.html(<OperatorLoginPage />);
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const [reports, listings] = await Promise.all([openReports(c.env), moderationListings(c.env, q)]);
    const notice = (c.req.query('notice') ?? '').slice(0, 200) || null;
    return c.html(<OperatorPage reports={reports} listings={listings} q={q} notice={notice} />);
  })
  .post('/login', enabled, async (c) => {
    const token = c.env.OPERATOR_TOKEN!;
    const sent = await field(c, 'token');
    if (!sent) return c.html(<OperatorLoginPage error="Paste the operator token." />, 400);
    if (!timingSafeEqual(sent, token)) return c.html(<OperatorLoginPage error="That is not the operator token." />, 401);
    setCookie(c, COOKIE, await mac(c.env, token), {
      httpOnly: true,
      secure: new URL(c.req.url).protocol === 'https:',
      sameSite: 'Strict',
      path: '/operator',
      maxAge: 8 * 3600,
    });
    return c.redirect('/operator', 303);
  })
  .post('/logout', enabled, (c) => {
    deleteCookie(c, COOKIE, { path: '/operator' });
    return c.redirect('/operator', 303);
  })
  .post('/listings/:id/remove', requireOperator(), async (c) => {
    const reason = await field(c, 'reason');
    if (!reason) throw new AppError('validation_failed', 'Give the reason (the creator sees it)', [{ path: 'reason', message: 'is required' }]);
    const done = await removeListing(ctxOf(c), c.req.param('id'), reason);
    return back(c, `Removed ${done.slug}.`);
  })
  .post('/listings/:id/restore', requireOperator(), async (c) => {
    const done = await restoreListing(ctxOf(c), c.req.param('id'));
    return back(c, `Restored ${done.slug}.`);
  })
  .post('/reports/:id/resolve', requireOperator(), async (c) => {
    const resolution = await field(c, 'resolution');
    if (!resolution) throw new AppError('validation_failed', 'Say what was done', [{ path: 'resolution', message: 'is required' }]);
    await closeReport(c.env, c.req.param('id'), resolution);
    return back(c, 'Report resolved.');
  });
