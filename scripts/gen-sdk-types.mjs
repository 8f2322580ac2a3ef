#!/usr/bin/env node
// Writes the types generated from the OpenAPI document the Worker serves (built from the zod schemas in
// worker/schemas/): sdk/src/generated/api.ts, the SDK's types, and test/compat-generated/openapi.ts, what
// `openapi-typescript` makes of it for the compatibility suite's openapi-fetch client. `npm run sdk:types` after
// changing a schema; `--check` only reports drift (exit 1).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OPENAPI_CLIENT_TYPES_PATH, openApiClientTypes } from './lib/openapi-client-types.mjs';
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

const doc = await buildDocument();
const outputs = [
  [SDK_TYPES_PATH, openApiToTs(doc, { banner: SDK_TYPES_BANNER })],
  [OPENAPI_CLIENT_TYPES_PATH, await openApiClientTypes(doc)],
];
const check = process.argv.includes('--check');
for (const [path, next] of outputs) {
  const target = join(root, path);
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (check) {
    if (current !== next) {
      console.error(`${path} is out of date with the OpenAPI document: run npm run sdk:types`);
      process.exitCode = 1;
    } else console.log(`${path} is up to date`);
  } else if (current === next) {
    console.log(`${path} unchanged`);
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, next);
    console.log(`wrote ${path}`);
  }
}
