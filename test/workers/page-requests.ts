// Helpers for the app page tests: GET a page (full, or as htmx asks for a fragment) and post forms as a browser does,
// with the session cookie and the hidden CSRF field.
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { type Account, BASE, api } from './helpers';

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

export async function helloWorld(a: Account): Promise<{ id: string; version: number; [k: string]: unknown }> {
  const list = (await (await api('/api/v1/agents', { as: a })).json()) as { data: { id: string; slug: string; version: number }[] };
  return list.data.find((x) => x.slug === 'hello-world')!;
}

export async function createAgent(a: Account, body: Record<string, unknown> = {}) {
  const res = await api('/api/v1/agents', { body: { name: 'Page test agent', model: 'edgent-test', ...body }, as: a });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; version: number; [k: string]: unknown };
}

/** Asserts a 404 page for another tenant's resource (never its content). */
export async function expectNotFound(res: Response) {
  expect(res.status).toBe(404);
  return res.text();
}
