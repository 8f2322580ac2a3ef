// Static files (htmx, CSS, page scripts, the favicon, widget.js), served by the Worker from the module
// scripts/build-static.mjs bundles from views/static/. No static-assets layer sits in front of the Worker: it would be
// one more Worker on every request's path, streamed chat turns included. Every file answers with a strong ETag and
// must be revalidated (as a static-assets layer answers by default): a deploy changes a file at once for every
// browser, and an unchanged one costs a 304 with no body.
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { STATIC_FILES } from '../../generated/static-files';

const CACHE_CONTROL = 'public, max-age=0, must-revalidate';
const encoded = new Map<string, ArrayBuffer>(); // each file's bytes, encoded once per isolate

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for it; `*` matches any). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

function serveStatic(c: Context<AppEnv>): Response | Promise<Response> {
  const path = c.req.path;
  const file = Object.hasOwn(STATIC_FILES, path) ? STATIC_FILES[path] : undefined;
  if (!file) return c.notFound();
  const [type, etag, text] = file;
  const headers = { 'content-type': type, etag, 'cache-control': CACHE_CONTROL };
  // c.body(), not a new Response: the request id and security headers join these without copying the answer.
  if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  let body = encoded.get(path);
  if (!body) {
    body = new TextEncoder().encode(text).buffer as ArrayBuffer; // a fresh buffer of exactly the text's bytes
    encoded.set(path, body);
  }
  return c.body(body, 200, headers);
}

export const assetRoutes = new Hono<AppEnv>().get('/assets/*', serveStatic).get('/favicon.svg', serveStatic).get('/widget.js', serveStatic);
