#!/usr/bin/env node
// Writes test/compat-generated/openapi.ts, the types `openapi-typescript` generates from the OpenAPI document the
// Worker serves; the compatibility suite's openapi-fetch client uses them. Part of `npm run sdk:types`; `--check`
// only reports drift (exit 1).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OPENAPI_CLIENT_TYPES_PATH, openApiClientTypes } from './lib/openapi-client-types.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The document as worker/openapi/document.ts builds it, bundled for Node (dependencies stay in node_modules). */
async function buildDocument() {
  const outfile = join(root, 'node_modules/.cache/edgent/openapi-document-client.mjs');
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

const target = join(root, OPENAPI_CLIENT_TYPES_PATH);
const next = await openApiClientTypes(await buildDocument());
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {}

if (process.argv.includes('--check')) {
  if (current !== next) {
    console.error(`${OPENAPI_CLIENT_TYPES_PATH} is out of date with the OpenAPI document: run npm run sdk:types`);
    process.exit(1);
  }
  console.log(`${OPENAPI_CLIENT_TYPES_PATH} is up to date`);
} else if (current === next) {
  console.log(`${OPENAPI_CLIENT_TYPES_PATH} unchanged`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, next);
  console.log(`wrote ${OPENAPI_CLIENT_TYPES_PATH}`);
}
