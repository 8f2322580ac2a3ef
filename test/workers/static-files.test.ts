// Static files (worker/routes/pages/assets.ts): the Worker serves views/static/ itself, with no static-assets layer in
// front of it; every file has its content type, a strong ETag and must-revalidate caching, and answers a matching
// If-None-Match with 304 and no body.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { STATIC_FILES } from '../../worker/generated/static-files';
import { matchesEtag } from '../../worker/routes/pages/assets';
import { BASE } from './helpers';

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => SELF.fetch(`${BASE}${path}`, { method, headers });

describe('static files', () => {
  it('serves every file of views/static with its type, a strong ETag and must-revalidate', async () => {
    const paths = Object.keys(STATIC_FILES);
    expect(paths).toEqual(
      expect.arrayContaining(['/assets/app.css', '/assets/vendor/htmx.min.js', '/assets/vendor/hx-sse.min.js', '/widget.js', '/favicon.svg']),
    );
    for (const path of paths) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const [type, etag, text] = STATIC_FILES[path]!;
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('etag'), path).toBe(etag);
      expect(etag).toMatch(/^"[\w-]{22}"$/);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=0, must-revalidate');
      const body = await res.text();
      expect(body, path).toBe(text);
    }
    expect(STATIC_FILES['/assets/app.css']![0]).toBe('text/css; charset=utf-8');
    expect(STATIC_FILES['/widget.js']![0]).toBe('text/javascript; charset=utf-8');
    expect(STATIC_FILES['/favicon.svg']![0]).toBe('image/svg+xml');
  });

  it('serves the same file again and again from one isolate (the encoded bytes are reused, not used up)', async () => {
    const first = await (await get('/assets/app.js')).text();
    for (let i = 0; i < 3; i++) expect(await (await get('/assets/app.js')).text()).toBe(first);
  });

  it('answers a matching If-None-Match with 304 and no body, and a stale one with the file', async () => {
    const etag = (await get('/assets/app.css')).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"old", ${etag}`, '*']) {
      const res = await get('/assets/app.css', { 'if-none-match': ifNoneMatch });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
      expect(await res.text()).toBe('');
    }
    const stale = await get('/assets/app.css', { 'if-none-match': '"an-older-build-of-this-file"' });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(STATIC_FILES['/assets/app.css']![2]);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await get('/widget.js', {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('etag')).toBe(STATIC_FILES['/widget.js']![1]);
    expect(await res.text()).toBe('');
  });

  it('carries the request id and the security headers, as every answer', async () => {
    const res = await get('/assets/vendor/htmx.min.js', { 'x-request-id': 'trace-static-1' });
    expect(res.headers.get('x-request-id')).toBe('trace-static-1');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeNull(); // only HTML pages carry the page CSP
  });

  it('answers 404 for anything that is not one of the files, never a 5xx', async () => {
    for (const path of [
      '/assets/nope.css',
      '/assets/',
      '/assets/vendor',
      '/assets/constructor',
      '/assets/__proto__',
      '/assets/app.css.map',
      '/assets/%2e%2e/wrangler.toml',
      '/assets/app.css%00',
    ]) {
      const res = await get(path, { accept: 'text/html' });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
    }
    const api = await get('/assets/nope.js');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('matchesEtag', () => {
  it('compares weakly and reads lists and *', () => {
    expect(matchesEtag(undefined, '"a"')).toBe(false);
    expect(matchesEtag('', '"a"')).toBe(false);
    expect(matchesEtag('"a"', '"a"')).toBe(true);
    expect(matchesEtag('W/"a"', '"a"')).toBe(true);
    expect(matchesEtag(' "b" ,  "a" ', '"a"')).toBe(true);
    expect(matchesEtag('"b"', '"a"')).toBe(false);
    expect(matchesEtag('a', '"a"')).toBe(false);
    expect(matchesEtag('*', '"a"')).toBe(true);
  });
});
