// The browser session cookie: HttpOnly, SameSite=Lax, Secure (and __Host- prefixed) over https.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';
const cookieName = (c: Context) => (isHttps(c) ? '__Host-edgent_session' : 'edgent_session');

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, cookieName(c));
}

export function writeSessionCookie(c: Context, token: string, expiresAt: number): void {
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, cookieName(c), { path: '/', secure: isHttps(c) });
}
