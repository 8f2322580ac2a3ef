// The published API description: /api/v1/openapi.json documents exactly the public routes the app serves (checked
// against Hono's app.routes, both ways), and /docs renders it with the guides, self-hosted.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../worker/app';
import { BASE } from './helpers';

const PUBLIC = /^\/(api\/v1|v1|mcp|embed\/v1)(\/|$)/;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Hono's `/agents/:id` as OpenAPI's `/agents/{id}`; a mounted sub-app's `/` leaves no trailing slash. */
const openApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1');

async function document() {
  const res = await SELF.fetch(`${BASE}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  return { res, doc: (await res.json()) as any };
}

describe('GET /api/v1/openapi.json', () => {
  it('is OpenAPI 3.1 with this server as its base URL, readable from anywhere', async () => {
    const { res, doc } = await document();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: BASE }]);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('documents every public route the app serves, and only those', async () => {
    const { doc } = await document();
    const served = new Set(app.routes.filter((r) => METHODS.includes(r.method) && PUBLIC.test(r.path)).map((r) => `${r.method} ${openApiPath(r.path)}`));
    const documented = new Set(
      Object.entries<Record<string, unknown>>(doc.paths)
        .filter(([path]) => PUBLIC.test(path))
        .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    expect(served.size).toBeGreaterThan(40);
    expect(
      [...served].filter((r) => !documented.has(r)),
      'served but not documented',
    ).toEqual([]);
    expect(
      [...documented].filter((r) => !served.has(r)),
      'documented but not served',
    ).toEqual([]);
  });
});

describe('GET /docs', () => {
  it('renders the guides and every operation from the document, with no third-party assets', async () => {
    const { doc } = await document();
    const res = await SELF.fetch(`${BASE}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    for (const guide of ['quickstart', 'sessions', 'tools', 'openai', 'mcp', 'widget', 'errors', 'sdk']) expect(html).toContain(`id="${guide}"`);
    for (const item of Object.values<Record<string, { operationId: string }>>(doc.paths)) {
      for (const op of Object.values(item)) expect(html).toContain(`id="op-${op.operationId}"`);
    }
    expect(html).toContain(`${BASE}/v1`);
    // The widget's reference lives in its guide: options, JavaScript API and limits, rendered (no raw backticks).
    const start = html.indexOf('id="widget"');
    const widget = html.slice(start, html.indexOf('<section', start));
    for (const part of ['<code>data-target=', '<code>Edgent.open()</code>', `${BASE}/embed/v1/{public_key}/config`, 'Retry-After'])
      expect(widget).toContain(part);
    expect(widget).not.toContain('`');
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.filter((u) => !u.startsWith('/'))).toEqual([]);
  });
});
