// Builds the embeddable chat widget (views/widget/*.ts + widget.css, with views/lib/markdown.ts) into one minified
// file, views/static/widget.js, which the Worker serves as a static asset. Run by scripts/copy-assets.mjs (so by
// `npm start`, `npm test`, the e2e setup and `npm run assets` before deploy) or on its own. The output is
// gitignored: built from source every time, never stale. The size budget is checked by test/node/widget-size.test.ts.
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WIDGET_OUT = join(root, 'views/static/widget.js');

/**
 * Builds the widget: the bytes served and the source files bundled in. Writes views/static/widget.js when `write`
 * (only if it changed).
 */
export async function buildWidget({ write = true } = {}) {
  const css = await build({ entryPoints: [join(root, 'views/widget/widget.css')], bundle: true, minify: true, write: false, logLevel: 'silent' });
  const js = await build({
    entryPoints: [join(root, 'views/widget/index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
    legalComments: 'none',
    define: { WIDGET_CSS: JSON.stringify(css.outputFiles[0].text.trim()) },
    banner: { js: '/* Edgent chat widget */' },
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const bytes = js.outputFiles[0].contents;
  if (write && !(existsSync(WIDGET_OUT) && readFileSync(WIDGET_OUT).equals(bytes))) {
    writeFileSync(WIDGET_OUT, bytes);
    console.log(`build-widget: ${relative(root, WIDGET_OUT)} (${bytes.length} bytes)`);
  }
  return { bytes, inputs: Object.keys(js.metafile.inputs) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWidget().catch((e) => {
    console.error(`build-widget: ${e.message}`);
    process.exit(1);
  });
}
