#!/usr/bin/env node
// Writes sdk/src/generated/api.ts, the SDK's types, from the OpenAPI document the Worker serves (built from the zod
// schemas in worker/schemas/). `npm run sdk:types` after changing a schema; `--check` only reports drift (exit 1).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SDK_TYPES_BANNER, SDK_TYPES_PATH } from './lib/sdk-types.mjs';
import { openApiToTs } from './lib/openapi-to-ts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The document as worker/openapi/document.ts builds it, bundled for Node (dependencies stay in node_modules). */
async function buildDocument() {
  const outfile = join(root, 'node_modules/.cache/edgent/openapi-document.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(root, 'worker/openapi/document.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'error',
  });
  const mod = await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
  return mod.buildDocument();
}

const target = join(root, SDK_TYPES_PATH);
const next = openApiToTs(await buildDocument(), { banner: SDK_TYPES_BANNER });
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {}

if (process.argv.includes('--check')) {
  if (current !== next) {
    console.error(`${SDK_TYPES_PATH} is out of date with the OpenAPI document: run npm run sdk:types`);
    process.exit(1);
  }
  console.log(`${SDK_TYPES_PATH} is up to date`);
} else if (current === next) {
  console.log(`${SDK_TYPES_PATH} unchanged`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, next);
  console.log(`wrote ${SDK_TYPES_PATH}`);
}
