// Helpers for the app page tests: GET a page (full, or as htmx asks for a fragment) and post forms as a browser does,
// with the session cookie and the hidden CSRF field.
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { type Account, BASE } from './api';

export type Fields = Record<string, string | string[]>;

export const getPage = (a: Account | null, path: string, opts: { htmx?: boolean } = {}) =>
  SELF.fetch(BASE + path, {
    headers: { accept: 'text/html', ...(a ? { cookie: a.cookie } : {}), ...(opts.htmx ? { 'hx-request': 'true' } : {}) },
    redirect: 'manual',
  });

function encode(fields: Fields): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
}

/** Posts a urlencoded form with the CSRF field (unless `csrf: false`); `htmx` adds the headers htmx sends. */
export const postForm = (a: Account, path: string, fields: Fields = {}, opts: { htmx?: boolean; csrf?: boolean; sse?: boolean } = {}) =>
  SELF.fetch(BASE + path, {
    method: 'POST',
    headers: {
      cookie: a.cookie,
      accept: opts.sse ? 'text/html, text/event-stream' : 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      ...(opts.htmx || opts.sse ? { 'hx-request': 'true' } : {}),
    },
    body: encode(opts.csrf === false ? fields : { _csrf: a.csrf, ...fields }),
    redirect: 'manual',
  });

/** A multipart form post (file uploads). */
export function postMultipart(a: Account, path: string, fields: Record<string, string | File>) {
  const body = new FormData();
  body.set('_csrf', a.csrf);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return SELF.fetch(BASE + path, { method: 'POST', headers: { cookie: a.cookie, accept: 'text/html' }, body, redirect: 'manual' });
}

/** Asserts a 404 page for another tenant's resource (never its content). */
export async function expectNotFound(res: Response) {
  expect(res.status).toBe(404);
  return res.text();
}
