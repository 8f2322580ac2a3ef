// Copies the vendored browser scripts (htmx, its SSE extension, dagre for the workflow canvas) from node_modules into
// views/static/assets/vendor/, builds the chat widget (build-widget.mjs), then bundles views/static/ into the module
// the Worker serves them from (build-static.mjs).
// Run by `npm start`, `npm test` and deploy; idempotent: a file is rewritten only when its content changed.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStaticModule } from './build-static.mjs';
import { buildWidget } from './build-widget.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vendorDir = join(root, 'views/static/assets/vendor');
const files = ['node_modules/htmx.org/dist/htmx.min.js', 'node_modules/htmx.org/dist/ext/hx-sse.min.js', 'node_modules/@dagrejs/dagre/dist/dagre.min.js'];

mkdirSync(vendorDir, { recursive: true });
for (const file of files) {
  const from = join(root, file);
  const to = join(vendorDir, file.split('/').pop());
  if (!existsSync(from)) {
    console.error(`copy-assets: ${file} is missing; run npm install`);
    process.exit(1);
  }
  const content = readFileSync(from);
  if (existsSync(to) && readFileSync(to).equals(content)) continue;
  writeFileSync(to, content);
  console.log(`copy-assets: ${relative(root, to)}`);
}

try {
  await buildWidget();
} catch (e) {
  console.error(`copy-assets: the widget did not build: ${e.message}`);
  process.exit(1);
}

try {
  buildStaticModule();
} catch (e) {
  console.error(`copy-assets: the static files were not bundled: ${e.message}`);
  process.exit(1);
}
