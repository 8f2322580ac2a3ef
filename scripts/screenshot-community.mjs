// Dev tool: serves the HTML of scripts/render-community.tsx (with a stub try-it config) and screenshots each page at
// 1280 and 375 px with headless Chromium into test-results/screenshots.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';

const dir = process.argv[2] ?? '/tmp/edgent-community';
const TYPES = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.endsWith('/try/api/config')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ agent: { name: 'Support triage' }, greeting: 'Try Support triage for free.', suggested_prompts: [], theme: {} }));
  }
  let file = join(dir, url.pathname);
  if (!existsSync(file) && existsSync(join(dir, 'assets', url.pathname))) file = join(dir, 'assets', url.pathname);
  if (!existsSync(file)) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, r));
const port = server.address().port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const name of ['community-detail', 'operator', 'operator-login']) {
  for (const width of [1280, 375]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/${name}.html`);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
    await page.close();
  }
}
await browser.close();
server.close();
