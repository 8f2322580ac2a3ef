// A stand-in for a customer's website: a tiny static server on its own loopback port (so its origin is not the
// platform's) whose page embeds widget.js. Its CSS is deliberately hostile, to prove none of it reaches the widget.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const HOSTILE_CSS = '* { color: rgb(255, 0, 0) !important; font-size: 40px !important; font-family: serif !important; }';

export type HostSite = { origin: string; url(query: Record<string, string>): string; close(): Promise<void> };

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * GET /?widget=<platform>/widget.js&agent=pk_…[&data-…]: a page with the tag; any other `data-*` query parameter
 * becomes an attribute of the script tag. `inline=1` adds a #chat element for data-target.
 */
export async function startHostSite(): Promise<HostSite> {
  const server = http.createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const attrs = [...q]
      .filter(([k]) => k.startsWith('data-'))
      .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
      .join('');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme shop</title>
<link rel="icon" href="data:,"><style>${HOSTILE_CSS} #chat { height: 520px; width: 420px; }</style></head>
<body><h1>Acme shop</h1><p class="host-text">Our products.</p>${q.get('inline') ? '<div id="chat"></div>' : ''}
<script src="${escapeAttr(q.get('widget') ?? '')}" data-agent="${escapeAttr(q.get('agent') ?? '')}"${attrs} async></script></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (query) => `${origin}/?${new URLSearchParams(query)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
