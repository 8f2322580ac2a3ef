#!/usr/bin/env node
// Tenancy boundary check (ARCHITECTURE.md, Tenancy): only worker/db/ may import drizzle or touch the D1 binding.
// Also a layer rule: the runtime below the routes (Durable Objects, llm, the answer schemas) never imports route or
// OpenAPI-registry code. Exits 1 listing each offending line. `node scripts/check-boundaries.mjs [root]`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const SOURCE_DIRS = ['worker', 'durable-objects', 'containers', 'views'];
const ALLOWED = 'worker/db/';
const RULES = [
  { re: /from\s+['"]drizzle-orm(\/[^'"]*)?['"]|import\(\s*['"]drizzle-orm/, why: 'imports drizzle-orm' },
  { re: /\benv\s*\.\s*DB\b|\[\s*['"]DB['"]\s*\]|\{\s*[^}]*\bDB\b[^}]*\}\s*=\s*[\w.]*env\b/, why: 'touches the D1 binding' },
  { re: /\bD1Database\b/, why: 'handles a raw D1 database' },
  { re: /from\s+['"][./]*(worker\/)?db\/(client|schema)(\/[^'"]*)?['"]/, why: 'imports the unscoped db client or schema' },
];

// The Durable Objects, the model layer and the pure answer schemas stay below the HTTP layer.
const LOWER = ['durable-objects/', 'worker/llm/', 'worker/schemas/'];
const UPPER = /from\s+['"](?:\.\.\/)+(?:worker\/)?(?:routes|openapi)\/|import\(\s*['"](?:\.\.\/)+(?:worker\/)?(?:routes|openapi)\//;

function* files(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(m?[jt]sx?)$/.test(name)) yield p;
  }
}

const problems = [];
const layers = [];
for (const dir of SOURCE_DIRS) {
  for (const file of files(join(root, dir))) {
    const rel = relative(root, file).split('\\').join('/');
    const lower = LOWER.some((d) => rel.startsWith(d));
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!rel.startsWith(ALLOWED)) for (const rule of RULES) if (rule.re.test(line)) problems.push(`${rel}:${i + 1}: ${rule.why}: ${line.trim()}`);
        if (lower && UPPER.test(line)) layers.push(`${rel}:${i + 1}: imports route or OpenAPI code: ${line.trim()}`);
      });
  }
}

if (problems.length) console.error('Tenancy boundary violated (only worker/db/ may reach D1; use c.var.db):\n' + problems.join('\n'));
if (layers.length) console.error('Layer boundary violated (Durable Objects, llm and worker/schemas/ stay below routes and worker/openapi/):\n' + layers.join('\n'));
if (problems.length || layers.length) process.exit(1);
console.log('boundaries ok: only worker/db/ reaches D1; the runtime below the routes imports no route or OpenAPI code');
