// The workflow canvas's budget (issue 15): all the JavaScript its page loads (the shared htmx and app.js, the vendored
// dagre and workflow-builder.js) at most 60 KB gzipped; and no other page loads the canvas's scripts. The script list
// is read from the page's and the document shell's source, so a script added to either is counted.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { copyAssets } from '../../scripts/dev-env.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUDGET = 60 * 1024;
const scriptsOf = (file: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/<script src="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);

describe('the workflow builder page', () => {
  it('loads at most 60 KB of JavaScript, gzipped', () => {
    copyAssets({ quiet: true });
    const scripts = [...scriptsOf('views/components/ui/document.tsx'), ...scriptsOf('views/pages/workflow-builder-page.tsx')];
    expect(scripts).toEqual(expect.arrayContaining(['/assets/vendor/htmx.min.js', '/assets/vendor/dagre.min.js', '/assets/workflow-builder.js']));
    let total = 0;
    for (const src of scripts) {
      const file = join(ROOT, 'views/static', src);
      expect(existsSync(file), file).toBe(true);
      const gz = gzipSync(readFileSync(file)).length;
      console.log(`${src}: ${gz} bytes gzipped`);
      total += gz;
    }
    console.log(`workflow builder page: ${total} bytes of JavaScript gzipped (budget ${BUDGET})`);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  it('is the only page that loads the canvas scripts', () => {
    const pages = readdirSync(join(ROOT, 'views/pages')).filter((f) => f !== 'workflow-builder-page.tsx');
    for (const f of pages) {
      const text = readFileSync(join(ROOT, 'views/pages', f), 'utf8');
      expect(text, f).not.toMatch(/workflow-builder\.js|dagre/);
    }
  });
});
